"""What the account views need of HTTP, and lend to the directory's views: the no-referrer decorator
for pages reached from secret links, the site's base URL for e-mailed links and the check that a
``next`` address stays on this site.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_CLAIM_TOKEN = "experts.claim.token"  # noqa: S105 - a session key name, not a secret


def no_referrer(view):
    """Pages reached from an e-mailed secret link must not leak their address to other sites."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _base_url(request: HttpRequest) -> str:
    # E-mailed links use the configured public address, never the request's Host header, so a
    # forged Host cannot point a sign-in link at someone else's server.
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
