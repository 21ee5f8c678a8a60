"""Media on S3-compatible storage (issue 19, finding 10), against a real S3-compatible server
(moto's, in this process, over HTTP): with AWS_STORAGE_BUCKET_NAME set, documents, images with
their renditions and expert photos go to the bucket; the bucket stays private, readers get
signed, expiring addresses, and only after the app's checks for private documents and
members-only photos."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
import wagtail_factories
from botocore.exceptions import EndpointConnectionError
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto.server import ThreadedMotoServer
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from experts.factories import AccountFactory, ExpertFactory, UserFactory, expert_user
from experts.models import default_public_fields
from experts.photos import REDIRECT_MAX_AGE_S
from portal.media_storage import media_storage
from portal.renditions import CARD_IMAGE
from portal.settings.environment import Environment, read_environment
from tests.experts.moderation import draft_of

pytestmark = pytest.mark.django_db
PROJECT_DIR = Path(__file__).resolve().parents[2]
REGION = "eu-central-1"
KEYS = {"AWS_ACCESS_KEY_ID": "portal-test-key", "AWS_SECRET_ACCESS_KEY": "portal-test-secret-0123456789"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh private bucket, and the portal's settings as an operator's environment makes them."""
    name = f"portal-media-{uuid.uuid4().hex[:12]}"
    env = read_environment(
        {
            "AWS_STORAGE_BUCKET_NAME": name,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": REGION,
            **KEYS,
        }
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(env)}
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"  # as base.py sets it with a bucket
    return client, name


@pytest.fixture
def editor_client(site) -> Client:
    client = Client()
    client.force_login(UserFactory(email="secretariat@example.org", is_staff=True, is_superuser=True))
    return client


def keys(bucket) -> set[str]:
    client, name = bucket
    return {item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])}


