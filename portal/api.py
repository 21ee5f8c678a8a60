"""The read-only JSON API (/api/v1/*): one django-ninja declaration per operation validates the
parameters, shapes the answer and is the OpenAPI document (/api/v1/openapi.json, read by people
at /api/v1/docs).

Why one declaration: a hand-written description drifted from the code (free-string facets the API
refused, an empty ``city=`` the description allowed, untyped results). Here each parameter is a
type whose validator and JSON Schema come from the same object (:class:`Checked`), built from the
vocabulary the code accepts (portal.filters.Filter, the sort orders, the page limits), so the two
cannot disagree; answers are validated against their models before they leave.

What every operation shares, whatever ninja does (:func:`read_only_api`): GET and HEAD only,
anything else a JSON 405 with ``Allow``. Django's CSRF check runs before the view, so a POST to
the API used to answer the HTML 403 page; an API client should get JSON with a reason whatever it
sends. The views are exempt from the CSRF check because they refuse every unsafe method before
reading anything: there is no state a forged request could change.

CORS: the API is public and read-only, so a page on any origin may read it (``Access-Control-
Allow-Origin: *``, on errors too, so a client can read the reasons). Never with credentials: the
wildcard makes browsers send no cookie, so a cross-origin read sees only what a visitor sees. A
preflight ``OPTIONS`` (a client sending a header of its own) gets a 204 saying the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from portal.i18n import is_portal_language, language_codes
from portal.ratelimit import limit_search, too_many_requests_json

__all__ = [
    "ApiError",
    "Checked",
    "Refused",
    "api_urlpatterns",
    "build_api",
    "get_and_head",
    "language_parameter",
    "read_only_api",
]

PREFIX = "api/v1/"
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


# --- Parameters: one object validates a value and describes it ----------------------------------


class Refused(ValueError):
    """A parameter value the API does not accept: the reasons shown to the client, one line each."""

    def __init__(self, *reasons: str) -> None:
        super().__init__("\n".join(reasons))


class Checked:
    """``Annotated[T, Checked(check, schema)]``: a parameter of type ``T`` that ``check`` cleans
    (raising :class:`Refused` with the reason for the client) and ``schema`` describes as JSON
    Schema. ``schema`` is called each time the document is built, so enums follow the vocabulary
    editors keep (a new city is accepted and described at once)."""

    def __init__(self, check: Callable[[Any], Any], schema: Callable[[], dict[str, Any]]) -> None:
        self.check = check
        self.schema = schema

    def _validate(self, value: Any) -> Any:
        try:
            return self.check(value)
        except Refused as refused:
            raise PydanticCustomError("refused", "{reason}", {"reason": str(refused)}) from None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._validate, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return self.schema()


def _check_language(value: str) -> str:
    if value and not is_portal_language(value):
        raise Refused(
            _("lang must be one of %(choices)s, not %(value)r")
            % {"choices": ", ".join(language_codes()), "value": value[:20]}
        )
    return value


def language_parameter(description: str) -> Checked:
    """``lang``: the language of the answer's texts and addresses ("" or absent: the request's)."""
    return Checked(
        _check_language,
        lambda: {"type": "string", "enum": [*language_codes(), ""], "description": description},
    )


# --- Answers --------------------------------------------------------------------------------------


class ApiError(BaseModel):
    """Every refusal: a fixed word for programs and the reasons in words, one line each."""

    error: str
    reasons: list[str]


class UnicodeJSONRenderer(JSONRenderer):
    # Names in Thai or Vietnamese stay readable (and a third shorter) instead of \\u escapes.
    json_dumps_params = {"ensure_ascii": False}


def _refusal(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A parameter the declaration refused: 400 in the API's error shape (not ninja's 422)."""
    reasons = []
    for item in error.errors:
        if item.get("type") == "refused":
            reasons.extend(str(item["msg"]).split("\n"))
        else:  # what pydantic refuses before a check runs (e.g. a list given for one value)
            name = item.get("loc", ("", ""))[-1]
            reasons.append(f"{name}: {item.get('msg', '')}")
    return JsonResponse({"error": "bad request", "reasons": reasons}, status=400)


def _reraise(request: HttpRequest, error: Exception) -> HttpResponse:
    # Never ninja's plain-text traceback (DEBUG): portal.views.server_error answers JSON (500, or
    # 503 while the database is down).
    raise error


