"""Private documents behind nginx (issue 19, finding 10): nginx no longer serves
/media/documents/; the app's document view checks a private collection's restriction and hands
the file to nginx with X-Accel-Redirect, so a visitor never gets a members' document by its
address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client, RequestFactory
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.utils.sendfile import _get_sendfile

from experts.factories import UserFactory
from portal import accel

pytestmark = pytest.mark.django_db
NGINX_CONF = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()


@pytest.fixture(autouse=True)
def behind_nginx(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SENDFILE_BACKEND = "portal.accel"
    _get_sendfile.clear()  # Wagtail caches the backend it loaded
    yield
    _get_sendfile.clear()


def document(title: str, *, collection: Collection | None = None):
    parent = Collection.get_first_root_node()
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 members only", name=f"{title}.pdf"),
        collection=collection or parent,
    )


def members_collection() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Members")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_a_public_document_is_sent_by_nginx_after_the_app_answers(site):
    doc = document("public-report")

    response = Client().get(doc.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{doc.file.name}"
    assert response.content == b""  # the bytes come from nginx
    assert 'filename="public-report.pdf"' in response["Content-Disposition"]


def test_a_visitor_is_sent_to_sign_in_for_a_members_document_and_never_gets_the_file(site):
    doc = document("members-report", collection=members_collection())

    response = Client().get(doc.url)

    assert response.status_code == 302
    assert "X-Accel-Redirect" not in response


def test_a_signed_in_member_gets_the_members_document(site):
    doc = document("members-report", collection=members_collection())
    client = Client()
    client.force_login(UserFactory(email="member@example.org"))

    response = client.get(doc.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{doc.file.name}"


def test_nothing_outside_the_media_directory_is_handed_to_nginx(tmp_path):
    outside = tmp_path / "secrets.txt"
    outside.write_text("no")

    with pytest.raises(Http404):
        accel.sendfile(RequestFactory().get("/"), str(outside))


def test_nginx_refuses_document_files_and_keeps_the_protected_location_internal():
    media = re.search(r"location /media/ \{.*?\n    \}\n", NGINX_CONF, re.DOTALL).group(0)
    assert re.search(r"location /media/documents/ \{[^}]*deny all;", media)
    protected = re.search(r"location /protected-media/ \{(.*?)\}", NGINX_CONF, re.DOTALL).group(1)
    assert "internal;" in protected
    assert "alias /srv/data/media/;" in protected
