"""Small tables every search request reads, kept in the shared cache and dropped when they change.

Why: a directory or knowledge API request checked each filter value against its vocabulary
(countries, cities, themes…) and looked for editors' picks, one SQL query each, although these
tables change a few times a month. They are now read from the Django cache, and a save or
deletion drops the cached copy at once and again when its transaction commits (a request in
between could otherwise store the old rows again), so an editor's change shows on the next
request. Only with a cache the web and worker processes share (``SEARCH_LOOKUP_CACHE_SECONDS``
is 0 without Redis): a process-local copy would stay stale in every other process. The timeout
bounds how long a change made without signals (``QuerySet.update``, raw SQL) can go unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

__all__ = ["connect_signals", "forget", "labels_key", "remembered"]

T = TypeVar("T")

_PREFIX = "search.lookup."


def remembered(key: str, build: Callable[[], T]) -> T:
    """The cached value of ``key``, built (and stored) with ``build`` when missing."""
    seconds = settings.SEARCH_LOOKUP_CACHE_SECONDS
    if seconds <= 0:
        return build()
    value = cache.get(_PREFIX + key)
    if value is None:
        value = build()
        cache.set(_PREFIX + key, value, timeout=seconds)
    return value


def forget(keys: Iterable[str]) -> None:
    """Drop ``keys`` now and again once the current transaction commits."""
    full = [_PREFIX + key for key in keys]
    cache.delete_many(full)
    # Immediately: this process's next request sees the change even inside a long transaction.
    # On commit: a request that read the old rows between the save and the commit stored them again.
    transaction.on_commit(lambda: cache.delete_many(full))


def labels_key(model: type[models.Model], language: str | None = None) -> str:
    """The key of ``model``'s value → label mapping in ``language`` (default: the active one)."""
    return f"labels.{model._meta.label_lower}.{language or translation.get_language() or '-'}"


def _labels_changed(sender: type[models.Model], **kwargs: Any) -> None:
    # Labels are cached per language; a change to one translation may change every fallback.
    forget(labels_key(sender, code) for code in [*(code for code, _name in settings.LANGUAGES), "-"])


def _picks_changed(sender: type[models.Model], **kwargs: Any) -> None:
    from portal.search.picks import PICKED_QUERIES_KEY

    forget([PICKED_QUERIES_KEY])


def connect_signals() -> None:
    """Drop cached vocabularies and picks whenever one of their rows is saved or deleted."""
    from knowledge.models import Action, City, Country, Pollutant, Sector, Theme
    from portal.search.models import SearchPick

    for model in (Action, City, Country, Pollutant, Sector, Theme):
        uid = f"portal.search.lookups.{model._meta.label_lower}"
        post_save.connect(_labels_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_labels_changed, sender=model, dispatch_uid=f"{uid}.deleted")
    post_save.connect(_picks_changed, sender=SearchPick, dispatch_uid="portal.search.lookups.picks.saved")
    post_delete.connect(_picks_changed, sender=SearchPick, dispatch_uid="portal.search.lookups.picks.deleted")
