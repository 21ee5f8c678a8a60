"""The report's building blocks (sections of headings, paragraphs and list items), their rhythm on
the page (`lay_out`, which both writers follow) and the fallback writer: Helvetica in
WinAnsiEncoding, laid out by hand from the font's advance widths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
BODY_SIZE = 10.5
LEADING = 1.45

# Advance widths of Helvetica (from its AFM, in 1/1000 em) for printable ASCII; other characters
# are taken as wide as a digit, which errs on the side of shorter lines.
_HELVETICA_WIDTHS = """
278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556
556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778
667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556
556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584
"""
_WIDTHS = {
    chr(code): int(width) for code, width in zip(range(32, 127), _HELVETICA_WIDTHS.split(), strict=True)
}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size``; bold Helvetica runs about 6 % wider."""
    width = sum(_WIDTHS.get(character, 556) for character in text) * size / 1000
    return width * 1.06 if bold else width


@dataclass(frozen=True)
class Block:
    """One piece of a section: a paragraph, a list item (``bullet``) or a label and its value."""

    text: str
    bullet: bool = False
    label: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: Sequence[Block] = field(default_factory=tuple)
    # Start this section on a new page (the cover ends where the report begins).
    new_page: bool = False
    size: float = 0  # heading size; 0 is the default


class ReportCanvas(Protocol):
    """What :func:`lay_out` asks of a writer: both writers set the same report the same way, and
    differ only in how a line of text reaches the page."""

    def new_page(self) -> None: ...

    def space(self, points: float) -> None: ...

    def keep(self, points: float) -> None: ...

    def heading(self, text: str, *, size: float) -> None: ...

    def block(self, text: str, *, bullet: bool) -> None: ...


def _wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold=bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _literal(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return b"(" + encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class _Pages:
    """Lays lines out top to bottom and starts a new page when one is full."""

    def __init__(self) -> None:
        self.pages: list[list[bytes]] = []
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_HEIGHT - MARGIN

    def space(self, points: float) -> None:
        self.y -= points

    def line(self, text: str, *, size: float, bold: bool = False, x: float = MARGIN) -> None:
        height = size * LEADING
        if self.y - height < MARGIN + 24:  # keep clear of the footer
            self.new_page()
        self.y -= height
        font = b"/F2" if bold else b"/F1"
        self.pages[-1].append(
            b"BT %s %.1f Tf %.1f %.1f Td %s Tj ET" % (font, size, x, self.y, _literal(text))
        )

    def keep(self, points: float) -> None:
        """Start a new page unless ``points`` of height still fit (a heading with its first lines)."""
        if self.y - points < MARGIN + 24:
            self.new_page()

    def heading(self, text: str, *, size: float) -> None:
        for line in _wrap(text, size, PAGE_WIDTH - 2 * MARGIN, bold=True):
            self.line(line, size=size, bold=True)

    def block(self, text: str, *, bullet: bool) -> None:
        indent = 14.0 if bullet else 0.0
        for number, line in enumerate(_wrap(text, BODY_SIZE, PAGE_WIDTH - 2 * MARGIN - indent)):
            if bullet and number == 0:
                self.line("\u2022", size=BODY_SIZE, x=MARGIN + 3)
                self.y += BODY_SIZE * LEADING  # the bullet shares the line with the text
            self.line(line, size=BODY_SIZE, x=MARGIN + indent)


def lay_out(sections: Iterable[Section], canvas: ReportCanvas) -> None:
    """The report's rhythm, the same whichever writer sets the text: a section starts on a new page
    when it asks to, else after a blank line; a heading is kept with room for its first lines; a
    list item or a labelled value sits closer to the next block than a paragraph does."""
    first = True
    for section in sections:
        if section.new_page and not first:
            canvas.new_page()
        elif not first:
            canvas.space(BODY_SIZE)
        first = False
        size = section.size or 14
        canvas.keep(size * LEADING * 2 + BODY_SIZE * LEADING * 3)
        canvas.heading(section.heading, size=size)
        canvas.space(BODY_SIZE * 0.4)
        for block in section.blocks:
            canvas.block(f"{block.label}: {block.text}" if block.label else block.text, bullet=block.bullet)
            canvas.space(BODY_SIZE * (0.15 if block.bullet or block.label else 0.5))


def _layout(sections: Iterable[Section], *, title: str, footer: str) -> list[list[bytes]]:
    pages = _Pages()
    lay_out(sections, pages)
    count = len(pages.pages)
    for number, content in enumerate(pages.pages, start=1):
        marker = f"{footer} \u2013 {title}"[:95] + f"   {number} / {count}"
        content.append(b"BT /F1 8 Tf %d %d Td %s Tj ET" % (MARGIN, MARGIN - 20, _literal(marker)))
    return pages.pages


def _write_base_fonts(*, title: str, language: str, sections: Sequence[Section], footer: str) -> bytes:
    page_contents = _layout(sections, title=title, footer=footer or title)
    font_regular, font_bold, pages_object = 3, 4, 2
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang %s >>" % _literal(language),
        b"",  # the page tree, written once the page objects are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for content in page_contents:
        stream = b"\n".join(content)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
            % (pages_object, PAGE_WIDTH, PAGE_HEIGHT, len(objects), font_regular, font_bold)
        )
        kids.append(len(objects))
    objects[pages_object - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    objects.append(b"<< /Title %s /Producer (Clean Air Knowledge Exchange) >>" % _literal(title))
    info = len(objects)
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(output)


# Languages the base fonts set (WinAnsi covers their letters); the others need the embedded fonts.
_WIN_ANSI_LANGUAGES = frozenset({"en", "id"})
# A fixed creation date, so the same report is the same bytes on every load (the demo compares
# file hashes to keep a document rather than write it again).
_CREATED = datetime(2026, 1, 1, tzinfo=UTC)