RESPONSE_DESCRIPTIONS = {
    "200": "The answer",
    "400": "A parameter is not acceptable; `reasons` says which, one line each",
    "405": "Only GET and HEAD are answered (JSON, with `Allow`)",
    "429": "Too many requests from this address; `Retry-After` says when to ask again",
    "503": "The search engine is not answering; `Retry-After` says when to ask again",
}
# Answered by read_only_api before an operation runs, so described for every operation.
SHARED_REFUSALS = {405: ApiError, 429: ApiError}


def get_and_head(router: Router, route: str, **options: Any) -> Callable[[Callable], Callable]:
    """Register a GET operation and HEAD on the same view (RFC 9110: HEAD wherever GET works;
    uptime monitors and link checkers send it). HEAD is left out of the description: it is
    HTTP's, not the API's, and the server drops the body."""

    def decorator(view: Callable) -> Callable:
        router.api_operation(["GET"], route, **options)(view)
        router.api_operation(["HEAD"], route, **{**options, "include_in_schema": False})(view)
        return view

    return decorator


class PortalAPI(NinjaAPI):
    def get_content_type(self) -> str:
        # "application/json" as the API always answered: JSON is UTF-8 by definition (RFC 8259).
        return self.renderer.media_type


def build_api(*, routers: Iterable[tuple[str, Router]]) -> NinjaAPI:
    api = PortalAPI(
        title="Clean Air Knowledge Exchange API",
        version="1",
        description=(
            "Read-only search of the portal's experts directory and knowledge library, and "
            "partner suggestions for twinning. GET and HEAD from any origin, no credentials."
        ),
        urls_namespace="api-v1",
        openapi_url=None,
        docs_url=None,
        renderer=UnicodeJSONRenderer(),
    )
    api.add_exception_handler(ValidationError, _refusal)
    api.add_exception_handler(Exception, _reraise)
    for prefix, router in routers:
        api.add_router(prefix, router)
    return api


def openapi_document(api: NinjaAPI) -> dict[str, Any]:
    document = api.get_openapi_schema(path_prefix=PREFIX)
    # ninja's "OK"/"Bad Request" say less than the portal can.
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                response["description"] = RESPONSE_DESCRIPTIONS.get(str(status), response["description"])
    document.pop("servers", None)  # none given: clients use the address they read it from
    return json.loads(json.dumps(document))  # status keys as JSON has them ("200")


def _in_requested_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Validate and answer in the language ``lang`` asks for, so the reasons of a refusal are in
    it too (a ``lang`` the portal does not speak is refused in the request's language)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request.GET.get("lang", "")
        if is_portal_language(language):
            with translation.override(language):
                return view(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapped


def api_urlpatterns(api: NinjaAPI) -> list[URLPattern]:
    """The operations at /api/v1/…, the OpenAPI document and its docs page, each behind
    :func:`read_only_api`."""
    patterns = []
    seen = set()
    for pattern in api.urls[0]:
        route = str(pattern.pattern)
        # ninja gives one pattern per operation (GET and HEAD share a view) and a root page;
        # nothing lives at /api/v1/ itself.
        if not route or route in seen:
            continue
        seen.add(route)
        view = read_only_api(_in_requested_language(pattern.callback))
        patterns.append(path(PREFIX + route, view, name=pattern.name))

    @read_only_api
    def openapi_view(request: HttpRequest) -> JsonResponse:
        return JsonResponse(openapi_document(api), json_dumps_params={"ensure_ascii": False})

    @read_only_api
    def docs_view(request: HttpRequest) -> HttpResponse:
        # Swagger UI from ninja's own static files (no CDN) under the strict policy: its scripts
        # are files of this site, its settings a JSON block that is data, not code.
        openapi_url = f"/{PREFIX}openapi.json"
        # No validator badge: Swagger UI would send the document to validator.swagger.io.
        settings = {"url": openapi_url, "layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}
        context = {"title": api.title, "openapi_url": openapi_url, "swagger_settings": settings}
        return render(request, "api/docs.html", context)

    patterns += [
        path(f"{PREFIX}openapi.json", openapi_view, name="api_openapi"),
        path(f"{PREFIX}docs", docs_view, name="api_docs"),
    ]
    return patterns
