"""The usual writer: fpdf2 with the embedded fonts, every line shaped by HarfBuzz (Thai lines broken
between words), and :func:`write_pdf`, which falls back to the base fonts when it must.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from portal.pdf.base_fonts import (
    _CREATED,
    BODY_SIZE,
    LEADING,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Section,
    _write_base_fonts,
    lay_out,
)
from portal.pdf.fonts import _THAI, Fonts, embedded_fonts


def _words(text: str) -> list[str]:
    """``text`` as the pieces a line may break between: words with their trailing space, and
    Thai (written without spaces between words) cut into words by PyThaiNLP."""
    pieces: list[str] = []
    for word in text.split():
        if _THAI.search(word):
            from pythainlp.tokenize import word_tokenize  # loads its dictionary on first use

            parts = [part for part in word_tokenize(word, engine="newmm") if part.strip()]
            pieces += parts[:-1]
            pieces.append(parts[-1] + " ")
        else:
            pieces.append(word + " ")
    return pieces


class _Writer:
    """Lays sections out with fpdf2: the same page geometry and rhythm as the base-font writer."""

    def __init__(self, fonts: Fonts, *, title: str, language: str, footer: str, thai: bool = True) -> None:
        from fpdf import FPDF

        writer = self

        class _Document(FPDF):
            def footer(self) -> None:  # fpdf2 calls this on every page it closes
                writer._footer()

        self.pdf = _Document(unit="pt", format="A4")
        self.title, self.footer_text = title, footer
        pdf = self.pdf
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN + 24)
        pdf.set_creation_date(_CREATED)
        pdf.set_title(title)
        pdf.set_lang(language)
        pdf.set_producer(PRODUCER)
        pdf.set_creator(PRODUCER)
        pdf.alias_nb_pages("{pages}")
        # Loading a font costs a quarter of a second: Noto Sans Thai only for reports with Thai.
        for family, (regular, bold) in (("Body", fonts.latin), *((("Thai", fonts.thai),) if thai else ())):
            pdf.add_font(family, "", fname=str(regular))
            pdf.add_font(family, "B", fname=str(bold))
        if thai:
            pdf.set_fallback_fonts(["Thai"])
        from fpdf.fonts import TTFFont

        for key, font in pdf.fonts.items():
            if type(font) is TTFFont:
                font.__class__ = _shaping_font_class(TTFFont, precomposed=key.startswith("body"))
        self._widths: dict[tuple[bool, str], float] = {}
        # HarfBuzz positions Thai marks and Vietnamese stacked diacritics (GPOS), which the fonts
        # need to look right; without it marks collide.
        pdf.set_text_shaping(True)
        pdf.add_page()

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_y(PAGE_HEIGHT - MARGIN + 12)
        pdf.set_font("Body", "", 8)
        marker = unicodedata.normalize("NFC", f"{self.footer_text} \u2013 {self.title}")[:95]
        pdf.cell(text=f"{marker}   {pdf.page_no()} / {{pages}}")

    def keep(self, points: float) -> None:
        if self.pdf.get_y() + points > PAGE_HEIGHT - MARGIN - 24:
            self.pdf.add_page()

    def lines(
        self, text: str, *, size: float, bold: bool = False, indent: float = 0.0, bullet: bool = False
    ) -> None:
        pdf = self.pdf
        # One code point per letter wherever Unicode has one (see _shaping_font_class).
        text = unicodedata.normalize("NFC", text)
        pdf.set_font("Body", "B" if bold else "", size)
        width = PAGE_WIDTH - 2 * MARGIN - indent
        height = size * LEADING
        line, line_width = "", 0.0
        first = True
        for piece in _words(text):
            piece_width = self._width(piece, bold=bold) * size
            # Measured a word at a time (shaping a whole line for every word is slow); the space a
            # line ends with does not count.
            trailing = self._width(" ", bold=bold) * size if piece.endswith(" ") else 0.0
            if line and line_width + piece_width - trailing > width:
                self._line(line.rstrip(), height=height, indent=indent, bullet=bullet and first)
                first = False
                line, line_width = piece, piece_width
            else:
                line, line_width = line + piece, line_width + piece_width
        if line.strip():
            self._line(line.rstrip(), height=height, indent=indent, bullet=bullet and first)

    def _width(self, piece: str, *, bold: bool) -> float:
        """The width of ``piece`` at size 1 in the regular or bold face (kept: words repeat)."""
        key = (bold, piece)
        if key not in self._widths:
            pdf = self.pdf
            size = pdf.font_size_pt
            pdf.set_font_size(100)
            self._widths[key] = pdf.get_string_width(piece) / 100
            pdf.set_font_size(size)
        return self._widths[key]

    def _line(self, text: str, *, height: float, indent: float, bullet: bool) -> None:
        pdf = self.pdf
        if pdf.get_y() + height > PAGE_HEIGHT - MARGIN - 24:
            pdf.add_page()
        if bullet:
            # Drawn, not set: a bullet after Thai text would otherwise be looked up in the Thai
            # font (fpdf2 keeps the fallback font selected), which has none.
            radius = BODY_SIZE * 0.16
            pdf.circle(x=MARGIN + 5, y=pdf.get_y() + height / 2, radius=radius, style="F")
        pdf.set_x(MARGIN + indent)
        # fpdf2 (2.8.9) selects the body font inside a line that starts in the Thai fallback font
        # and wraps that line in q/Q, which forgets the selection when the line ends, yet it
        # remembers the font as set: the next line in the body font alone (a Buddhist-era year
        # after a wrapped Thai title) was drawn with no font selected, and readers took its glyph
        # codes for text ("\x00\x01\x00\x02"). Asking for the font again on every line keeps
        # each line's font in the page itself.
        pdf.current_font_is_set_on_page = False
        pdf.cell(h=height, text=text, new_x="LMARGIN", new_y="NEXT")

    def new_page(self) -> None:
        self.pdf.add_page()

    def space(self, points: float) -> None:
        self.pdf.ln(points)

    def heading(self, text: str, *, size: float) -> None:
        self.lines(text, size=size, bold=True)

    def block(self, text: str, *, bullet: bool) -> None:
        self.lines(text, size=BODY_SIZE, indent=14.0 if bullet else 0.0, bullet=bullet)

    def write(self, sections: Iterable[Section]) -> bytes:
        lay_out(sections, self)
        return bytes(self.pdf.output(output_producer_class=_output_producer()))


@dataclass(frozen=True)
class _ClusterGlyph:
    """A HarfBuzz glyph as fpdf2 reads it: its glyph id and the text index it carries."""

    codepoint: int
    cluster: int


def _spread_clusters(text: str, infos: Sequence, positions: Sequence) -> Sequence:
    """HarfBuzz's glyphs for ``text`` with their clusters rewritten so that fpdf2 gives a
    cluster's text to the glyphs that take up room.

    fpdf2 gives all the text of a cluster to its first glyph. When HarfBuzz draws a character
    with several glyphs (Thai sara am: nikhahit over the consonant, then sara aa beside it), the
    text then sits on a glyph that ends before the last one, and a reader that finds words by the
    gaps between glyphs (poppler's pdftotext) sees a word break after "ทำ" inside "ทำงาน". Here
    each spacing glyph of the cluster carries one character and the last carries the rest; marks
    (no advance) carry none, which :func:`_output_producer` writes as empty text. fpdf2 maps text
    to glyphs by the clusters HarfBuzz reports, so the clusters are what is rewritten.
    """
    clusters = [info.cluster for info in infos]
    if any(later < earlier for earlier, later in itertools.pairwise(clusters)):
        return infos  # right to left: not a script the portal writes
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    spread: list[_ClusterGlyph] = []
    index = 0
    while index < len(infos):
        cluster = clusters[index]
        last = index
        while last + 1 < len(infos) and clusters[last + 1] == cluster:
            last += 1
        members = range(index, last + 1)
        spacing = [member for member in members if positions[member].x_advance > 0]
        carriers = spacing[: max(1, ends[cluster] - cluster)]
        for member in members:
            if len(members) == 1 or not spacing:
                at = cluster  # one glyph, or marks alone: the first glyph carries the text
            elif member in carriers:
                at = cluster + carriers.index(member)
            else:
                at = -1  # a cluster no character belongs to: the glyph carries no text
            spread.append(_ClusterGlyph(infos[member].codepoint, at))
        index = last + 1
    return spread


@functools.cache
def _shaping_font_class(base: type, *, precomposed: bool) -> type:
    """``base`` (fpdf2's TTFFont) shaping through :func:`_spread_clusters`; with ``precomposed``
    (Noto Sans, for Latin and Vietnamese) without the font's ccmp feature.

    Noto Sans's ccmp splits the Vietnamese letters with a dot below (ạ, ị, ọ, ụ, ẹ, ợ...) into the
    base letter and a combining dot placed by GPOS, although the font draws each of them whole.
    A dot placed after a narrow letter (ị) moves the pen forward and back, and pypdf reads that
    move as a space ("chị u"). The text is NFC (see :meth:`_Writer.lines`), so every Vietnamese
    letter has its own glyph, which is what a reader without shaping draws too. Noto Sans Thai
    keeps ccmp: Thai fonts use it to reshape letters around their marks.
    """

    class _ShapingFont(base):  # type: ignore[misc, valid-type]
        __slots__ = ()  # the same layout, so a loaded font can take this class

        def perform_harfbuzz_shaping(self, text: str, font_size_pt: float, text_shaping_params):
            if precomposed:
                params = dict(text_shaping_params or {})
                params["features"] = {**(params.get("features") or {}), "ccmp": False}
                text_shaping_params = params
            infos, positions = super().perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
            return _spread_clusters(text, infos, positions), positions

    return _ShapingFont


class _NoText(int):
    """A Unicode value written as nothing in a ToUnicode CMap (``<code> <>``: the glyph adds no
    text); see :func:`_output_producer`."""

    def __format__(self, spec: str) -> str:
        return ""


@functools.cache
def _output_producer() -> type:
    """fpdf2's PDF writer, with every glyph that carries no text of its own mapped to nothing.

    HarfBuzz may draw one character with several glyphs: it decomposes a Vietnamese letter with a
    dot below (ụ, ọ, ậ) into the base letter and a combining dot, and Thai sara am (ำ) into nikhahit
    and sara aa. fpdf2 gives the character to the first glyph of the cluster and leaves the others
    out of the font's ToUnicode CMap; a reader then has no text for them and makes one up: pypdf
    reads the glyph's code itself (a control character such as \\x0c after "cụ", \\x03 after
    "ทำ"), which a reader copying text or a screen reader gets. Mapping those glyphs to the empty
    string (allowed by the CMap syntax, read as such by pypdf, poppler and pdf.js) makes the text
    layer exactly the text that was set.
    """
    from fpdf.fonts import TTFFont
    from fpdf.output import OutputProducer

    class _Producer(OutputProducer):
        def bufferize(self) -> bytearray:
            for font in self.fpdf.fonts.values():
                if isinstance(font, TTFFont):
                    for glyph, _code in font.subset.items():
                        if glyph is not None and glyph.unicode == ():
                            glyph.unicode = (_NoText(0),)
            return super().bufferize()

    return _Producer


PRODUCER = "Clean Air Knowledge Exchange"


def write_pdf(*, title: str, language: str, sections: Sequence[Section], footer: str = "") -> bytes:
    """A PDF of ``sections``, titled ``title`` in ``language`` (BCP 47, e.g. "en").

    Set in the embedded Noto fonts when they are installed, else in the base fonts (see
    :func:`can_set`: those replace what WinAnsi lacks).
    """
    fonts = embedded_fonts()
    if fonts is None:
        return _write_base_fonts(title=title, language=language, sections=sections, footer=footer or title)
    thai = any(
        _THAI.search(text)
        for section in sections
        for text in (section.heading, *(f"{block.label} {block.text}" for block in section.blocks))
    ) or bool(_THAI.search(f"{title} {footer}"))
    return _Writer(fonts, title=title, language=language, footer=footer or title, thai=thai).write(sections)
