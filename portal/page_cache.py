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
import threading
import time
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
# "3": entries carry their ETag and the time they expire (an entry of an earlier shape is never
# read: the first view of each page after a deploy renders it again).
_ANSWER_PREFIX = "page-cache:answer:3:"
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
    # Parsing the cookies and the query string is a tenth of a hit's CPU; a request without
    # either (most page views) needs neither parsed.
    if "HTTP_COOKIE" in request.META and (
        settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES
    ):
        return None
    # Only addresses whose parameters a cached view reads: any other (?utm_source=, ?x=1, ?x=2…)
    # gets the page rendered, never an entry of its own. Overlong query strings likewise.
    query = request.META.get("QUERY_STRING", "")
    if query and (
        len(query) > MAX_QUERY_STRING
        or not all(name in settings.PAGE_CACHE_QUERY_PARAMETERS for name in request.GET)
    ):
        return None
    language = translation.get_language_from_path(request.path_info)
    if language is None:
        return None
    try:
        # The address as the reader asked for it (build_absolute_uri's normalising and quoting
        # again cost a twentieth of a hit): another spelling of one address is another entry.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
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


class _KeptAnswers:
    """Answers this process read from the cache, kept to be served again without reading them.

    A hit read its whole answer from Redis (70–90 KB for a page: Redis writing it, the socket
    carrying it, redis-py reading it in pieces, a copy unpickled) on every view, though what
    decides whether an answer may be served is its tag alone. A kept answer is served when the
    tag read for the request (the path's generation and the content version, still read from the
    shared cache on every request: a publish or purge in any process shows at once) is the one it
    was stored under, until the time its entry expires in the cache. Oldest out first once the
    answers kept pass ``LIMIT_BYTES`` of bodies (a worker's memory: the most-viewed pages fit).
    """

    LIMIT_BYTES = 4 * 1024 * 1024

    def __init__(self) -> None:
        self.answers: dict[str, _Entry] = {}
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> _Entry | None:
        entry = self.answers.get(key)
        if entry is not None and entry[5] <= time.time():
            self.drop(key)
            return None
        return entry

    def put(self, key: str, entry: _Entry) -> None:
        size = len(entry[3])
        if size > self.LIMIT_BYTES // 8:
            return  # a page this large is rare: kept, it would push out many others
        with self.lock:
            self._drop(key)
            while self.answers and self.size + size > self.LIMIT_BYTES:
                self._drop(next(iter(self.answers)))
            self.answers[key] = entry
            self.size += size

    def drop(self, key: str) -> None:
        with self.lock:
            self._drop(key)

    def clear(self) -> None:
        with self.lock:
            self.answers, self.size = {}, 0

    def _drop(self, key: str) -> None:
        entry = self.answers.pop(key, None)
        if entry is not None:
            self.size -= len(entry[3])


_kept = _KeptAnswers()


def _read_many(keys: list[str]) -> dict[str, object]:
    # The Redis cache reads them on a connection of its own (portal/redis_cache.py); any other
    # cache (tests' local memory) as Django does.
    return getattr(cache, "read_many", cache.get_many)(keys)


class PageCacheMiddleware:
    """Answer repeated anonymous views from the cache before the rest of the stack runs.

    Third in MIDDLEWARE (below the request id and conditional GET). A hit costs one round trip
    to the cache (the path's generation, the content version and, unless this process keeps the
    answer already, the stored answer, in one ``MGET``) and no other middleware, view or query:
    that is what lets two cores serve a thousand pages a second.
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
        kept = _kept.get(key)
        found = _read_many(
            [generation_key, CONTENT_VERSION_KEY] if kept else [generation_key, CONTENT_VERSION_KEY, key]
        )
        version = found.get(CONTENT_VERSION_KEY)
        if version is None:
            version = content_version()  # the first request after a flush sets one
        else:
            remember_content_version(version)  # the view's cached entries need not ask again
        # Both read before the view runs: a change made while it renders retires its answer.
        tag = f"{found.get(generation_key, _FIRST_GENERATION)} {version}"
        if kept is not None:
            if kept[0] == tag:
                return with_fresh_nonce(_answer(kept))
            # Retired here; the cache may hold an answer another process stored under this tag.
            _kept.drop(key)
            found = _read_many([key])
        stored = found.get(key)
        if stored is not None and stored[0] == tag:
            _kept.put(key, stored)
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


# (tag, status, headers as Django keeps them: {lower-case name: (name, value)}, body, ETag, expiry)
_Entry = tuple[str, int, dict[str, tuple[str, str]], bytes, str, float]
_HIT = {CACHE_STATUS_HEADER.lower(): (CACHE_STATUS_HEADER, "hit")}


def _entry(tag: str, response: HttpResponseBase) -> _Entry:
    # Plain values rather than the response object: smaller to store, quicker to unpickle. A
    # stored answer is one that conditional GET validates (portal/conditional.py: a 200 to a GET,
    # neither personal nor private), so its ETag is kept apart and set after the cache status,
    # where conditional GET would have put it; an ETag the view set itself stays in its place.
    etag = "" if response.has_header("ETag") else response_etag(response)
    headers = {
        lower: header
        for lower, header in response.headers._store.items()
        if lower != CACHE_STATUS_HEADER.lower()
    }
    # When the cache lets the entry go: a copy a process keeps (_KeptAnswers) goes then too.
    expires = time.time() + settings.PAGE_CACHE_SECONDS
    return (tag, response.status_code, headers, response.content, etag, expires)


def _answer(stored: _Entry) -> HttpResponse:
    _tag, status, headers, content, etag, _expires = stored
    response = HttpResponse(content, status=status)
    # The headers as the rendered answer held them, in its order: checked and converted when it
    # was given them (ResponseHeaders.__setitem__), so written back as they are. Setting them one
    # by one checked each name and value again, a tenth of a hit's CPU.
    store = response.headers._store
    store.update(headers)
    store.update(_HIT)
    if etag:
        store["etag"] = ("ETag", etag)
    return response
