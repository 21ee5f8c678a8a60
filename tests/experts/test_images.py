import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from experts import images
from experts.factories import ExpertFactory, expert_user
from tests.experts.moderation import review_task

pytestmark = pytest.mark.django_db


def encoded(size=(400, 300), fmt="JPEG", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 20)).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_a_real_photo_is_resized_and_stripped_of_exif():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (13.0, 45.0, 0.0)}  # GPS latitude
    result = images.process_photo(upload(encoded((2400, 1600), exif=exif.tobytes())))

    with Image.open(io.BytesIO(result.read())) as photo:
        assert photo.format == "JPEG"
        assert photo.size == (800, 533)
        assert not photo.getexif()
        assert "exif" not in photo.info


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(fmt):
    result = images.process_photo(upload(encoded(fmt=fmt), name=f"photo.{fmt.lower()}"))

    assert result.name.endswith({"PNG": ".png", "WEBP": ".webp"}[fmt])


def test_a_text_file_renamed_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        images.process_photo(upload(b"<?php system($_GET['c']); ?>", name="innocent.jpg"))

    assert error.value.code == "not_an_image"


def test_other_image_formats_are_refused():
    with pytest.raises(ValidationError) as error:
        images.process_photo(upload(encoded(fmt="GIF"), name="anim.jpg"))

    assert error.value.code == "not_an_image"


def test_an_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 1000)

    with pytest.raises(ValidationError) as error:
        images.process_photo(upload(encoded((600, 600)) + b"\0" * 2000))

    assert error.value.code == "too_large"


def test_a_decompression_bomb_is_refused_before_decoding():
    # A 10,000 × 10,000 PNG of one colour compresses to a few hundred kilobytes.
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, format="PNG")

    with pytest.raises(ValidationError) as error:
        images.process_photo(upload(bomb.getvalue(), name="bomb.png"))

    assert error.value.code == "too_many_pixels"


def test_pillows_own_bomb_limit_is_a_refusal_too(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    with pytest.raises(ValidationError) as error:
        images.process_photo(upload(encoded((100, 100))))

    assert error.value.code == "too_many_pixels"


def test_the_profile_form_shows_a_field_error_and_keeps_other_input(site):
    expert = ExpertFactory()
    client = Client()
    client.force_login(expert_user(expert))
    fake = SimpleUploadedFile("me.jpg", b"just some text", content_type="image/jpeg")

    response = client.post(
        "/en/accounts/profile/",
        {"position_en": "Kept position", "city": "hanoi", "languages": "en", "photo": fake},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP image" in html
    assert 'aria-describedby="id_photo_helptext id_photo_error"' in html
    assert 'value="Kept position"' in html
    assert review_task(expert) is None
