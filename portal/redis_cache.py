"""The Django cache on Redis, made to degrade to "nothing cached" while Redis is down or hung.

Everything the portal keeps in Redis can be rebuilt (pages, the content cache, renditions, the
per-client counters of experts/accounts/ratelimit.py); sessions and the sign-in lockout live in the
database. So losing Redis must cost speed, never an answer: each operation that fails is answered
as a miss (``get`` gives the default, ``set`` stores nothing, ``incr`` finds no counter), never as
an exception that becomes a 500.

A hung Redis (accepting connections, answering nothing) would still cost every request its socket
timeout, and a refused one a connection attempt per operation. Hence two more defences:

- short socket timeouts (``socket_connect_timeout``/``socket_timeout`` in OPTIONS, 0.25 s by
  default; a healthy Redis on the private network answers in well under a millisecond);
- a circuit breaker per Redis address and process: after a failure, Redis is skipped for
  ``circuit_breaker_seconds`` (5 s by default), so a request pays for at most one failed attempt
  in each window, not one per operation. After the window one operation tries again; if it works
  the circuit closes (portal/circuit.py: opening is logged once, as a WARNING naming the error,
  and closing once).

What the outage costs afterwards: content version changes (portal/content_cache.py) and page
purges (portal/page_cache.py) made while Redis was unreachable never reached it. When the circuit
closes, :data:`cache_recovered` is sent, and the content cache starts a new version so nothing
built before the outage is served as current: neither a cached entry nor a cached page, which
carries the version it was rendered under.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

from portal.circuit import CircuitBreaker

__all__ = ["ResilientRedisCache", "breaker_state", "cache_recovered", "redis_cache_settings"]

T = TypeVar("T")

DEFAULT_SOCKET_TIMEOUT_S = 0.25
DEFAULT_BREAKER_SECONDS = 5.0

# Sent (with no arguments besides the sender, the location) when Redis answers again after the
# circuit was opened in this process.
cache_recovered = Signal()


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def _without_credentials(location: str) -> str:
    # REDIS_URL may carry a password (redis://:secret@host): never in a log line or /healthz.
    parts = [urlsplit(server) for server in location.split(",")]
    return ",".join(f"{part.hostname}:{part.port or 6379}{part.path}" for part in parts)


def _breaker_for(location: str, seconds: float) -> CircuitBreaker:
    # Django makes one cache object per thread; the circuit belongs to the process.
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = CircuitBreaker(
                name=f"cache: Redis at {location}",
                seconds=seconds,
                on_close=lambda: cache_recovered.send(sender=location),
            )
        return breaker


def breaker_state() -> dict[str, dict[str, Any]]:
    """Each Redis address this process uses whose circuit is open, with the error that opened it
    (for /healthz's staff details)."""
    states = {location: breaker.state() for location, breaker in list(_breakers.items())}
    return {location: state for location, state in states.items() if state is not None}


def redis_cache_settings(url: str) -> dict[str, Any]:
    """The ``CACHES`` of a portal with Redis at ``url`` (settings/base.py, and the fault tests).

    0.25 s is hundreds of times what a healthy Redis on the private network takes, and short
    enough that the one operation per window that meets a hung Redis costs a reader little.
    """
    return {
        "default": {
            "BACKEND": "portal.redis_cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": DEFAULT_SOCKET_TIMEOUT_S,
                "socket_timeout": DEFAULT_SOCKET_TIMEOUT_S,
                "circuit_breaker_seconds": DEFAULT_BREAKER_SECONDS,
            },
        }
    }


class _OneClientPerPool(RedisCacheClient):
    """Django's Redis client wrapper, keeping one ``redis.Redis`` object per connection pool.

    Django builds a new ``redis.Redis`` for every operation; its constructor (a copy of the
    response callbacks, the connection options) cost about half of each cache read's CPU on
    the reader pages, which read the cache several times a request. A ``redis.Redis`` over a
    pool is safe to share (each command borrows a connection from the pool, which also notices
    a fork), so one per pool does.
    """

    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        # Pools live as long as this object (self._pools), so their ids stay theirs.
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _Unavailable(Exception):
    """Redis is skipped or failed: the caller answers as if nothing were cached."""


