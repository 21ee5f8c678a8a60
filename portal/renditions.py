"""The image renditions templates use, made ahead of the first reader and fetched in bulk.

Every picture is offered in modern formats first: a ``<picture>`` with AVIF (when this Pillow
encodes it) and WebP sources and an ``<img>`` in the image's own format (PNG or JPEG) as the
fallback, each with ``srcset``/``sizes`` (:func:`picture_html`, the ``{% picture_set %}`` tag).
Templates ask for these filter specs; :data:`TEMPLATE_RENDITIONS` lists them all so the task that
runs when an image is saved (:func:`generate_renditions`) makes every one before a page needs it:
the first reader of a newly published page never waits for Pillow, and the web processes never
write image files. Listings prefetch the renditions they show (:func:`prefetch_card_renditions`),
so a page of cards costs one rendition query, not one per card; a page's own pictures read theirs
once per image (:func:`picture_renditions`), from the rendition cache.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch
from django.db.models.signals import post_save
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_tasks import task
from PIL import features
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found

__all__ = [
    "BODY_IMAGE",
    "CARD_IMAGE",
    "MODERN_FORMATS",
    "TEMPLATE_RENDITIONS",
    "connect_signals",
    "generate_renditions",
    "modern_formats",
    "picture_html",
    "picture_renditions",
    "prefetch_card_renditions",
    "with_modern_formats",
]

logger = logging.getLogger(__name__)

CARD_IMAGE = ("fill-480x270", "fill-960x540")
"""knowledge/includes/card.html: the card image of a knowledge page, 16:9, at 1x and 2x."""
BODY_IMAGE = ("width-480", "width-800", "width-1200")
"""Lead images and templates/blocks/image_block.html: ``picture_set … width-{480,800,1200}``."""
MODERN_FORMATS = ("avif", "webp")
"""Offered before the image's own format, best first (browsers take the first they support)."""
_MIME = {"avif": "image/avif", "webp": "image/webp"}


@functools.cache
def modern_formats() -> tuple[str, ...]:
    """The modern formats this Pillow can write (AVIF needs Pillow built with libavif)."""
    available = tuple(name for name in MODERN_FORMATS if features.check(name))
    if available != MODERN_FORMATS:
        logger.info("image renditions offered in %s only", ", ".join(available) or "their own format")
    return available


def with_modern_formats(specs: Sequence[str]) -> tuple[str, ...]:
    """``specs`` in every modern format, then as they are (the fallback in the image's format)."""
    return (*(f"{spec}|format-{name}" for name in modern_formats() for spec in specs), *specs)


TEMPLATE_RENDITIONS: tuple[str, ...] = (*with_modern_formats(CARD_IMAGE), *with_modern_formats(BODY_IMAGE))


@task()
def generate_renditions(*, image_id: int) -> list[str]:
    """Make every template rendition of image ``image_id`` (those already made are kept)."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted before the worker came to it
        return []
    return sorted(image.get_renditions(*TEMPLATE_RENDITIONS))


def _enqueue(image_id: int) -> None:
    try:
        generate_renditions.enqueue(image_id=image_id)
    except Exception:
        # The image is saved; its renditions will be made by the first page that shows it.
        logger.exception("could not queue the renditions of image %s", image_id)


def _image_saved(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    image_id = instance.pk
    # After the commit, so the worker finds the image and its file.
    transaction.on_commit(lambda: _enqueue(image_id))


def connect_signals() -> None:
    post_save.connect(_image_saved, sender=get_image_model(), dispatch_uid="portal.renditions.image_saved")


def prefetch_card_renditions(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` of knowledge pages with their card images and those images' card renditions."""
    rendition_model = get_image_model().get_rendition_model()
    specs = with_modern_formats(CARD_IMAGE)
    return queryset.select_related("card_image").prefetch_related(
        Prefetch("card_image__renditions", queryset=rendition_model.objects.filter(filter_spec__in=specs))
    )


@functools.cache
def _filter(spec: str) -> Filter:
    """One Filter per spec and process: Wagtail parses a new Filter's operations (with ``inspect``)
    each time one is made, and the rendition cache's key of every spec needs them."""
    return Filter(spec=spec)


def picture_renditions(image: Any, specs: Sequence[str]) -> dict[str, Any]:
    """The renditions a ``<picture>`` of ``image`` at ``specs`` shows (:func:`picture_html`: each
    spec in every modern format, then as it is; SVGs as they are), by spec.

    Read once per image object: a case study's lead image is asked for by its JSON-LD and by its
    ``<picture>``, and each asking cost a round trip to the rendition cache. Renditions found
    there are not written back (``Image.get_renditions`` writes every one it returns again, nine
    pickled rows per picture on every page); those missing are made or read as Wagtail does, and
    prefetched ones (a listing's cards) are read from memory as Wagtail does.
    """
    wanted = with_modern_formats(specs) if not image.is_svg() else tuple(specs)
    known: dict[str, Any] = image.__dict__.setdefault("_picture_renditions", {})
    missing = [spec for spec in wanted if spec not in known]
    if missing and "renditions" in getattr(image, "_prefetched_objects_cache", {}):
        # A listing's cards (prefetch_card_renditions): Wagtail reads them from memory.
        known.update(get_renditions_or_not_found(image, missing))
    elif missing:
        rendition_model = image.get_rendition_model()
        keys = {
            rendition_model.construct_cache_key(image, _filter(spec).get_cache_key(image), spec): spec
            for spec in missing
        }
        for key, rendition in rendition_model.cache_backend.get_many(list(keys)).items():
            # As Wagtail does with a cached rendition: it belongs to this image object.
            rendition.image = image
            known[keys[key]] = rendition
        not_cached = [spec for spec in missing if spec not in known]
        if not_cached:
            known.update(get_renditions_or_not_found(image, not_cached))
    return {spec: known[spec] for spec in wanted}


def _srcset(renditions: Sequence[Any]) -> str:
    # An image narrower than a spec comes out at its own width (Wagtail never enlarges), so two
    # specs can give the same width: a srcset may name each width once.
    by_width = {}
    for rendition in renditions:
        by_width.setdefault(rendition.width, rendition)
    return ", ".join(f"{rendition.url} {width}w" for width, rendition in by_width.items())


def picture_html(image: Any, specs: Sequence[str], *, sizes: str, attrs: Mapping[str, Any]) -> SafeString:
    """A ``<picture>`` of ``image`` at each of ``specs`` (sizes, same shape): a ``<source>`` per
    modern format, then an ``<img>`` in the image's own format with ``attrs`` (alt, class, …).

    The renditions come in one query (none when prefetched); a missing file degrades to Wagtail's
    not-found rendition rather than failing the page.
    """
    # Wagtail draws SVGs as they are (it drops format operations for them).
    names = () if image.is_svg() else modern_formats()
    renditions = picture_renditions(image, specs)
    sources = [
        (_MIME[name], _srcset([renditions[f"{spec}|format-{name}"] for spec in specs]), sizes)
        for name in names
    ]
    fallback = [renditions[spec] for spec in specs]
    smallest = fallback[0]
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}"{}></picture>',
        format_html_join("", '<source type="{}" srcset="{}" sizes="{}">', sources),
        smallest.url,
        _srcset(fallback),
        sizes,
        smallest.width,
        smallest.height,
        format_html_join("", ' {}="{}"', ((name, value) for name, value in attrs.items())),
    )
