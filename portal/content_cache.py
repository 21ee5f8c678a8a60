"""What every reader page recomputes and only publishing or editing changes, kept in the cache.

The main navigation, the home page's newest pages and twinning highlights, the labels of the
filter vocabularies, the queries that have editors' picks and whether any page is private were
read from the database on every request the page cache did not answer (up to ten queries a page,
a few per search). They now come from the Django cache (Redis in production, shared by every
process) under keys that carry the *content version*: one token, replaced whenever a page is
published, unpublished, moved, saved or deleted, or a site, view restriction, editors' pick,
search synonym or snippet shown on those pages (taxonomy terms, cities, countries, twinning
partnerships: the apps name them with ``watch_models``) is saved or deleted. A new version orphans every entry at once, so the next request after a change
rebuilds what it needs; orphans expire after ``CONTENT_CACHE_SECONDS``. Without a cache every
process shares (no Redis: ``CONTENT_CACHE_SECONDS`` is 0) nothing is kept, since a change made in
one process, the task worker or a management command, would not reach the others.

The version is replaced when the change is made *and* again when its transaction commits: a
request that rebuilt an entry from the old rows between the two would otherwise keep it under
the new version.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import get_language

from portal.redis_cache import cache_recovered

__all__ = [
    "CachedSiteMiddleware",
    "CachedViewRestrictionsMixin",
    "any_page_view_restrictions",
    "bump_content_version",
    "cached",
    "connect_signals",
    "content_version",
    "public_pages",
    "watch_models",
]

T = TypeVar("T")
P = TypeVar("P", bound=Model)

_VERSION_KEY = "portal:content:version"
_MISSING = object()


class _RequestMemo(threading.local):
    """What this request already read from the content cache, so a page asks Redis once per entry.

    A page reads several entries (the menu, the site, filter labels…), each costing a round trip
    for the version and one for the value. Kept only between ``request_started`` and
    ``request_finished`` (never in the task worker or a command, which would otherwise hold one
    version for ever), and emptied when this process changes the content.
    """

    values: dict[str, Any] | None = None


_memo = _RequestMemo()


def _request_started(**kwargs: Any) -> None:
    _memo.values = {}


def _request_finished(**kwargs: Any) -> None:
    _memo.values = None


def content_version() -> str:
    memo = _memo.values
    if memo is not None and _VERSION_KEY in memo:
        return memo[_VERSION_KEY]
    version = cache.get(_VERSION_KEY)
    if version is None:
        # add() keeps a version another process set meanwhile; get() then reads whichever won.
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_VERSION_KEY) or "0"
    if memo is not None:
        memo[_VERSION_KEY] = version
    return version


def bump_content_version() -> None:
    """Orphan every cached entry: the next reader rebuilds from the database."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    if _memo.values is not None:
        # What this request read so far belongs to the old version.
        _memo.values = {}


def cached(name: str, build: Callable[[], T], *, per_language: bool = True) -> T:
    """``build()``, or what it returned earlier under the current content version.

    ``name`` must say everything the value depends on besides the content (and the active
    language, added unless ``per_language`` is false): a site, a page size. Within a request the
    same value object is returned each time it is asked for: callers must not change it.
    """
    # Entries of an old version are never read again; they only wait for this long to expire.
    seconds = settings.CONTENT_CACHE_SECONDS
    if seconds <= 0:
        return build()
    name = f"{name}:{get_language() or ''}" if per_language else name
    memo = _memo.values
    if memo is not None and name in memo:
        return memo[name]
    key = f"portal:content:{content_version()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout=seconds)
    if memo is not None:
        memo[name] = value
    return value


def _changed(**kwargs: Any) -> None:
    bump_content_version()
    transaction.on_commit(bump_content_version)


# What the shell itself shows from the database; the apps add their snippets (taxonomy, places,
# twinning partnerships) through watch_models() from their AppConfig.ready(), since the shell
# imports no app model.
_watched: list[type[Model]] = []


def watch_models(*models: type[Model]) -> None:
    """Saving or deleting one of ``models`` (or changing its many-to-many relations) replaces the
    content version: for snippets shown in the menu, home lists or filter labels."""
    for model in models:
        if model not in _watched:
            _watched.append(model)
    _watched_models.cache_clear()


@functools.cache
def _watched_models() -> tuple[type[Model], ...]:
    from wagtail.models import BaseViewRestriction, Page, Site

    from portal.search.models import SearchPick, SearchSynonym

    return (Page, Site, BaseViewRestriction, SearchPick, SearchSynonym, *_watched)


def _model_changed(sender: type[Model], instance: Model | None = None, **kwargs: Any) -> None:
    # Connected for every model (Page subclasses are many); only the watched ones matter.
    if issubclass(sender, _watched_models()) or (
        # m2m_changed sends the through model; the instance is the page or snippet changed.
        instance is not None and isinstance(instance, _watched_models())
    ):
        _changed()


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_changed, dispatch_uid="portal.content_cache.published")
    page_unpublished.connect(_changed, dispatch_uid="portal.content_cache.unpublished")
    post_page_move.connect(_changed, dispatch_uid="portal.content_cache.moved")
    request_started.connect(_request_started, dispatch_uid="portal.content_cache.request_started")
    request_finished.connect(_request_finished, dispatch_uid="portal.content_cache.request_finished")
    post_save.connect(_model_changed, dispatch_uid="portal.content_cache.saved")
    post_delete.connect(_model_changed, dispatch_uid="portal.content_cache.deleted")
    m2m_changed.connect(_model_changed, dispatch_uid="portal.content_cache.m2m_changed")
    # Versions replaced while Redis was unreachable never reached it: what was built before the
    # outage must not come back as current (portal/redis_cache.py).
    cache_recovered.connect(_redis_recovered, dispatch_uid="portal.content_cache.redis_recovered")


def _redis_recovered(**kwargs: Any) -> None:
    bump_content_version()


def any_page_view_restrictions() -> bool:
    """Whether any page is private (a password, sign-in or group restriction) anywhere."""
    from wagtail.models import PageViewRestriction

    return cached("any-page-view-restrictions", PageViewRestriction.objects.exists, per_language=False)


def public_pages(queryset: QuerySet[P]) -> QuerySet[P]:
    """``queryset.public()``, without its query for the restrictions while no page is private."""
    return queryset.public() if any_page_view_restrictions() else queryset


class CachedViewRestrictionsMixin:
    """Serving a page looks up the view restrictions of the page and each ancestor (two queries
    on every request); while no page of the site is private there is nothing to look up."""

    def get_view_restrictions(self) -> QuerySet:
        from wagtail.models import PageViewRestriction

        if not any_page_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc]


class CachedSiteMiddleware:
    """Wagtail looks the request's site up with a query on every page it serves (and keeps it in
    ``request._wagtail_site`` for the rest of the request, as ``Site.find_for_request`` documents).
    Which site a host and port pick changes only when sites do, which replaces the content version.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> None:
        from wagtail.models import Site

        match = request.resolver_match
        if match is None or match.view_name != "wagtail_serve" or hasattr(request, "_wagtail_site"):
            return
        # get_host() is the validated Host (ALLOWED_HOSTS), so readers cannot fill the cache.
        request._wagtail_site = cached(  # type: ignore[attr-defined]
            f"site:{request.get_host()}:{request.get_port()}",
            lambda: Site._find_for_request(request),
            per_language=False,
        )