def fetch(url: str) -> tuple[int, bytes]:
    """What a browser gets from the storage server at ``url`` (no cookies, no app)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - the local test server
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def jpeg() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (12, 12), "green").save(data, "JPEG")
    return data.getvalue()


def test_the_environment_names_the_bucket_and_refuses_addresses_too_short_lived():
    assert media_storage(Environment())["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    configured = media_storage(read_environment({"AWS_STORAGE_BUCKET_NAME": "media", **KEYS}))
    assert configured["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["OPTIONS"]["querystring_auth"] is True
    assert configured["OPTIONS"]["default_acl"] is None
    # A hung storage server costs an upload seconds, not a gunicorn worker's whole 30 s.
    client_config = configured["OPTIONS"]["client_config"]
    assert (client_config.connect_timeout, client_config.read_timeout) == (3, 8)
    assert client_config.retries == {"max_attempts": 2, "mode": "standard"}
    with pytest.raises(ImproperlyConfigured, match="AWS_QUERYSTRING_EXPIRE"):
        media_storage(read_environment({"AWS_STORAGE_BUCKET_NAME": "media", "AWS_QUERYSTRING_EXPIRE": "60"}))


def test_a_document_goes_to_the_bucket_and_a_reader_downloads_it_by_a_signed_address(site, bucket):
    document = get_document_model().objects.create(
        title="Inventory", file=ContentFile(b"%PDF-1.4 inventory", name="inventory.pdf")
    )

    assert f"media/{document.file.name}" in keys(bucket)
    response = Client().get(document.url)
    assert response.status_code == 302
    signed = response["Location"]
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=3600" in signed
    assert fetch(signed) == (200, b"%PDF-1.4 inventory")
    # The object itself is private: without the signature the storage refuses it.
    parts = urlsplit(signed)
    assert fetch(f"{parts.scheme}://{parts.netloc}{parts.path}")[0] == 403


def test_a_private_document_in_the_bucket_is_never_handed_to_a_visitor(site, bucket):
    members = Collection.get_first_root_node().add_child(name="Members")
    CollectionViewRestriction.objects.create(collection=members, restriction_type="login")
    document = get_document_model().objects.create(
        title="Minutes", file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"), collection=members
    )

    visitor = Client().get(document.url)
    assert visitor.status_code == 302
    assert "/accounts/sign-in/" in visitor["Location"] or "login" in visitor["Location"]
    assert "X-Amz-Signature" not in visitor["Location"]
    member = Client()
    member.force_login(AccountFactory().user)
    assert fetch(member.get(document.url)["Location"]) == (200, b"%PDF-1.4 minutes")


def test_an_image_and_its_renditions_are_stored_in_the_bucket(site, bucket):
    image = wagtail_factories.ImageFactory(title="Monitoring station", file__width=960, file__height=540)

    rendition = image.get_rendition(CARD_IMAGE[0])  # the card's 1x size

    stored = keys(bucket)
    assert f"media/{image.file.name}" in stored
    assert f"media/{rendition.file.name}" in stored
    assert "X-Amz-Signature=" in rendition.url
    status, body = fetch(rendition.url)
    assert status == 200 and Image.open(io.BytesIO(body)).size == (480, 270)


def test_expert_photos_in_the_bucket_are_served_only_after_the_check(site, bucket):
    shown = ExpertFactory(name="Lan")
    hidden = ExpertFactory(name="An", public_fields=[f for f in default_public_fields() if f != "photo"])
    for expert in (shown, hidden):
        expert.photo.save("portrait.jpg", ContentFile(jpeg()), save=True)

    assert {f"media/{shown.photo.name}", f"media/{hidden.photo.name}"} <= keys(bucket)
    assert default_storage.exists(shown.photo.name)
    public = Client().get(shown.photo.url)
    assert public.status_code == 302
    assert f"max-age={REDIRECT_MAX_AGE_S}" in public["Cache-Control"]  # well before the signature expires
    assert fetch(public["Location"]) == (200, jpeg())
    assert Client().get(hidden.photo.url).status_code == 404
    member = Client()
    member.force_login(AccountFactory().user)
    assert fetch(member.get(hidden.photo.url)["Location"]) == (200, jpeg())


def test_with_the_storage_server_unreachable_pages_and_file_links_still_answer(
    site, bucket, settings, closed_port
):
    """Signed addresses are computed locally: while the bucket is unreachable, readers still get
    pages, profile photos' and documents' addresses (the files themselves fail to load)."""
    document = get_document_model().objects.create(
        title="Inventory", file=ContentFile(b"%PDF-1.4 inventory", name="inventory.pdf")
    )
    expert = ExpertFactory(name="Lan")
    expert.photo.save("portrait.jpg", ContentFile(jpeg()), save=True)
    down = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **down,
            "OPTIONS": {**down["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{closed_port}"},
        },
    }

    assert Client().get(document.url).status_code == 302
    page = Client().get(f"/en/experts/{expert.slug}/")
    assert page.status_code == 200 and expert.photo.url in page.content.decode()
    photo = Client().get(expert.photo.url)
    assert photo.status_code == 302 and photo["Location"].startswith(f"http://127.0.0.1:{closed_port}/")
    # A file saved outside a form fails with the storage's error at once (a refused connection,
    # tried twice); the upload forms ask first (the tests below).
    with pytest.raises(EndpointConnectionError):
        get_document_model().objects.create(title="Later", file=ContentFile(b"%PDF-1.4", name="later.pdf"))


def test_production_with_a_bucket_passes_the_deployment_checks_and_stores_media_there(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_SETTINGS"))}
    env.update(
        SECRET_KEY="k3J9!vQz#p8Lw2@rT6yU1^mN4&bX7*cE0(hG5)sD-fA+jK=oP_iW",
        ALLOWED_HOSTS="portal.example.org",
        PORTAL_BASE_URL="https://portal.example.org",
        PORTAL_DATA_DIR=str(tmp_path),
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        **KEYS,
    )
    script = (
        "from django.conf import settings; from django.core.files.storage import storages; "
        "media = storages['default']; "
        "print(type(media).__name__, media.bucket_name, media.location, settings.WAGTAILDOCS_SERVE_METHOD)"
    )

    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level=WARNING"],
        cwd=PROJECT_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=PROJECT_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert checked.returncode == 0, checked.stderr + checked.stdout
    # The last line: Django's shell first says how many names it imported.
    assert shown.stdout.splitlines()[-1].split() == ["S3Storage", "portal-media", "media", "redirect"], (
        shown.stdout + shown.stderr
    )


@pytest.fixture(params=["refused", "hung"])
def store_down(request, bucket, settings, closed_port, hung_server):
    """The bucket's server unreachable: its port closed, or a server that accepts and never answers."""
    port = closed_port if request.param == "refused" else hung_server.port
    up = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**up, "OPTIONS": {**up["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{port}"}},
    }
    return request.param


