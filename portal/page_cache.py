"""Anonymous page views served from the shared cache, purged through Wagtail's frontend cache.

Which answers are cached: GET requests for the reader pages named in ``PAGE_CACHE_VIEWS``
(Wagtail pages, the experts directory and profiles, twinning, cities), from visitors without a
session cookie (so never anyone signed in or in the middle of signing in), when the answer is a
200 that sets no cookie and does not ask to stay private. Search pages and the JSON API are not
in the list: their answers may depend on who asks. The cache key is Django's (the full URL, the
active language and the response's ``Vary`` headers), so `/vi/x/` and `/th/x/` are cached apart.

How entries go: every key carries the *generation* of its path, a token kept in the cache.
Wagtail's frontend cache (``wagtail.contrib.frontend_cache``) calls :class:`PageCacheBackend`
with the URLs to purge, expanded to every language by ``WAGTAILFRONTENDCACHE_LANGUAGES``; the
backend gives each path a new generation, which drops every cached answer for it at once: each
query string (directory filters, page numbers) and each ``Vary`` variant, whose exact keys
nobody could list at purge time. Orphaned answers expire after ``PAGE_CACHE_SECONDS``.

Purges come from page publishing and unpublishing (Wagtail's own signal handlers for the page,
:func:`purge_page_and_ancestors` for the section index and home page that list it) and from
expert profiles (``experts.cache``). Anything else (cities, twinning snippets, event dates) is at
most ``PAGE_CACHE_SECONDS`` old.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_cache_key, learn_cache_key
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page

__all__ = [
    "CACHE_STATUS_HEADER",
    "PageCacheBackend",
    "PageCacheMiddleware",
    "purge_page_and_ancestors",
    "purge_paths",
    "with_fresh_nonce",
]

CACHE_STATUS_HEADER = "X-Page-Cache"
MESSAGES_COOKIE = CookieStorage.cookie_name
_GENERATION_PREFIX = "page-cache:generation:"
_MARK = "_page_cache_key_prefix"
_CSP_HEADER = "Content-Security-Policy"
_POLICY_NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def _generation_key(path: str) -> str:
    # Paths may be long or non-ASCII (Thai slugs); the key must be neither.
    return _GENERATION_PREFIX + hashlib.sha256(unquote(path).encode()).hexdigest()


def _key_prefix(path: str) -> str:
    generation = cache.get(_generation_key(path)) or "0"
    return f"page.{generation}"


def purge_paths(paths: Iterable[str]) -> None:
    """Drop every cached answer for each of ``paths`` (any query string, any variant)."""
    # A generation outlives the answers made under the one before it, so it may expire with them.
    cache.set_many(
        {_generation_key(path): uuid.uuid4().hex for path in paths},
        timeout=max(settings.PAGE_CACHE_SECONDS, 1),
    )


class PageCacheBackend(BaseBackend):
    """A ``WAGTAILFRONTENDCACHE`` backend for the portal's own page cache (the Django cache)."""

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        purge_paths(urlsplit(url).path or "/" for url in urls)


def purge_page_and_ancestors(*, page: Page) -> None:
    """Purge ``page`` and the pages above it (its section index, the home page), which list it.

    Wagtail's own handlers purge the page alone on publish and unpublish; listings need this.
    """
    batch = PurgeBatch()
    batch.add_pages(page.get_ancestors().filter(depth__gt=1).specific())
    batch.purge()


def _page_changed(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    purge_page_and_ancestors(page=instance)


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_page_changed, dispatch_uid="portal.page_cache.published")
    page_unpublished.connect(_page_changed, dispatch_uid="portal.page_cache.unpublished")


def _cacheable_request(request: HttpRequest) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    # A session means a signed-in reader or a sign-in under way; a messages cookie, a notice to
    # show ("You are signed out."). Neither visitor may get, or leave, a shared page.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return False
    match = request.resolver_match
    return match is not None and match.view_name in settings.PAGE_CACHE_VIEWS


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    # A cookie in the answer (a CSRF token for a form on the page) belongs to one visitor.
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def with_fresh_nonce(response: HttpResponseBase) -> HttpResponseBase:
    """Give a stored page a nonce of its own before it leaves, in its policy and its script tags.

    A nonce is only worth something while nobody can predict it: were every visitor of a cached
    page handed the same one, markup injected into any page could carry it and run. The page was
    rendered once, so its nonce is swapped for a new random one, as long as django-csp's.
    """
    policy = response.get(_CSP_HEADER, "")
    match = _POLICY_NONCE.search(policy)
    if match is None:
        return response
    old = match.group(1)
    new = base64.b64encode(os.urandom(16)).decode("ascii")
    response[_CSP_HEADER] = policy.replace(f"'nonce-{old}'", f"'nonce-{new}'")
    response.content = response.content.replace(f'nonce="{old}"'.encode(), f'nonce="{new}"'.encode())
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


class PageCacheMiddleware:
    """Serve cacheable requests from the cache; store their answers as they leave the stack.

    Goes near the top of MIDDLEWARE (below the request id): answers are stored with the headers
    every middleware below added (the Content-Security-Policy among them, whose nonce each hit
    replaces with a fresh one in the header and the page alike), and looked up in ``process_view``, once the URL's language is active and
    the view is known.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key_prefix = getattr(request, _MARK, None)
        if key_prefix is not None and _storable(request, response):
            response[CACHE_STATUS_HEADER] = "miss"
            timeout = settings.PAGE_CACHE_SECONDS
            # Template responses are rendered by now (the handler renders them inside the stack).
            cache.set(learn_cache_key(request, response, timeout, key_prefix, cache=cache), response, timeout)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponseBase | None:
        if not _cacheable_request(request):
            return None
        key_prefix = _key_prefix(request.path)
        key = get_cache_key(request, key_prefix, "GET", cache=cache)
        response = cache.get(key) if key else None
        if response is None:
            setattr(request, _MARK, key_prefix)
            return None
        response[CACHE_STATUS_HEADER] = "hit"
        return with_fresh_nonce(response)
