"""Request-level defences: the client's address, the Content-Security-Policy, refusing NUL characters.

The Content-Security-Policy is strict and nonce-based on public pages, relaxed for the admin.
The Wagtail admin ships inline scripts and styles and previews pages in same-origin frames (its
preview views set X-Frame-Options: SAMEORIGIN themselves), so it gets a policy of its own.
"""

import ipaddress
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request``: the one thing sign-in lockout and every
    per-client limit count by (django-axes reads it through ``AXES_CLIENT_IP_CALLABLE``).

    With no trusted proxy (``TRUSTED_PROXY_COUNT`` 0) it is the peer address: X-Forwarded-For is
    then whatever the client chose to send. Behind N proxies that each append the address they
    saw, the client is the N-th entry from the right: the entry the outermost trusted proxy
    appended. Entries to the left of it came with the request and are the client's to forge, so
    they are never read. A request with fewer entries than trusted proxies did not come through
    them all (a probe from inside the network), and one whose entry is not an address was not
    written by our proxy: both count as the peer.
    """
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        return peer
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


def axes_client_address(request: HttpRequest) -> str | None:
    """``client_address`` for django-axes, or None when it is not an IP address.

    Axes stores the address in an IP column: PostgreSQL refuses the "unknown" a request without
    a peer address gives (``force_login``, a unix-socket server), and the sign-in would fail
    with a database error instead of being recorded without one.
    """
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def is_admin_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(tuple(settings.ADMIN_PATH_PREFIXES))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


def _has_nul(values: object) -> bool:
    return any("\x00" in key or any("\x00" in value for value in items) for key, items in values.lists())


class RejectNulBytesMiddleware:
    """Answer 400 to any request with a NUL character in its path, query or form fields.

    No slug, search query or form value of the portal contains one, and PostgreSQL refuses text
    holding it (a 500 wherever a raw parameter reaches a query). Refusing it once here keeps every
    present and future view safe. It sits after the header middlewares, so the 400 carries them,
    and before the redirects middleware, which looks 404 paths up in the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        form_body = request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        if (
            "\x00" in request.path_info
            or _has_nul(request.GET)
            or (request.method == "POST" and form_body and _has_nul(request.POST))
        ):
            reason = _("A NUL character is not allowed in an address or a form.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"error": "bad request", "reasons": [str(reason)]}, status=400)
            return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# Powerful browser features the portal never uses, refused for its pages and anything they embed.
# Fullscreen, autoplay and picture-in-picture are left alone: the embedded videos (YouTube, Vimeo,
# allowed by frame-src) use them. Only features browsers know, so none logs a console error.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    """A ``Permissions-Policy`` header on every answer (Django has no setting for it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