STORE_DOWN_TEXT = "The file store is not answering, so this file was not saved."


def timed_post(client: Client, url: str, data: dict, **extra) -> tuple[object, float]:
    started = time.monotonic()
    response = client.post(url, data, **extra)
    return response, time.monotonic() - started


def test_a_photo_sent_while_the_file_store_is_down_leaves_the_experts_other_changes_sent(site, store_down):
    expert = ExpertFactory(name="Lan", position_en="Engineer")
    expert_user(expert)
    client = Client()
    client.force_login(expert.user)
    data = {
        "position_en": "Chief engineer",
        "city": "hanoi",
        "languages": "en",
        "photo": SimpleUploadedFile("portrait.jpg", jpeg(), content_type="image/jpeg"),
    }

    response, seconds = timed_post(client, "/en/accounts/profile/", data)

    # Not a server error and not the expert's mistake: the form again, with what they typed.
    assert response.status_code == 503 and response["Retry-After"] == "300"
    page = response.content.decode()
    assert STORE_DOWN_TEXT in page
    assert 'value="Chief engineer"' in page
    # The text change went for review without the photo.
    draft = draft_of(expert)
    assert draft.position_en == "Chief engineer" and not draft.photo
    assert seconds < 10, f"{store_down}: {seconds:.1f} s"
    print(f"\nprofile photo, file store {store_down}: {seconds:.1f} s to the form again")


def admin_upload(client: Client, url: str, title: str, upload: SimpleUploadedFile) -> tuple[object, float]:
    """A file sent through a Wagtail admin add form (documents and images take the same fields)."""
    data = {"title": title, "collection": Collection.get_first_root_node().pk, "file": upload}
    return timed_post(client, url, data)


def assert_the_form_comes_back(response, title: str) -> None:
    """The add form again, saying why, with the title the editor typed (nothing to type again)."""
    assert response.status_code == 200
    page = response.content.decode()
    assert STORE_DOWN_TEXT in page and f'value="{title}"' in page


def test_a_document_uploaded_while_the_file_store_is_down_comes_back_with_its_title(
    site, store_down, editor_client
):
    response, seconds = admin_upload(
        editor_client,
        "/admin/documents/add/",
        "Emissions inventory 2026",
        SimpleUploadedFile("inventory.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )

    assert_the_form_comes_back(response, "Emissions inventory 2026")
    assert not get_document_model().objects.exists()
    assert seconds < 10, f"{store_down}: {seconds:.1f} s"
    print(f"\ndocument upload, file store {store_down}: {seconds:.1f} s to the form again")


def test_images_uploaded_while_the_file_store_is_down_are_refused_with_the_reason(
    site, store_down, editor_client
):
    single, seconds = admin_upload(
        editor_client,
        "/admin/images/add/",
        "Monitoring station",
        SimpleUploadedFile("station.jpg", jpeg(), content_type="image/jpeg"),
    )
    several, _seconds = timed_post(
        editor_client,
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("station.jpg", jpeg(), content_type="image/jpeg")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert_the_form_comes_back(single, "Monitoring station")
    assert several.status_code == 200 and several.json()["success"] is False
    assert STORE_DOWN_TEXT in several.json()["error_message"]
    assert not get_image_model().objects.exists()
    assert seconds < 10, f"{store_down}: {seconds:.1f} s"
