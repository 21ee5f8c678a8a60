"""The PDF writer the demo reports use: real, multi-page text that a PDF reader gets back."""

import io
import logging
import shutil
import subprocess
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from portal import pdf
from portal.pdf import Block, Section, can_set, embedded_fonts, write_pdf


def test_a_long_report_runs_over_pages_and_reads_back():
    paragraph = "Cities exchanged their PM2.5 figures (µg/m³) and their action plans. " * 12
    sections = [Section("Seoul forum 2017", [Block("1-2 June 2017", label="Dates")], size=20)]
    sections += [Section(f"Session {n}", [Block(paragraph), Block("A point", bullet=True)]) for n in range(8)]

    reader = PdfReader(io.BytesIO(write_pdf(title="Seoul forum 2017", language="en", sections=sections)))

    assert len(reader.pages) >= 3
    assert reader.metadata.title == "Seoul forum 2017"
    first = reader.pages[0].extract_text()
    assert "Dates: 1-2 June 2017" in first
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "PM2.5 figures (µg/m³)" in text
    assert f"{len(reader.pages)} / {len(reader.pages)}" in reader.pages[-1].extract_text()


def test_a_section_can_start_a_new_page_and_lines_stay_inside_the_margins():
    sections = [
        Section("Cover", [Block("word " * 400)]),
        Section("Summary", [Block("Starts on its own page.")], new_page=True),
    ]
    reader = PdfReader(io.BytesIO(write_pdf(title="T", language="id", sections=sections)))

    assert "Starts on its own page." in reader.pages[-1].extract_text()
    assert "Starts on its own page." not in reader.pages[0].extract_text()
    for page in reader.pages:
        for line in page.extract_text().splitlines():
            assert len(line) < 110


THAI = "การประชุมนี้ปิดโครงการเสริมสร้างความร่วมมือระดับภูมิภาคเพื่อแก้ปัญหามลพิษทางอากาศในเอเชียและแปซิฟิก"
VIETNAMESE = "Hội thảo khép lại dự án tăng cường hợp tác khu vực nhằm giải quyết ô nhiễm không khí"


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_thai_and_vietnamese_reports_embed_their_fonts_and_read_back_word_for_word():
    for language, text in (("th", THAI), ("vi", VIETNAMESE)):
        assert can_set(language)
        data = write_pdf(
            title=text[:30],
            language=language,
            sections=[Section(text[:40], [Block(text * 3), Block(text, bullet=True)])],
        )
        reader = PdfReader(io.BytesIO(data))
        fonts = {str(font) for font in _font_names(reader)}
        assert any("NotoSans" in name for name in fonts), language
        # Thai has no spaces between words: lines break between words, so a search for any
        # word of the report finds it, and no replacement marks stand in for letters.
        assert text in _text(data).replace(" ", "") or text in _text(data), language
        assert "?" not in _text(data)
        assert reader.trailer["/Root"]["/Lang"] == language


def _font_names(reader: PdfReader) -> list[str]:
    names = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.append(font.get_object()["/BaseFont"])
    return names


def test_the_same_report_is_the_same_file_every_time():
    # The demo keeps a document whose bytes did not change instead of writing it again.
    sections = [Section("Sessions", [Block(THAI), Block(VIETNAMESE)])]
    assert write_pdf(title="T", language="th", sections=sections) == write_pdf(
        title="T", language="th", sections=sections
    )


def test_without_the_fonts_reports_fall_back_to_the_base_fonts_and_say_so(monkeypatch, caplog):
    embedded_fonts.cache_clear()
    monkeypatch.setattr(
        pdf.fonts, "_font_paths", lambda: (Path("/nonexistent/NotoSans.ttf"), Path("/nonexistent/Thai.ttf"))
    )
    try:
        with caplog.at_level(logging.WARNING, logger="portal.pdf"):
            assert not can_set("th") and not can_set("vi")
            assert can_set("en") and can_set("id")
            data = write_pdf(
                title="Laporan", language="id", sections=[Section("Ringkasan", [Block("Kota-kota")])]
            )
        assert "base fonts" in caplog.text
        assert "Kota-kota" in _text(data)
        assert "Helvetica" in str(_font_names(PdfReader(io.BytesIO(data))))
    finally:
        embedded_fonts.cache_clear()


# Letters HarfBuzz draws with more than one glyph: a Vietnamese dot below (ụ, ọ, ậ, ị) is set as
# the base letter and a combining dot, Thai sara am (ำ) as nikhahit and sara aa (after a tone mark
# too: น้ำ).
SHAPED = {
    "vi": "Kế hoạch cụ thể giúp họ học tập, cập nhật dữ liệu và chịu trách nhiệm.",
    "th": "ทำงานร่วมกันเพื่อน้ำสะอาดและอากาศสำหรับเมืองที่ดีขึ้น",
}


def _control_characters(text: str) -> set[str]:
    return {hex(ord(c)) for c in text if unicodedata.category(c) == "Cc" and c not in "\n\f"}


def test_a_copied_line_is_the_text_that_was_written_even_where_a_letter_takes_several_glyphs():
    for language, sentence in SHAPED.items():
        data = write_pdf(title="Report", language=language, sections=[Section("Report", [Block(sentence)])])
        # pypdf (what the search reads) and poppler (what most desktop readers copy) alike: no
        # control character where a glyph carries no letter of its own, no break inside a word.
        readings = {"pypdf": PdfReader(io.BytesIO(data)).pages[0].extract_text()}
        if shutil.which("pdftotext"):
            readings["poppler"] = subprocess.run(
                ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
            ).stdout.decode()
        for reader, text in readings.items():
            assert not _control_characters(text), (language, reader, text)
            lines = [unicodedata.normalize("NFC", line.strip()) for line in text.splitlines()]
            if reader == "poppler" and language == "th":
                # Poppler's own layout analysis puts a vowel raised above a tone mark (the ึ of
                # ขึ้น) on a line of its own: its line finding, not the text layer, which pypdf
                # reads whole (measured 2026-12-06 with poppler 22.12).
                continue
            assert sentence in lines, (language, reader, lines)


def test_a_thai_title_whose_year_wraps_onto_a_line_of_its_own_reads_back_as_the_year():
    # The Buddhist-era year is set in the Latin bold face; wrapped under a long Thai title it
    # filled a line of its own, which came back as glyph codes instead of digits.
    title = "การศึกษาดูงานด้านการจัดการคุณภาพอากาศที่ญี่ปุ่น 2560"
    data = write_pdf(title=title, language="th", sections=[Section(title, [Block("ข้อความ")], size=20)])
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    assert lines[:3] == ["การศึกษาดูงานด้านการจัดการคุณภาพอากาศที่ญี่ปุ่น", "2560", "ข้อความ"]
    assert not _control_characters(text)