class ResilientRedisCache(RedisCache):
    """Django's Redis cache whose failures are misses; see the module docstring.

    OPTIONS besides the redis-py connection options: ``circuit_breaker_seconds``.
    """

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        seconds = float(options.pop("circuit_breaker_seconds", DEFAULT_BREAKER_SECONDS))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT_S)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT_S)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _OneClientPerPool
        self._location = _without_credentials(",".join(self._servers))
        self._breaker = _breaker_for(self._location, seconds)
        # (pid, connection) of read_many.
        self._kept: tuple[int, Any] | None = None

    def _call(self, operation: Callable[[], T]) -> T:
        if not self._breaker.allows():
            raise _Unavailable
        try:
            result = operation()
        except (RedisError, OSError) as error:
            self._breaker.failed(error)
            raise _Unavailable from error
        self._breaker.succeeded()
        return result

    def add(
        self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))
        except _Unavailable:
            return False

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).get(key, default, version))
        except _Unavailable:
            return default

    def set(
        self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            self._call(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))
        except _Unavailable:
            return

    def touch(self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).touch(key, timeout, version))
        except _Unavailable:
            return False

    def delete(self, key: str, version: int | None = None) -> bool:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).delete(key, version))
        except _Unavailable:
            return False

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).get_many(keys, version))
        except _Unavailable:
            return {}

    def has_key(self, key: str, version: int | None = None) -> bool:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).has_key(key, version))
        except _Unavailable:
            return False

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).incr(key, delta, version))
        except _Unavailable:
            # As for a counter that does not exist (Django's contract for incr).
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)") from None

    def count(self, key: str, *, timeout: float, version: int | None = None) -> int:
        """Add one to the counter at ``key`` and return it, creating it at 0 with ``timeout`` first
        if it does not exist: portal/ratelimit.py's ``add()`` then ``incr()`` in one round trip.

        Django's ``add`` and ``incr`` cost three (``incr`` asks ``EXISTS`` before ``INCR``), and the
        search API counts every request: two of the four round trips each API request made. One
        ``MULTI … EXEC`` sends both commands at once and runs them with nothing in between, so a
        counter is never incremented into existence without its expiry. ``ValueError`` while
        Redis is unavailable, as ``incr`` raises for a counter that does not exist.
        """
        return self.count_and_get(key, timeout=timeout, version=version)[0]

    def count_and_get(
        self, key: str, *, timeout: float, get: str | None = None, version: int | None = None
    ) -> tuple[int, Any]:
        """:meth:`count`, and the value at ``get`` (None when absent) read in the same round trip.

        A search or API request counts itself and then reads the content version (portal/
        content_cache.py) before anything else: two round trips, each about 0.15 ms of the
        worker's CPU in redis-py and the socket, made one.
        """
        key = self.make_and_validate_key(key, version=version)
        expiry = self.get_backend_timeout(timeout)
        read = None if get is None else self.make_and_validate_key(get, version=version)

        def add_and_increment() -> tuple[int, Any]:
            pipeline = self._cache.get_client(key, write=True).pipeline(transaction=True)
            pipeline.set(key, 0, ex=expiry, nx=True)
            pipeline.incr(key)
            if read is not None:
                pipeline.get(read)
            replies = pipeline.execute()
            value = None if read is None or replies[2] is None else self._cache._serializer.loads(replies[2])
            return replies[1], value

        try:
            return self._call(add_and_increment)
        except _Unavailable:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)") from None

    def read_many(self, keys: list[str], version: int | None = None) -> dict[str, Any]:
        """:meth:`get_many` in one ``MGET`` on a connection this cache object keeps, for the page
        cache's hit (portal/page_cache.py: a hit is that one round trip and nothing else).

        ``get_many`` goes through ``redis.Redis.execute_command``, which borrows a connection from
        the pool and gives it back (the pool's lock, its observability counters, a ``poll`` for
        stray data) and retries: about 85 of the 130 µs of CPU a round trip cost in-process,
        with the ``MGET`` itself 45. Django makes one cache object per thread, so the connection
        kept here is never shared between threads; a forked process makes its own. Failures are
        misses, as for every other operation, and the connection is dropped (it may hold half an
        answer) and made again on the next call.
        """
        made = {self.make_and_validate_key(key, version=version): key for key in keys}

        def mget() -> dict[str, Any]:
            connection = self._kept_connection()
            try:
                connection.send_packed_command(connection.pack_command("MGET", *made))
                replies = connection.read_response()
            except BaseException:
                self._kept = None
                connection.disconnect()
                raise
            loads = self._cache._serializer.loads
            return {
                made[key]: loads(value) for key, value in zip(made, replies, strict=True) if value is not None
            }

        try:
            return self._call(mget)
        except _Unavailable:
            return {}

    def _kept_connection(self) -> Any:
        kept = self._kept
        pid = os.getpid()
        if kept is None or kept[0] != pid:
            # Taken from the pool for good (the pool still closes it with the others, and a
            # closed connection connects again on its next command). One inherited through a
            # fork is the parent's socket: left alone, never closed from here.
            pool = self._cache._get_connection_pool(write=False)
            kept = self._kept = (pid, pool.get_connection())
        return kept[1]

    def set_many(
        self, data: dict[str, Any], timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).set_many(data, timeout, version))
        except _Unavailable:
            return list(data)  # the keys that were not stored

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            self._call(lambda: super(ResilientRedisCache, self).delete_many(keys, version))
        except _Unavailable:
            return

    def clear(self) -> bool:
        try:
            return self._call(lambda: super(ResilientRedisCache, self).clear())
        except _Unavailable:
            return False
