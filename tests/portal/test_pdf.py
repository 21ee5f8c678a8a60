"""The PDF writer the demo reports use: real, multi-page text that a PDF reader gets back."""

import io

from pypdf import PdfReader

from portal.pdf import Block, Section, write_pdf


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
