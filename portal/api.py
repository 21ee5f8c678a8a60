"""What every read-only JSON API view shares: GET and HEAD only, anything else a JSON 405.

Why here and not with ``require_safe``: Django's CSRF check runs before the view, so a POST to
the API used to answer the HTML 403 page, and ``require_safe`` answers an empty text 405. An API
client should get JSON with a reason whatever it sends. The views are exempt from the CSRF check
because they refuse every unsafe method before reading anything: there is no state a forged
request could change.

CORS: the API is public and read-only, so a page on any origin may read it (``Access-Control-
Allow-Origin: *``, on errors too, so a client can read the reasons). Never with credentials: the
wildcard makes browsers send no cookie, so a cross-origin read sees only what a visitor sees. A
preflight ``OPTIONS`` (a client sending a header of its own) gets a 204 saying the same.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from portal.ratelimit import limit_search, too_many_requests_json

__all__ = ["read_only_api"]

SAFE_METHODS = ("GET", "HEAD")
ALLOWED_METHODS = (*SAFE_METHODS, "OPTIONS")
PREFLIGHT_MAX_AGE_SECONDS = 86400


def _allow_any_origin(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def read_only_api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``view`` answering GET and HEAD to any origin (CORS) and a preflight OPTIONS; any other
    method gets a JSON 405 with ``Allow``; a client over the search rate limit a JSON 429 with
    ``Retry-After`` (portal/ratelimit.py)."""
    view = limit_search(lambda request, decision: too_many_requests_json(decision))(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
            if "HTTP_ACCESS_CONTROL_REQUEST_HEADERS" in request.META:
                response["Access-Control-Allow-Headers"] = request.META["HTTP_ACCESS_CONTROL_REQUEST_HEADERS"]
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_SECONDS)
            return _allow_any_origin(response)
        if request.method not in SAFE_METHODS:
            response = JsonResponse(
                {
                    "error": "method not allowed",
                    "reasons": [_("This address answers only GET and HEAD requests.")],
                },
                status=405,
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return _allow_any_origin(response)
        return _allow_any_origin(view(request, *args, **kwargs))

    return csrf_exempt(wrapped)
