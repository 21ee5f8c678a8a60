"""Search reads inside the files pages link: an uploaded PDF report is found by what it says.

How a file is read into text, alone, is tested in tests/portal/search/test_document_text.py."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from knowledge.factories import ForumReportPageFactory
from portal.pdf import Block, Section, write_pdf
from portal.search.document_text import extract_document_text
from portal.search.models import DocumentText

pytestmark = pytest.mark.django_db


def _report_pdf(sentence: str) -> bytes:
    return write_pdf(
        title="Forum report",
        language="en",
        sections=[
            Section("Forum report", [Block("Cover page")], size=20),
            Section("Outcomes", [Block(sentence)], new_page=True),
        ],
    )


def _document(title: str, filename: str, content: bytes):
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def _report_page(forum_index, document, **fields):
    return ForumReportPageFactory(
        parent=forum_index,
        title="Regional workshop 2022",
        summary="Cities met in Bangkok.",
        report_documents=[("document", {"document": document, "title": "Report (PDF)"})],
        **fields,
    )


def test_an_uploaded_pdf_makes_its_report_findable_by_its_contents(client: Client, forum_index):
    # Saving the document queues the reading on the worker (immediate here); the page that links
    # it is indexed again with the file's words.
    document = _document(
        "Workshop report", "workshop.pdf", _report_pdf("Governments nominated women officials.")
    )
    _report_page(forum_index, document)
    assert "women officials" in DocumentText.objects.get(document=document).text

    answer = client.get("/api/v1/knowledge", {"q": "nominated women officials", "lang": "en"}).json()
    [hit] = answer["results"]
    assert hit["title"] == "Regional workshop 2022"
    assert "women officials</mark>" in hit["snippet"]

    html = client.get("/en/search/", {"q": "nominated women officials"}).content.decode()
    assert "Regional workshop 2022" in html


def test_a_replaced_file_is_read_again_and_the_page_reindexed(client: Client, forum_index):
    document = _document("Workshop report", "workshop.pdf", _report_pdf("Brick kilns were discussed."))
    _report_page(forum_index, document)
    assert client.get("/api/v1/knowledge", {"q": "brick kilns"}).json()["results"]

    document.file.save("workshop-v2.pdf", ContentFile(_report_pdf("Port emissions were discussed.")))

    assert not client.get("/api/v1/knowledge", {"q": "brick kilns"}).json()["results"]
    assert client.get("/api/v1/knowledge", {"q": "port emissions"}).json()["results"]


def test_a_damaged_pdf_keeps_its_page_and_says_why_it_has_no_text(client: Client, forum_index):
    document = _document("Broken report", "broken.pdf", b"%PDF-1.4 this is not really a PDF")
    page = _report_page(forum_index, document)

    stored = DocumentText.objects.get(document=document)
    assert stored.text == ""
    assert stored.error
    assert client.get(page.url).status_code == 200
    assert client.get("/api/v1/knowledge", {"q": "regional workshop"}).json()["results"]


def test_an_unchanged_file_is_not_read_twice(forum_index):
    document = _document("Workshop report", "workshop.pdf", _report_pdf("Same words."))
    first = DocumentText.objects.get(document=document)

    again = extract_document_text(document=document)

    assert again.pk == first.pk and again.extracted_at == first.extracted_at
