"""Structured logs: one JSON object a line, each carrying the request id, secrets redacted.

- :class:`RequestIdMiddleware` (first in MIDDLEWARE) gives every request an id: the proxy's
  ``X-Request-ID`` when it is a plain token, a new one otherwise. It is sent back in the response
  header and added to every log line written while the request is served, and one line per
  request records method, path, status, duration and user id.
- :class:`JsonFormatter` writes the lines (``LOGGING`` in settings, and gunicorn's own log through
  deploy/gunicorn.conf.py). Errors Django logs for a request (``django.request``) carry its path,
  method, user id and request id next to the traceback.
- :func:`redact` takes out what must never reach a log: sign-in, invitation and password-reset
  tokens in paths, passwords in database URLs, bearer tokens and api keys, and the values of the
  secret environment variables. Its cost grows with the length of the text and no faster (every
  pattern is written so that the engine never rescans a run of characters from each of its
  positions), so a long request line cannot buy seconds of CPU.
- The request's query string is logged by parameter: sensitive names keep their name and lose their
  value, every other value is redacted on its own (decoded, where a link or URL inside it can be
  recognised), and only the first :data:`LOGGED_QUERY_LIMIT` characters are read at all.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote_plus

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponseBase

__all__ = [
    "LOGGED_PATH_LIMIT",
    "LOGGED_QUERY_LIMIT",
    "REQUEST_ID_HEADER",
    "JsonFormatter",
    "RequestIdMiddleware",
    "current_request_id",
    "logged_path",
    "redact",
]

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_META = "HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_")
# What we accept from the proxy: a plain token, so a forged header cannot break a log line.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

REDACTED = "[redacted]"
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Tokens carried in a path: sign-in links, invitation links, password-reset links.
    (re.compile(r"(/accounts/(?:sign-in/link|claim)/)[^/\s?\"']+"), rf"\1{REDACTED}"),
    (re.compile(r"(/accounts/password-reset/)[^/\s?\"']+/[^/\s?\"']+"), rf"\1{REDACTED}"),
    # user:password@ in URLs (DATABASE_URL, REDIS_URL, MEILISEARCH_URL). The scheme starts a word:
    # without the look-behind the engine retries `\w+` from every letter of a long word, which is
    # quadratic (16,000 letters cost a second). A password stops at "/" as URLs require (RFC 3986
    # userinfo has no "/"), so one URL's match never runs over the next URL in the same text.
    (re.compile(r"(?<!\w)(\w+://[^:/@\s]+:)[^/@\s]+@"), rf"\1{REDACTED}@"),
    (
        re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:bearer|basic|token)\s+)[^\s\"',]+"),
        rf"\1{REDACTED}",
    ),
    (
        re.compile(
            r"(?i)((?:api[_-]?key|token|secret|password|passwd|csrfmiddlewaretoken)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+"
        ),
        rf"\1{REDACTED}",
    ),
)
# How much of a request line a log keeps: a path and a query string are rarely longer, and an
# attacker's 100,000-character query must cost neither CPU nor log space.
LOGGED_PATH_LIMIT = 2048
LOGGED_QUERY_LIMIT = 2048
_SENSITIVE_PARAMETERS = frozenset({"token", "key", "api_key", "password", "secret", "signature", "code"})
_SECRET_ENVIRONMENT = (
    "SECRET_KEY",
    "MEILISEARCH_API_KEY",
    "MEILISEARCH_SEARCH_KEY",
    "EMAIL_HOST_PASSWORD",
    "SENTRY_DSN",
    "AWS_SECRET_ACCESS_KEY",
)


def _secret_values() -> list[str]:
    from portal.settings.environment import ENV

    # Short values would redact ordinary words; real secrets are long.
    return [value for value in (getattr(ENV, name) for name in _SECRET_ENVIRONMENT) if len(value) >= 8]


def redact(text: str) -> str:
    """``text`` without tokens, passwords, keys or the secret environment values."""
    return _redact(text, _secret_values())


def _redact(text: str, secrets: list[str]) -> str:
    # The secrets come in from the caller so that redacting a query's parameters one by one reads
    # the environment once, not once a parameter.
    if not text:
        return text
    for value in secrets:
        text = text.replace(value, REDACTED)
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def current_request_id() -> str:
    """The id of the request being served in this thread ("" outside a request)."""
    return _request_id.get()


def _user_id(request: HttpRequest) -> int | str | None:
    """The signed-in user's id: the user the request loaded, else the session's record of it."""
    user = getattr(request, "_cached_user", None)
    if user is not None:
        return user.pk if getattr(user, "is_authenticated", False) else None
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    try:
        stored = session.get(SESSION_KEY)
    except DatabaseError:
        # The database may be the very thing failing; the line is still written, without the id.
        return None
    # Sessions keep the id as text; lines give it as the user table does.
    return None if stored is None else get_user_model()._meta.pk.to_python(stored)


def logged_path(request: HttpRequest) -> str:
    """The request's path and query string as a log line may show them: redacted and capped.

    Redaction comes before any cut that could halve a secret: the path is redacted whole (linear
    in its length) and then cut; the query string is read up to the last whole parameter within
    :data:`LOGGED_QUERY_LIMIT` characters, redacted parameter by parameter, and cut again once
    encoded (``a`` comes back as ``a=``). A cut says how long the original was.
    """
    secrets = _secret_values()
    path = _redact(request.path, secrets)
    if len(path) > LOGGED_PATH_LIMIT:
        path = f"{path[:LOGGED_PATH_LIMIT]} …[path of {len(request.path)} characters cut]"
    raw_query = request.META.get("QUERY_STRING", "")
    read = raw_query
    if len(raw_query) > LOGGED_QUERY_LIMIT:
        # The parameter the cut goes through is dropped whole: half a secret is no longer
        # recognisable by its name or its pattern, yet still half a secret.
        read = raw_query[:LOGGED_QUERY_LIMIT].rpartition("&")[0]
    # The marker is written as it is, not percent-encoded, so that a line reads "token=[redacted]".
    query = "&".join(
        quote_plus(_redact(name, secrets))
        + "="
        + (REDACTED if name.lower() in _SENSITIVE_PARAMETERS else quote_plus(_redact(value, secrets)))
        for name, value in parse_qsl(read, keep_blank_values=True)
    )
    # The note after a cut starts with a space: the formatter redacts the line again, and a value
    # pattern (token=...) reads up to the first space.
    cut = read != raw_query or len(query) > LOGGED_QUERY_LIMIT
    if cut:
        query = f"{query[:LOGGED_QUERY_LIMIT]} …[query string of {len(raw_query)} characters cut]"
    return path + ("?" + query if query else "")


def request_context(request: HttpRequest) -> dict[str, Any]:
    """What a log line says about the request it was written for."""
    return {"method": request.method, "path": logged_path(request), "user_id": _user_id(request)}


class RequestIdMiddleware:
    """First in MIDDLEWARE: the request id, and one log line per request."""

    logger = logging.getLogger("portal.request")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # From META, not request.headers: building that mapping of every header cost a page
        # cache hit, which reads no other header through it, 8 µs of CPU (3 % of the hit).
        incoming = request.META.get(_REQUEST_ID_META, "")
        request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            status = response.status_code
            level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
            if not self.logger.isEnabledFor(level):
                # A server logging warnings only (LOG_LEVEL=WARNING) would still redact and encode
                # the path of every page it serves, a page cache hit included, for nothing.
                return response
            context = request_context(request)
            self.logger.log(
                level,
                "%s %s %s",
                request.method,
                context["path"],
                status,
                extra={
                    "request_id": request_id,
                    "status": status,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "page_cache": response.get("X-Page-Cache", ""),
                    **context,
                },
            )
            return response
        finally:
            _request_id.reset(token)


# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", "") or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            # django.request's error lines: where it happened and for whom.
            entry.update(request_context(request))
            entry.setdefault("request_id", getattr(request, "request_id", ""))
        for name, value in record.__dict__.items():
            if name in _STANDARD or name in entry or name == "request":
                continue
            entry[name] = value if isinstance(value, (int, float, bool, type(None))) else redact(str(value))
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
