"""Members-only expert photos (issue 19, finding 10): a photo is served only through the app's
check (/photos/experts/<name>), never by its /media/ address; a visitor gets the photos experts
show to everyone and nothing else, members also the members-only ones, a draft profile's photo
only its expert and editors. Behind nginx the bytes go out through X-Accel-Redirect."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from experts.accounts.models import AccountStatus
from experts.factories import AccountFactory, ExpertFactory, UserFactory, expert_user
from experts.models import Expert, ExpertStatus, default_public_fields
from experts.photos import PUBLIC_MAX_AGE_S

pytestmark = pytest.mark.django_db
NGINX_CONF = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(colour: str = "green") -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (12, 12), colour).save(data, "JPEG")
    return data.getvalue()


def with_photo(*, public: bool, status: str = ExpertStatus.PUBLISHED, name: str = "Lan") -> Expert:
    fields = default_public_fields() if public else [f for f in default_public_fields() if f != "photo"]
    expert = ExpertFactory(name=name, status=status, public_fields=fields)
    expert.photo.save("portrait.jpg", ContentFile(jpeg()), save=True)
    return expert


def member_client(**account) -> Client:
    client = Client()
    client.force_login(AccountFactory(**account).user)
    return client


def test_pages_link_the_checked_address_and_a_visitor_gets_a_public_photo_cacheable(site):
    expert = with_photo(public=True)
    url = expert.photo.url

    assert re.fullmatch(r"/photos/experts/[^/]+\.jpg", url)
    assert url.rsplit("/", 1)[1] == Path(expert.photo.name).name
    assert f'src="{url}"' in Client().get(f"/en/experts/{expert.slug}/").content.decode()
    response = Client().get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == expert.photo.open("rb").read()
    assert response["Content-Type"] == "image/jpeg"
    assert f"max-age={PUBLIC_MAX_AGE_S}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")  # the same answer for everyone


def test_a_visitor_never_gets_a_members_only_photo_and_a_member_does(site):
    expert = with_photo(public=False)
    url = expert.photo.url

    page = Client().get(f"/en/experts/{expert.slug}/").content.decode()
    assert url not in page
    assert Client().get(url).status_code == 404  # as if it did not exist
    member = member_client()
    assert url in member.get(f"/en/experts/{expert.slug}/").content.decode()
    response = member.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg()
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_an_applicant_not_yet_approved_is_a_visitor(site):
    expert = with_photo(public=False)

    assert member_client(status=AccountStatus.PENDING).get(expert.photo.url).status_code == 404


def test_a_draft_profiles_photo_is_for_its_expert_and_editors_only(site):
    expert = with_photo(public=True, status=ExpertStatus.DRAFT)
    url = expert.photo.url
    owner = Client()
    owner.force_login(expert_user(expert))
    editor = Client()
    editor_user = UserFactory(email="editor@example.org")
    editor_user.user_permissions.add(Permission.objects.get(codename="moderate_expert"))
    editor.force_login(editor_user)

    assert Client().get(url).status_code == 404
    assert member_client().get(url).status_code == 404  # members see published profiles only
    assert owner.get(url).status_code == 200
    assert editor.get(url).status_code == 200


def test_a_replaced_photo_is_gone_from_its_old_address(site):
    expert = with_photo(public=True)
    old_url = expert.photo.url

    expert.photo.save("portrait.jpg", ContentFile(jpeg("blue")), save=True)

    assert expert.photo.url != old_url
    assert Client().get(old_url).status_code == 404
    assert Client().get(expert.photo.url).status_code == 200


def test_behind_nginx_the_app_checks_and_nginx_sends_the_bytes(site, settings):
    settings.SENDFILE_BACKEND = "portal.accel"
    public, hidden = with_photo(public=True), with_photo(public=False, name="An")

    response = Client().get(public.photo.url)

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{public.photo.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"]
    assert Client().get(hidden.photo.url).status_code == 404
    sent = member_client().get(hidden.photo.url)
    assert sent["X-Accel-Redirect"] == f"/protected-media/{hidden.photo.name}"
    assert "private" in sent["Cache-Control"]


def test_nginx_refuses_expert_photos_by_address_and_lets_the_apps_cache_control_through():
    media = re.search(r"location /media/ \{.*?\n    \}\n", NGINX_CONF, re.DOTALL).group(0)
    assert re.search(r"location /media/experts/ \{[^}]*internal;", media)
    protected = re.search(r"location /protected-media/ \{.*?\n    \}\n", NGINX_CONF, re.DOTALL).group(0)
    photos = re.search(r"location /protected-media/experts/photos/ \{([^}]*)\}", protected).group(1)
    assert "internal;" in photos
    assert "alias /srv/data/media/experts/photos/;" in photos
    # A Cache-Control added here would override the app's (public for public photos only).
    assert "Cache-Control" not in photos
