"""Per-client request counters in fixed windows, and the limit on search and the JSON API.

Why fixed windows (``scope``, client, window number): one cache key per client and window, one
``incr`` per request, and the moment the window ends is known, so a refused client is told
exactly when to come back (``Retry-After``) instead of guessing.

While Redis is down no count is kept (portal/redis_cache.py answers as if the counter did not
exist), so every limit fails open: refusing instead would turn a cache outage into a full one.

The proxy limits first (deploy/nginx.conf: a burst allowance per address, 429 with
``Retry-After``); these limits are what remains when the app runs without it, and they count the
same client (``portal.security.client_address``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from portal.content_cache import CONTENT_VERSION_KEY, remember_content_version
from portal.security import client_address

__all__ = ["RateDecision", "count_request", "limit_search", "too_many_requests_json"]

clock = time.time
"""The wall clock windows are numbered by (a name of its own so tests can hold it still)."""


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int
    retry_after_s: int
    """Seconds until the current window ends (when a refused client may ask again)."""


def count_request(
    *,
    scope: str,
    client: str,
    limit: int,
    window_s: int,
    now: float | None = None,
    with_content_version: bool = False,
) -> RateDecision:
    """Count one request of ``client`` in ``scope``; refused once it is over ``limit`` in the window.

    ``with_content_version``: the request will read the content version (portal/content_cache.py)
    next, so it is read with the count, in the same round trip to Redis.
    """
    now = clock() if now is None else now
    window = int(now // window_s)
    retry_after = max(1, int((window + 1) * window_s - now + 0.999))
    key = f"ratelimit:{scope}:{client}:{window}"
    # add() then incr(): atomic in Redis, and the first request of a window creates the key with
    # an expiry, so counters never outlive their window. The Redis cache does both in one round
    # trip (portal.redis_cache.ResilientRedisCache.count); other caches in two.
    try:
        count_and_get = getattr(cache, "count_and_get", None)
        if count_and_get is not None:
            read = CONTENT_VERSION_KEY if with_content_version else None
            count, version = count_and_get(key, timeout=window_s + 1, get=read)
            if version is not None:
                remember_content_version(version)
        else:
            cache.add(key, 0, timeout=window_s + 1)
            count = cache.incr(key)
    except ValueError:
        # Gone between add() and incr() (expired, evicted, or Redis down): count this one alone.
        count = 1
    return RateDecision(allowed=count <= limit, count=count, retry_after_s=retry_after)


def too_many_requests_json(decision: RateDecision) -> JsonResponse:
    """429 JSON with a reason and ``Retry-After``, in the API's error shape."""
    response = JsonResponse(
        {
            "error": "too many requests",
            "reasons": [
                _("too many requests from your address; try again in %(seconds)d seconds")
                % {"seconds": decision.retry_after_s}
            ],
        },
        status=429,
    )
    response["Retry-After"] = str(decision.retry_after_s)
    return response


def limit_search(
    answer: Callable[[HttpRequest, RateDecision], HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a view to ``SEARCH_RATE_LIMIT_PER_MINUTE`` requests per client (0: no limit), shared
    by the search page and the JSON API: the same client asking either counts against one budget.
    ``answer`` renders the refusal (JSON for the API, a page for readers)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            limit = settings.SEARCH_RATE_LIMIT_PER_MINUTE
            if limit > 0:
                # Searching reads the content version (labels, synonyms, picks): it comes with the count.
                decision = count_request(
                    scope="search",
                    client=client_address(request),
                    limit=limit,
                    window_s=60,
                    with_content_version=True,
                )
                if not decision.allowed:
                    return answer(request, decision)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
