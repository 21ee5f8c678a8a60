"""The C allocator of a gunicorn worker: fewer arenas, and free memory handed back between requests.

Why (BENCHMARKS.md, "Session 12: memory per worker"): a worker's private memory that is neither
Python objects nor the index files is glibc's heap. tantivy (Rust, through the system allocator)
and Python's larger objects allocate there, and the facet counts run on the engine's thread pool
(``EmbeddedEngine._pool``), so glibc gives those threads arenas of their own (up to eight per
core); memory freed in an arena stays with the process until that arena's top is free. At
100,000 experts this is the part of a worker's PSS that grows with the load, not with the data:
two arenas and a trim between requests keep it near what the live caches hold.

Only glibc has ``mallopt(M_ARENA_MAX)`` and ``malloc_trim``; elsewhere (musl, macOS) both calls
do nothing and the worker runs as before.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable
from typing import Any

__all__ = ["ARENAS", "TRIM_INTERVAL", "HeapTrimmer", "limit_arenas"]

ARENAS = 2
"""glibc arenas per worker: the request's thread and the engine's pool share two instead of one
each (a sync worker serves one request at a time, so they rarely contend)."""

TRIM_INTERVAL = 1.0
"""Seconds between two trims of one worker: a trim costs ~1 ms of CPU at 100,000 experts (it
walks every arena's free chunks), so at most once a second is under 0.1 % of a core."""

_M_ARENA_MAX = -8  # glibc's malloc.h


def _glibc() -> Any | None:
    """The C library of this process if it is glibc (it has both calls), else None."""
    try:
        library = ctypes.CDLL(None)
    except OSError:
        return None
    if not hasattr(library, "mallopt") or not hasattr(library, "malloc_trim"):
        return None
    return library


def limit_arenas(*, arenas: int = ARENAS, library: Any | None = None) -> bool:
    """Cap the allocator's arenas for the threads this process starts from now on (call it in a
    fresh worker, before its first request). True when the allocator took the setting."""
    library = library if library is not None else _glibc()
    if library is None:
        return False
    return bool(library.mallopt(_M_ARENA_MAX, int(arenas)))


class HeapTrimmer:
    """Hands the allocator's free memory back to the system, at most once per ``interval``.

    Called after each request (gunicorn's ``post_request``): the memory a request freed is
    returned before the next one, instead of staying as the process's high-water mark.
    """

    def __init__(
        self,
        *,
        interval: float = TRIM_INTERVAL,
        library: Any | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._library = library if library is not None else _glibc()
        self._interval = interval
        self._clock = clock
        self._last: float | None = None

    def __call__(self) -> bool:
        """Trim if the last trim is at least ``interval`` old; True when it trimmed."""
        if self._library is None:
            return False
        now = self._clock()
        if self._last is not None and now - self._last < self._interval:
            return False
        self._last = now
        self._library.malloc_trim(0)
        return True
