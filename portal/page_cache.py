"""Anonymous page views served from the shared cache, purged through Wagtail's frontend cache.

Which answers are cached: GET requests for the reader pages named in ``PAGE_CACHE_VIEWS``
(Wagtail pages, the experts directory and profiles, twinning, cities), from visitors without a
session or messages cookie (so never anyone signed in, signing in or about to see a notice), when
the answer is a 200 that sets no cookie, does not ask to stay private and varies on nothing but
the cookie and the language. Search pages and the JSON API are not in the list: their answers may
depend on who asks. Only addresses whose query parameters are all in
``PAGE_CACHE_QUERY_PARAMETERS`` (the cached views' filters and page number) are cached: any
other parameter would give junk addresses entries of their own. The key is the address (scheme,
host, path, query string) and the language of its prefix, so `/vi/x/` and `/th/x/` are cached
apart. Hits are answered before any other middleware runs (:class:`PageCacheMiddleware`).

How entries go (one rule for freshness): every answer records the *content version* it was
rendered under (``portal.content_cache``: the token the menu, the home lists and the filter labels
are cached under) and its path's *generation*; a hit needs both to be current. Any change to what
pages show from the database (a page published, unpublished, moved or saved; a site, view
restriction, editors' pick, synonym or watched snippet saved or deleted) replaces the content
version, at once and again when its transaction commits, which retires every cached page in the
same step as the menu: no cached page is older than what the menu shows, in no process.

A path's generation is for changes that touch a few pages and not the content version: expert
profiles (``experts.cache``) purge their profile, the directory and their city page through
Wagtail's frontend cache (``wagtail.contrib.frontend_cache``), which calls
:class:`PageCacheBackend` with the URLs, expanded to every language by
``WAGTAILFRONTENDCACHE_LANGUAGES``; the backend gives each path a new generation, which retires
every stored answer for it at once, whatever its query string (directory filters, page numbers).
Retired answers expire after ``PAGE_CACHE_SECONDS``. What changes with time alone (an event
becoming past) and rows changed behind Django's back (``QuerySet.update()``, SQL) show once
something else changes or the entry expires.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import cc_delim_re
from wagtail.contrib.frontend_cache.backends import BaseBackend

from portal.conditional import response_etag
from portal.content_cache import CONTENT_VERSION_KEY, content_version, remember_content_version

__all__ = [
    "CACHE_STATUS_HEADER",
    "PageCacheBackend",
    "PageCacheMiddleware",
    "purge_paths",
    "with_fresh_nonce",
]

CACHE_STATUS_HEADER = "X-Page-Cache"
MESSAGES_COOKIE = CookieStorage.cookie_name
_GENERATION_PREFIX = "page-cache:generation:"
# "2": entries carry their ETag (an entry of the earlier four-field shape is never read).
_ANSWER_PREFIX = "page-cache:answer:2:"
# A path nobody has purged yet (or not for longer than an answer lives).
_FIRST_GENERATION = "0"
_GENERATION_MARGIN_SECONDS = 60
_VARY_SHARED = frozenset({"cookie", "accept-language"})
_CSP_HEADER = "Content-Security-Policy"
_POLICY_NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")
# Longer than any set of filters a reader can tick on one page.
MAX_QUERY_STRING = 1024


def _generation_key(path: str) -> str:
    # Paths may be long or non-ASCII (Thai slugs); the key must be neither.
    return _GENERATION_PREFIX + hashlib.sha256(unquote(path).encode()).hexdigest()


def purge_paths(paths: Iterable[str]) -> None:
    """Drop every cached answer for each of ``paths`` (any query string, any variant)."""
    # A generation must outlive every answer made under the one before it, including one whose
    # rendering began before the purge and was stored just after it; then it may expire.
    cache.set_many(
        {_generation_key(path): uuid.uuid4().hex for path in paths},
        timeout=max(settings.PAGE_CACHE_SECONDS, 1) + _GENERATION_MARGIN_SECONDS,
    )


class PageCacheBackend(BaseBackend):
    """A ``WAGTAILFRONTENDCACHE`` backend for the portal's own page cache (the Django cache)."""

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        purge_paths(urlsplit(url).path or "/" for url in urls)


