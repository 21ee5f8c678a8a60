"""Purge the cached pages that show an expert when the profile is approved, changed or archived."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from experts.models import Expert, ExpertStatus
from portal.i18n import DEFAULT_LANGUAGE

# Draft and in-review profiles are on no page; a published one is, and an archived one was.
_SHOWN_OR_JUST_HIDDEN = (ExpertStatus.PUBLISHED, ExpertStatus.ARCHIVED)


def purge_expert_pages(*, expert: Expert) -> None:
    """Purge the profile, the directory and the expert's city page, in every language.

    The URLs are built in English; Wagtail's frontend cache expands them to every language in
    WAGTAILFRONTENDCACHE_LANGUAGES.
    """
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(DEFAULT_LANGUAGE):
        paths = [expert.get_absolute_url(), reverse("experts:directory")]
        if expert.city_id:
            paths.append(reverse("knowledge:city", kwargs={"slug": expert.city.slug}))
    PurgeBatch(urls=[base + path for path in paths]).purge()


def purge_imported_experts_pages(*, experts: list[Expert]) -> None:
    """What saving each of ``experts`` purges (see _expert_saved), as one purge.

    The bulk import writes rows without save(); its experts' cities must be loaded.
    """
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    paths: dict[str, None] = {}
    with translation.override(DEFAULT_LANGUAGE):
        for expert in experts:
            if expert.status not in _SHOWN_OR_JUST_HIDDEN:
                continue
            paths[expert.get_absolute_url()] = None
            paths[reverse("experts:directory")] = None
            if expert.city_id:
                paths[reverse("knowledge:city", kwargs={"slug": expert.city.slug})] = None
    if paths:
        PurgeBatch(urls=[base + path for path in paths]).purge()


def _expert_saved(sender: type[Expert], instance: Expert, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.status in _SHOWN_OR_JUST_HIDDEN:
        purge_expert_pages(expert=instance)


def _expert_deleted(sender: type[Expert], instance: Expert, **kwargs: Any) -> None:
    purge_expert_pages(expert=instance)


def connect_signals() -> None:
    post_save.connect(_expert_saved, sender=Expert, dispatch_uid="experts.cache.saved")
    post_delete.connect(_expert_deleted, sender=Expert, dispatch_uid="experts.cache.deleted")
