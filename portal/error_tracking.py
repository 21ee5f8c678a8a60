"""Error tracking with Sentry, off unless ``SENTRY_DSN`` is set and sentry-sdk is installed.

Why optional: the JSON logs already carry every error with its request id (docs/deploy.md,
"Logs and errors"); a hosting team that runs Sentry (or a compatible server such as GlitchTip)
gets grouping and alerts by setting one variable. sentry-sdk is not in the locked dependencies:
install it in the image (``pip install sentry-sdk``) to use this. With the variable set and the
package missing, the portal starts as usual and says so once in the log.

What is sent: the exception, its stack and the request's method and path. No cookies, headers,
user identity or request bodies (``send_default_pii`` off, no bodies), and the URL and message
pass through :func:`portal.logs.redact` so sign-in tokens and keys never leave.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from portal.logs import redact

__all__ = ["init_error_tracking", "scrub_event"]

logger = logging.getLogger(__name__)


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_send``: tokens, passwords and keys out of the URL, query and message."""
    request = event.get("request") or {}
    for key in ("url", "query_string"):
        if isinstance(request.get(key), str):
            request[key] = redact(request[key])
    for key in ("cookies", "headers", "data", "env"):
        request.pop(key, None)
    if isinstance(event.get("message"), str):
        event["message"] = redact(event["message"])
    for value in (event.get("exception") or {}).get("values") or []:
        if isinstance(value.get("value"), str):
            value["value"] = redact(value["value"])
    return event


def init_error_tracking(*, dsn: str, environment: str = "production") -> bool:
    """Start Sentry when ``dsn`` is set and sentry-sdk is installed; whether it started."""
    if not dsn:
        return False
    try:
        sentry_sdk = importlib.import_module("sentry_sdk")
        django_integration = importlib.import_module("sentry_sdk.integrations.django")
    except ImportError:
        logger.warning("SENTRY_DSN is set but sentry-sdk is not installed: errors go to the log only")
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[django_integration.DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=scrub_event,
    )
    return True
