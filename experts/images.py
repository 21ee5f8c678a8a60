"""Checking and cleaning uploaded profile photos with Pillow.

A file is accepted for what it contains, not what it is called: it must decode as JPEG, PNG or
WebP, stay under the byte and pixel limits (decompression bombs are refused before decoding),
and it is stored re-encoded without EXIF or other metadata, at most 800 px on its longer side.
"""

import io
import secrets
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 25_000_000
MAX_PHOTO_SIDE = 800
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def process_photo(upload: UploadedFile) -> ContentFile:
    """Return the photo re-encoded and resized, or raise ValidationError with a reader-facing reason."""
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is larger than 5 MB. Please choose a smaller file."), code="too_large"
        )
    upload.seek(0)
    raw = upload.read(MAX_PHOTO_BYTES + 1)
    if len(raw) > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is larger than 5 MB. Please choose a smaller file."), code="too_large"
        )
    not_an_image = ValidationError(
        _("This file is not a JPEG, PNG or WebP image. Please choose a photo."), code="not_an_image"
    )
    too_many_pixels = ValidationError(
        _("The photo has too many pixels (at most 25 megapixels)."), code="too_many_pixels"
    )
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat the warning as a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise too_many_pixels
                probe.verify()
            # verify() leaves the image unusable, so decode a fresh copy.
            with Image.open(io.BytesIO(raw)) as image:
                image_format = image.format
                image.load()
                image = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_many_pixels from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise not_an_image from error
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    # A fresh image carries pixels only: no EXIF (location, camera), no text chunks.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image_format == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    output = io.BytesIO()
    if image_format == "PNG":
        clean.save(output, format="PNG", optimize=True)
    else:
        clean.save(output, format=image_format, quality=85)
    # An unguessable name: a pending photo, or one the expert hides from the public, must not be
    # found under /media/ by trying photo.jpg, photo_1.jpg…
    return ContentFile(output.getvalue(), name=f"{secrets.token_urlsafe(16)}.{ALLOWED_FORMATS[image_format]}")
