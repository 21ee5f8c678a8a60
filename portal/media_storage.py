"""Where uploaded media live: the media directory, or an S3-compatible bucket.

Why a bucket: app processes on several hosts (or containers without a shared volume) must read
and write the same files. With ``AWS_STORAGE_BUCKET_NAME`` set, Django's default storage, and so
Wagtail's documents and images with their renditions and the experts' photos, is
django-storages' S3 backend. The bucket stays private: every address the storage gives is
signed and expires (``AWS_QUERYSTRING_EXPIRE``), and files whose readers must be checked never
get such an address in a page: documents go through Wagtail's document view (which checks a
private collection's restriction, then redirects to a signed address) and expert photos through
``experts.photos.photo_view`` (the same).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, default_storage
from django.utils.translation import gettext_lazy as _

from portal.settings.environment import Environment

__all__ = [
    "CONNECT_TIMEOUT_S",
    "FILE_STORE_DOWN_MESSAGE",
    "MIN_SIGNED_URL_SECONDS",
    "PROBE_TIMEOUT_S",
    "READ_TIMEOUT_S",
    "FileStoreUnavailable",
    "file_store_answers",
    "media_storage",
    "store_down_errors",
    "uses_bucket",
]

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3
READ_TIMEOUT_S = 8
PROBE_TIMEOUT_S = 2
"""How long an upload form waits for the bucket to answer before it says the file store is down:
one attempt, not the storage's ~2 × (3 + 8) s, so a hung server costs the form seconds."""
FILE_STORE_DOWN_MESSAGE = _(
    "The file store is not answering, so this file was not saved. Everything else you entered is "
    "kept; please try the file again in a few minutes."
)
MIN_SIGNED_URL_SECONDS = 10 * 60
"""Shortest life of a signed address: pages holding them are cached for 5 minutes
(PAGE_CACHE_SECONDS' default) and so are the photo view's redirects; twice that leaves a margin."""


def uses_bucket(env: Environment) -> bool:
    return bool(env.AWS_STORAGE_BUCKET_NAME)


def media_storage(env: Environment) -> dict[str, Any]:
    """``STORAGES["default"]`` for this environment."""
    if not uses_bucket(env):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if env.AWS_QUERYSTRING_EXPIRE < MIN_SIGNED_URL_SECONDS:
        raise ImproperlyConfigured(
            f"AWS_QUERYSTRING_EXPIRE must be at least {MIN_SIGNED_URL_SECONDS} seconds: cached pages "
            "and photo redirects hold signed addresses for up to 5 minutes."
        )
    if env.AWS_S3_ADDRESSING_STYLE not in ("", "path", "virtual", "auto"):
        raise ImproperlyConfigured("AWS_S3_ADDRESSING_STYLE must be path, virtual or auto.")
    # Imported here: a portal without a bucket never loads botocore.
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.AWS_S3_ENDPOINT_URL or None,
            "region_name": env.AWS_S3_REGION_NAME or None,
            "access_key": env.AWS_ACCESS_KEY_ID or None,
            "secret_key": env.AWS_SECRET_ACCESS_KEY or None,
            # boto3 waits 60 s to connect and 60 s for each answer, four times over, by default:
            # a hung storage server would hold a gunicorn worker past its 30 s timeout on every
            # upload. At most ~2 × (3 + 8) s here, then the upload fails with an error.
            "client_config": Config(
                s3={"addressing_style": env.AWS_S3_ADDRESSING_STYLE or None},
                signature_version="s3v4",
                connect_timeout=CONNECT_TIMEOUT_S,
                read_timeout=READ_TIMEOUT_S,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
            # Under one prefix, so the bucket may hold other things (backups, static files).
            "location": env.AWS_LOCATION.strip("/"),
            # Objects take the bucket's own (private) access; never a public-read ACL.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.AWS_QUERYSTRING_EXPIRE,
            # Two uploads with one name get two objects, as on disk (an overwrite would change a
            # photo or document under an address someone already holds).
            "file_overwrite": False,
        },
    }


class FileStoreUnavailable(OSError):
    """The media storage did not answer (refused, unreachable or timed out): not the user's fault."""


def store_down_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean the bucket did not answer (no answer at all, not a refusal such as
    403): a connection refused or reset, a timeout. Empty without botocore (files on disk)."""
    try:
        from botocore.exceptions import ConnectionError as BotoConnectionError
        from botocore.exceptions import HTTPClientError
    except ImportError:  # pragma: no cover - botocore is a dependency
        return ()
    return (BotoConnectionError, HTTPClientError)


def file_store_answers(storage: Storage | None = None) -> bool:
    """Whether the media storage answers now: one HEAD of the bucket with short timeouts.

    Always True for files on disk. Upload forms ask before they take a file, so that a storage
    outage becomes a message on the form instead of a server error after 20 s of retries.
    """
    storage = storage if storage is not None else default_storage
    bucket = getattr(storage, "bucket_name", None)
    if not bucket or not hasattr(storage, "_create_session"):
        return True
    from botocore.config import Config
    from botocore.exceptions import ClientError

    config = Config(
        connect_timeout=PROBE_TIMEOUT_S, read_timeout=PROBE_TIMEOUT_S, retries={"total_max_attempts": 1}
    )
    client = storage._create_session().client(
        "s3",
        region_name=storage.region_name,
        use_ssl=storage.use_ssl,
        endpoint_url=storage.endpoint_url,
        config=storage.client_config.merge(config) if storage.client_config else config,
        verify=storage.verify,
    )
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        return True  # it answered (a refusal of HEAD is not an outage; the upload will tell)
    except store_down_errors() as error:
        logger.warning("media storage not answering: %s", error)
        return False
    return True
