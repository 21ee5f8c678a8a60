"""Uploads that lie, through the forms people use (tests/experts/test_images.py covers the image
checks themselves): the photo field and the editors' document library."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents import get_document_model

from experts import images
from tests.experts.moderation import draft_of, review_task
from tests.security.conftest import logged_in

pytestmark = pytest.mark.django_db


def encoded(size=(300, 300), fmt="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, format=fmt)
    return buffer.getvalue()


def submit_photo(expert, name: str, content: bytes, content_type: str = "image/jpeg"):
    return logged_in(expert.user).post(
        "/en/accounts/profile/",
        {
            "position_en": "Engineer",
            "city": "hanoi",
            "languages": "en",
            "photo": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def one_colour_bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/png"),
        ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("photo.jpg", encoded()[:200], "image/jpeg"),  # truncated
        ("photo.gif", encoded(fmt="GIF"), "image/gif"),
        ("photo.png", one_colour_bomb(), "image/png"),
        ("photo.jpg", b"", "image/jpeg"),
    ],
)
def test_a_photo_that_is_not_what_it_claims_is_a_form_error(own_expert, name, content, content_type):
    response = submit_photo(own_expert, name, content, content_type)

    assert response.status_code == 400
    assert 'id="id_photo_error"' in response.content.decode()
    assert review_task(own_expert) is None


def test_an_oversized_photo_is_a_form_error(own_expert, monkeypatch):
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 10_000)

    response = submit_photo(own_expert, "big.jpg", encoded() + b"\0" * 20_000)

    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert review_task(own_expert) is None


def test_a_polyglot_photo_is_stored_re_encoded_without_its_payload(own_expert):
    payload = b"<?php system($_GET['c']); ?><script>alert(1)</script>"

    response = submit_photo(own_expert, "photo.php.jpg", encoded() + payload)

    assert response.status_code == 302
    stored = draft_of(own_expert).photo
    assert stored.name.endswith(".jpg") and ".php" not in stored.name
    with stored.open("rb") as handle:
        data = handle.read()
    assert payload not in data and b"<?php" not in data and b"<script" not in data


@pytest.mark.parametrize("name", ["report.html", "report.svg", "report.js", "report.exe", "report.pdf.html"])
def test_editors_cannot_put_active_content_in_the_document_library(editor, name):
    response = logged_in(editor).post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile(name, b"<script>alert(1)</script>", content_type="text/html")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code in (200, 400)
    assert not get_document_model().objects.exists()


def test_the_document_library_still_takes_a_pdf(editor):
    response = logged_in(editor).post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code == 200
    assert get_document_model().objects.count() == 1
