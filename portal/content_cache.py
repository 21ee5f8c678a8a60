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
import time
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
    "CONTENT_VERSION_KEY",
    "CachedSiteMiddleware",
    "CachedViewRestrictionsMixin",
    "any_page_view_restrictions",
    "bump_content_version",
    "cached",
    "cached_many",
    "connect_signals",
    "content_version",
    "public_pages",
    "remember_content_version",
    "watch_models",
]

T = TypeVar("T")
P = TypeVar("P", bound=Model)

# The page cache reads it with its own keys in one round trip (portal.page_cache).
CONTENT_VERSION_KEY = _VERSION_KEY = "portal:content:version"
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


class _ProcessEntries:
    """Entries this process read from the cache, kept under the content version they belong to.

    The memo above saves round trips within a request; this saves them across requests. A search
    read the version, the synonyms and the picked queries from Redis: three round trips and three
    unpickled values on every request for values that change only when editors change them. Now
    only the version is read (once a request, with the memo), and an entry already read under it
    is answered from memory. A change anywhere (another process, the task worker) replaces the
    version in Redis, so the next request here sees a new version and drops what it kept. Kept
    for ``PROCESS_SECONDS`` at most (entries such as the home page's upcoming events also age
    with the clock), and never while the version could not be read (the fallback version of a
    Redis outage is the same in every process and changes with nothing).
    """

    PROCESS_SECONDS = 60.0

    def __init__(self, limit: int) -> None:
        # Entries kept at most; one more empties the store (a new version does too).
        self.limit = limit
        self.version: str | None = None
        self.entries: dict[str, tuple[float, Any]] = {}
        self.lock = threading.Lock()

    def get(self, version: str, name: str) -> Any:
        entry = self.entries.get(name) if version == self.version else None
        if entry is None or entry[0] < time.monotonic():
            return _MISSING
        return entry[1]

    def put(self, version: str, name: str, value: Any) -> None:
        if version == _FALLBACK_VERSION:
            return
        with self.lock:
            if version != self.version or len(self.entries) >= self.limit:
                self.version, self.entries = version, {}
            self.entries[name] = (time.monotonic() + self.PROCESS_SECONDS, value)


_process = _ProcessEntries(512)
_FALLBACK_VERSION = "0"

# Entries of a kind readers can multiply (the directory's filter panel, one per filter set: a
# crawler walks thousands) are kept in a store of their own kind, ``APART_LIMIT`` each: filling
# it empties only it, so the menu, the site and the vocabularies every page reads stay in the
# shared store above instead of being read from Redis again after every few hundred filter sets.
APART_LIMIT = 256
_apart: dict[str, _ProcessEntries] = {}


def _entries_of(apart: str | None) -> _ProcessEntries:
    if apart is None:
        return _process
    entries = _apart.get(apart)
    if entries is None:
        entries = _apart.setdefault(apart, _ProcessEntries(APART_LIMIT))
    return entries


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
        version = cache.get(_VERSION_KEY) or _FALLBACK_VERSION
    if memo is not None:
        memo[_VERSION_KEY] = version
    return version


def remember_content_version(version: str) -> None:
    """This request has read the content version already (the page cache reads it with the
    page's own keys): the entries the view reads are then looked up under it without asking
    again."""
    memo = _memo.values
    if memo is not None:
        memo.setdefault(_VERSION_KEY, version)


def bump_content_version() -> None:
    """Orphan every cached entry: the next reader rebuilds from the database."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    if _memo.values is not None:
        # What this request read so far belongs to the old version.
        _memo.values = {}


def cached(name: str, build: Callable[[], T], *, per_language: bool = True, apart: str | None = None) -> T:
    """``build()``, or what it returned earlier under the current content version.

    ``name`` must say everything the value depends on besides the content (and the active
    language, added unless ``per_language`` is false): a site, a page size. Within a request the
    same value object is returned each time it is asked for: callers must not change it.
    ``apart`` names the process store of a kind of entry with many values (one per filter set),
    bounded on its own so that it never pushes the shared entries out of this process.
    """
    # Entries of an old version are never read again; they only wait for this long to expire.
    seconds = settings.CONTENT_CACHE_SECONDS
    if seconds <= 0:
        return build()
    name = f"{name}:{get_language() or ''}" if per_language else name
    memo = _memo.values
    if memo is not None and name in memo:
        return memo[name]
    version = content_version()
    entries = _entries_of(apart)
    value = entries.get(version, name)
    if value is _MISSING:
        key = f"portal:content:{version}:{name}"
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            cache.set(key, value, timeout=seconds)
        entries.put(version, name, value)
    if memo is not None:
        memo[name] = value
    return value


def cached_many(builders: dict[str, Callable[[], Any]], *, per_language: bool = True) -> dict[str, Any]:
    """:func:`cached` for several entries in one round trip to the cache: ``{name: value}``."""
    seconds = settings.CONTENT_CACHE_SECONDS
    if seconds <= 0:
        return {name: build() for name, build in builders.items()}
    language = get_language() or ""
    full = {name: f"{name}:{language}" if per_language else name for name in builders}
    memo = _memo.values
    values = {name: memo[full[name]] for name in builders if memo is not None and full[name] in memo}
    missing = [name for name in builders if name not in values]
    if missing:
        version = content_version()
        for name in list(missing):
            value = _process.get(version, full[name])
            if value is not _MISSING:
                values[name] = value
                missing.remove(name)
    if missing:
        keys = {name: f"portal:content:{version}:{full[name]}" for name in missing}
        found = cache.get_many(list(keys.values()))
        built = {}
        for name in missing:
            if keys[name] in found:
                values[name] = found[keys[name]]
            else:
                values[name] = built[keys[name]] = builders[name]()
        if built:
            cache.set_many(built, timeout=seconds)
        for name in missing:
            _process.put(version, full[name], values[name])
        if memo is not None:
            memo.update({full[name]: values[name] for name in missing})
    return values


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

    Each page's address (``Page.get_url``: the page itself, its section, its JSON-LD) also starts
    from every site's root path, which Wagtail reads from the cache once per request (a round trip
    and an unpickling, kept in ``request._wagtail_cached_site_root_paths``). They change only when a
    site or a page's path does, which replaces the content version too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> None:
        match = request.resolver_match
        if match is None or match.view_name != "wagtail_serve" or hasattr(request, "_wagtail_site"):
            return
        # get_host() is the validated Host (ALLOWED_HOSTS), so readers cannot fill the cache.
        request._wagtail_site = cached(  # type: ignore[attr-defined]
            f"site:{request.get_host()}:{request.get_port()}",
            lambda: _find_site(request),
            per_language=False,
        )
        request._wagtail_cached_site_root_paths = cached(  # type: ignore[attr-defined]
            "site-root-paths", _site_root_paths, per_language=False
        )


def _site_root_paths() -> list[Any]:
    from wagtail.models import Site

    return Site.get_site_root_paths()


def _find_site(request: HttpRequest) -> Any:
    from wagtail.models import Site

    site = Site._find_for_request(request)
    if site is not None:
        # Routing starts from the root page made specific (Page.route_for_request): a query on
        # every page served, unless it is made once here and kept with the site (``specific``
        # is a cached property, stored on the instance).
        site.root_page.specific  # noqa: B018
    return site
