"""The image renditions templates use, made ahead of the first reader and fetched in bulk.

Templates ask for these filter specs; :data:`TEMPLATE_RENDITIONS` lists them all so the task that
runs when an image is saved (:func:`generate_renditions`) makes every one before a page needs it:
the first reader of a newly published page never waits for Pillow, and the web processes never
write image files. Listings prefetch the renditions they show (:func:`prefetch_card_renditions`),
so a page of cards costs one rendition query, not one per card.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.images import get_image_model

__all__ = [
    "BODY_IMAGE",
    "CARD_IMAGE",
    "TEMPLATE_RENDITIONS",
    "connect_signals",
    "generate_renditions",
    "prefetch_card_renditions",
]

logger = logging.getLogger(__name__)

CARD_IMAGE = "fill-480x270"
"""knowledge/includes/card.html: the card image of a knowledge page, 16:9."""
BODY_IMAGE = ("width-480", "width-800", "width-1200")
"""templates/blocks/image_block.html: ``srcset_image … width-{480,800,1200}``."""
TEMPLATE_RENDITIONS: tuple[str, ...] = (CARD_IMAGE, *BODY_IMAGE)


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
    return queryset.select_related("card_image").prefetch_related(
        Prefetch("card_image__renditions", queryset=rendition_model.objects.filter(filter_spec=CARD_IMAGE))
    )
