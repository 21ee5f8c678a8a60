"""Reading an attached file into search text (portal/search/document_text.read_text), without a page:
office files through their XML, our own shaped PDFs back as whole words. That a page is then found
by its file is search behaviour (tests/search_behaviour/test_document_text.py)."""

import io
import zipfile

import pytest

from portal.pdf import Block, Section, write_pdf
from portal.search.document_text import read_text


def test_office_files_are_read_through_their_xml():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as docx:
        docx.writestr(
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>Low-emission zone</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>in Jakarta &amp; Bandung</w:t></w:r></w:p></w:body></w:document>",
        )

    text, _pages = read_text(data=archive.getvalue(), extension="docx")

    assert text == "Low-emission zone in Jakarta & Bandung"


# The shaped glyphs of our own reports come back from pypdf with stray control characters
# (after "cụ") and tabs (after the Thai sara am): the search text must not split the words.
@pytest.mark.parametrize(
    ("language", "title", "heading", "sentence"),
    [
        ("vi", "Báo cáo", "Kết quả", "Kế hoạch cụ thể cho họ."),
        ("th", "รายงาน", "ผลลัพธ์", "แผนสำหรับเมือง"),
    ],
)
def test_vietnamese_and_thai_reports_are_read_back_whole_words(language, title, heading, sentence):
    data = write_pdf(
        title=title, language=language, sections=[Section(heading=heading, blocks=[Block(sentence)])]
    )
    text, _pages = read_text(data=data, extension="pdf")
    assert sentence in text