def _lookup_key(request: HttpRequest) -> str | None:
    """The cache key of the answer a request may be served, or None if it may not be served one.

    Read before any other middleware has run, so it relies on the request alone: only GET and
    HEAD, only visitors without a session or a messages cookie (never anyone signed in, signing
    in or about to see a notice), only addresses with a language prefix (the language the answer
    is in). The scheme and host are part of the key, so a plain-HTTP request, which production
    redirects, never meets an answer stored for HTTPS.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return None
    # Only addresses whose parameters a cached view reads: any other (?utm_source=, ?x=1, ?x=2…)
    # gets the page rendered, never an entry of its own. Overlong query strings likewise.
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING or not all(
        name in settings.PAGE_CACHE_QUERY_PARAMETERS for name in request.GET
    ):
        return None
    language = translation.get_language_from_path(request.path_info)
    if language is None:
        return None
    try:
        address = request.build_absolute_uri()
    except DisallowedHost:
        # Not ours to answer: the rest of the stack turns a bad Host header into its 400.
        return None
    return _ANSWER_PREFIX + hashlib.sha256(f"{language} {address}".encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    match = request.resolver_match
    if match is None or match.view_name not in settings.PAGE_CACHE_VIEWS:
        return False
    # A cookie in the answer (a CSRF token for a form on the page) belongs to one visitor.
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    # The key leaves out request headers, so an answer that depends on one cannot be shared.
    # Cookie and Accept-Language do not change these answers: the visitor has neither a session
    # nor a messages cookie (a CSRF cookie the page used would be re-sent, see above), and the
    # language comes from the address.
    if any(
        header.lower() not in _VARY_SHARED for header in cc_delim_re.split(response.get("Vary", "")) if header
    ):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def with_fresh_nonce(response: HttpResponseBase) -> HttpResponseBase:
    """Give a stored page a nonce of its own before it leaves, in its policy and its script and
    style tags.

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
    """Answer repeated anonymous views from the cache before the rest of the stack runs.

    Second in MIDDLEWARE (below the request id). A hit costs one round trip to the cache (the
    path's generation, the content version and the stored answer in one ``get_many``) and no
    other middleware, view or query: that is what lets two cores serve a thousand pages a second.
    A miss goes through the whole stack; its answer is stored with every header the middleware
    below added (the Content-Security-Policy among them, whose nonce each hit replaces with a
    fresh one in the header and the page alike), tagged with the generation and the content
    version read before the view ran, so a page published while it was rendering is never
    stored as current.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = _lookup_key(request)
        if key is None:
            return self.get_response(request)
        generation_key = _generation_key(request.path)
        found = cache.get_many([generation_key, CONTENT_VERSION_KEY, key])
        version = found.get(CONTENT_VERSION_KEY)
        if version is None:
            version = content_version()  # the first request after a flush sets one
        else:
            remember_content_version(version)  # the view's cached entries need not ask again
        # Both read before the view runs: a change made while it renders retires its answer.
        tag = f"{found.get(generation_key, _FIRST_GENERATION)} {version}"
        stored = found.get(key)
        if stored is not None and stored[0] == tag:
            return with_fresh_nonce(_answer(stored))
        response = self.get_response(request)
        if _storable(request, response):
            response[CACHE_STATUS_HEADER] = "miss"
            # Template responses are rendered by now (the handler renders them inside the stack).
            entry = _entry(tag, response)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            if entry[4]:
                # The validator conditional GET (outside) would compute, here where it is stored
                # with the answer: every hit then carries it instead of hashing the body again.
                response["ETag"] = entry[4]
        return response


_Entry = tuple[str, int, list[tuple[str, str]], bytes, str]


def _entry(tag: str, response: HttpResponseBase) -> _Entry:
    # Plain values rather than the response object: smaller to store, quicker to unpickle. A
    # stored answer is one that conditional GET validates (portal/conditional.py: a 200 to a GET,
    # neither personal nor private), so its ETag is kept apart and set after the cache status,
    # where conditional GET would have put it; an ETag the view set itself stays in its place.
    etag = "" if response.has_header("ETag") else response_etag(response)
    headers = [(name, value) for name, value in response.items() if name != CACHE_STATUS_HEADER]
    return (tag, response.status_code, headers, response.content, etag)


def _answer(stored: _Entry) -> HttpResponse:
    _tag, status, headers, content, etag = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[CACHE_STATUS_HEADER] = "hit"
    if etag:
        response["ETag"] = etag
    return response
