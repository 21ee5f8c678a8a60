"""The Meilisearch client's errors as the portal's: SearchEngineError, with what was being done."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchError,
    MeilisearchTimeoutError,
)

from portal.search.engines.base import SearchEngineError


@contextlib.contextmanager
def _engine_errors(what: str) -> Iterator[None]:
    """Turn the client's errors (unreachable, refused, timed out) into SearchEngineError."""
    try:
        yield
    except MeilisearchApiError as error:
        raise SearchEngineError(
            f"{what}: Meilisearch answered {error.status_code}: {error.message}"
        ) from error
    except (MeilisearchCommunicationError, MeilisearchTimeoutError) as error:
        raise SearchEngineError(f"{what}: Meilisearch unreachable: {error.message}") from error
    except MeilisearchError as error:
        raise SearchEngineError(f"{what}: {error.message}") from error
