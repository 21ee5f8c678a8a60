"""Conditional GET: an ETag on every answer that is the same for every reader, and 304 when the
reader's copy is still current (RFC 9110 §13).

Which answers get a validator: 200s to GET and HEAD that are not streamed, do not ask never to be
stored (``no-store``) and are not personal. Personal means the request carries a session (a
signed-in reader, someone signing in) or the answer sets a cookie (a CSRF token for a form on the
page): such an answer is never given a validator, so a 304 can never stand for a page with
member-only details or a token that belongs to one visitor.

Why not Django's ConditionalGetMiddleware: it hashes the bytes, and no two views of a page carry
the same bytes. Every page has a fresh Content-Security-Policy nonce in its script tags (and the
page cache swaps in a new one on each hit, :func:`portal.page_cache.with_fresh_nonce`), so its
ETag would change on every request and never match. Here the ETag is a weak validator (same
meaning, not the same bytes, RFC 9110 §8.8.1) over the body with the nonce taken out. A 304
carries no Content-Security-Policy header (Django's ``HttpResponseNotModified`` keeps only the
validator and caching headers), so the browser keeps the policy whose nonce matches its copy.

Where it sits: outside the page cache, so a cached answer is validated as a rendered one is, and
a 304 is never what the page cache stores. The language is in every reader address (``/th/…``),
so a language variant is a different resource with its own ETag; ``Vary`` is carried onto the 304.
Answers that already carry an ETag (WhiteNoise's static files, which also stream) are left alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

__all__ = ["ConditionalGetMiddleware", "content_etag", "response_etag"]

_POLICY_NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=_-]+)'")
_CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
_NONCE_STANDIN = b"nonce"


def content_etag(*, content: bytes, nonces: tuple[str, ...] = ()) -> str:
    """A weak ETag for ``content``, the same whatever per-request ``nonces`` it carries."""
    for nonce in nonces:
        content = content.replace(nonce.encode(), _NONCE_STANDIN)
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def response_etag(response: HttpResponseBase) -> str:
    """The weak ETag of a rendered ``response``: its body with its policy's nonces taken out."""
    nonces = tuple(
        nonce for header in _CSP_HEADERS for nonce in _POLICY_NONCE.findall(response.get(header, ""))
    )
    return content_etag(content=response.content, nonces=nonces)


def _is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _validatable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "no-store" in cache_control or "private" in cache_control:
        return False
    return not _is_personal(request, response)


class ConditionalGetMiddleware:
    """ETag (and the view's Last-Modified, if it set one) checked against If-None-Match and
    If-Modified-Since; see the module docstring for which answers take part."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not _validatable(request, response):
            return response
        # A page cache hit carries the ETag computed when its answer was stored (one hash of the
        # body per rendering, not per view).
        if not response.has_header("ETag"):
            response["ETag"] = response_etag(response)
        last_modified = (
            parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
        )
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
