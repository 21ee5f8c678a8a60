"""A small circuit breaker: after a failure, a dependency is skipped for a few seconds.

A service that refuses connections costs little to retry, but one that accepts them and never
answers costs its whole timeout on every call; with a breaker, a process pays that at most once
per window. Used for Redis (portal/redis_cache.py) and Meilisearch's search calls
(portal/search/engines/meilisearch/). One breaker per dependency and process, shared by its
threads. Opening is logged once (WARNING, with the error), closing once (INFO, with how long it
was open); the failed retries in between are not.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["CircuitBreaker"]

logger = logging.getLogger(__name__)


@dataclass
class CircuitBreaker:
    """``allows()`` before a call; ``failed(error)`` or ``succeeded()`` after it."""

    name: str
    seconds: float
    # Called (outside the lock) when a call succeeds after the circuit was open.
    on_close: Callable[[], None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    open_until: float = 0.0
    opened_at: float | None = None
    last_error: str = ""

    def allows(self) -> bool:
        # Once the window has passed every caller may try; the first success closes the circuit.
        return self.opened_at is None or time.monotonic() >= self.open_until

    def failed(self, error: BaseException) -> None:
        with self.lock:
            newly_open = self.opened_at is None
            now = time.monotonic()
            if newly_open:
                self.opened_at = now
            self.open_until = now + self.seconds
            self.last_error = f"{type(error).__name__}: {error}"
        if newly_open:
            logger.warning(
                "%s failed (%s); skipped for %.0f s at a time until it answers",
                self.name,
                self.last_error,
                self.seconds,
            )

    def succeeded(self) -> None:
        if self.opened_at is None:
            return
        with self.lock:
            opened_at, self.opened_at = self.opened_at, None
            self.open_until = 0.0
        if opened_at is None:
            return  # another thread closed it first
        logger.info("%s answers again after %.1f s", self.name, time.monotonic() - opened_at)
        if self.on_close is not None:
            self.on_close()

    def state(self) -> dict[str, object] | None:
        """None while closed; else how long it has been open and the error that opened it."""
        opened_at = self.opened_at
        if opened_at is None:
            return None
        return {"open_for_s": round(time.monotonic() - opened_at, 1), "error": self.last_error}
