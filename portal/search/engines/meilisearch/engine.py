"""The Meilisearch engine class: clients and keys, indexes and tasks, writes, rebuilds and reading.

Searching, request building and response mapping are mixins of this package; see its docstring.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import meilisearch
from django.conf import settings
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError

from portal.circuit import CircuitBreaker
from portal.search import glossary
from portal.search.documents import DocumentType, iter_chunks
from portal.search.engines.base import SearchEngine, SearchEngineError
from portal.search.engines.meilisearch.configuration import index_settings
from portal.search.engines.meilisearch.documents import HASH, _vectors_field, prepare_document
from portal.search.engines.meilisearch.errors import _engine_errors
from portal.search.engines.meilisearch.queries import SearchRequests, filter_clause
from portal.search.engines.meilisearch.responses import ResponseMapping
from portal.search.engines.meilisearch.searching import Searching

# The name the engine logged under before it became a package: log filters key on it.
logger = logging.getLogger("portal.search.engines.meilisearch")

TASK_TIMEOUT_MS = 30_000
TASK_POLL_MS = 50
BATCH_SIZE = 1000
HTTP_TIMEOUT_S = 10
SEARCH_HTTP_TIMEOUT_S = 3
"""How long a reader's search may wait for the server: the server cuts searches off at
SEARCH_CUTOFF_MS, so a longer wait means it is not answering."""
SEARCH_BREAKER_S = 10
"""After a search found the server unreachable or silent, searches answer "unavailable" at once
for this long instead of each waiting for the timeout (portal/circuit.py)."""
SWEEP_DELAY_S = 0.25
STORED_KEY_TTL_S = 60.0
STALE_REBUILD_S = 6 * 3600
"""A temporary index older than this was left by a rebuild that died; a new rebuild removes it."""


class MeilisearchEngine(Searching, SearchRequests, ResponseMapping, SearchEngine):
    """Meilisearch over HTTP; see the package docstring. Safe to share between threads.

    Searching, request building and response mapping are mixins (``searching``, ``queries``,
    ``responses``) reading the clients and settings ``__init__`` sets here.
    """

    name = "meilisearch"

    def __init__(
        self,
        url: str | None = None,
        *,
        api_key: str | None = None,
        search_key: str | None = None,
        prefix: str | None = None,
        task_timeout_ms: int = TASK_TIMEOUT_MS,
        batch_size: int = BATCH_SIZE,
        glossary_source: Callable[[], glossary.Glossary] | None = None,
    ) -> None:
        """Arguments override the MEILISEARCH_* settings (tests point one at a fake server).

        ``glossary_source``: see SearchEngine.glossary_source (the data file's when not given).
        """
        if glossary_source is not None:
            self.glossary_source = glossary_source
        self.url = (url if url is not None else settings.MEILISEARCH_URL).rstrip("/")
        self._api_key = api_key if api_key is not None else settings.MEILISEARCH_API_KEY
        self._search_key_setting = search_key if search_key is not None else settings.MEILISEARCH_SEARCH_KEY
        self.prefix = prefix if prefix is not None else settings.MEILISEARCH_INDEX_PREFIX
        self.task_timeout_ms = task_timeout_ms
        self.batch_size = batch_size
        self._admin_client: meilisearch.Client | None = None
        self._search_client: meilisearch.Client | None = None
        self.sweep_delay_s = SWEEP_DELAY_S
        self._configured: set[str] = set()
        self._stored_key: tuple[float, str] | None = None
        self._lock = threading.Lock()
        parts = urlsplit(self.url)
        self._search_breaker = CircuitBreaker(
            name=f"search: Meilisearch at {parts.hostname}:{parts.port or ''}", seconds=SEARCH_BREAKER_S
        )

    # -- clients and keys ------------------------------------------------------------------

    @property
    def admin(self) -> meilisearch.Client:
        """The client holding the admin key: settings, documents, swaps, keys. Never for searching."""
        with self._lock:
            if self._admin_client is None:
                self._admin_client = meilisearch.Client(
                    self.url, self._api_key or None, timeout=HTTP_TIMEOUT_S
                )
            return self._admin_client

    def search_key(self) -> str | None:
        """The search-only key: the setting, else the stored one; None for a server without keys.

        SearchEngineError when the server needs keys (an admin key is configured) but no
        search key is known, rather than searching with the admin key.
        """
        if self._search_key_setting or not self._api_key:
            return self._search_key_setting or None
        cached = self._stored_key
        if cached is not None and time.monotonic() - cached[0] < STORED_KEY_TTL_S:
            return cached[1]
        from portal.search.models import SearchEngineKey  # imported late: engines load before apps

        stored = SearchEngineKey.objects.for_url(self.url)
        if stored is not None:
            self._stored_key = (time.monotonic(), stored.key)
            return stored.key
        raise SearchEngineError(
            "no Meilisearch search key: set MEILISEARCH_SEARCH_KEY or run `manage.py search_index create-search-key`"
        )

    def _searcher(self) -> meilisearch.Client:
        key = self.search_key()
        with self._lock:
            client = self._search_client
            if client is None or client.config.api_key != key:
                client = meilisearch.Client(self.url, key, timeout=SEARCH_HTTP_TIMEOUT_S)
                self._search_client = client
            return client

    def _multi_search(self, what: str, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The readers' searches, behind the circuit breaker: a server that does not answer is
        waited for once per SEARCH_BREAKER_S, not once per request."""
        if not self._search_breaker.allows():
            raise SearchEngineError(f"{what}: Meilisearch unreachable ({self._search_breaker.last_error})")
        try:
            answers = self._searcher().multi_search(requests)["results"]
        except (MeilisearchCommunicationError, MeilisearchTimeoutError) as error:
            self._search_breaker.failed(error)
            raise
        self._search_breaker.succeeded()
        return answers

    def create_search_key(self, description: str = "portal search (read-only)") -> dict[str, Any]:
        """Create a key that can only search this portal's indexes; returns uid, key, indexes."""
        indexes = [f"{self.prefix}_*"]
        with _engine_errors("create a search key"):
            key = self.admin.create_key(
                {"description": description, "actions": ["search"], "indexes": indexes, "expiresAt": None}
            )
        return {"uid": key.uid, "key": key.key, "indexes": indexes}

    # -- indexes and tasks -----------------------------------------------------------------

    def index_uid(self, document_type: DocumentType) -> str:
        """The live index's name."""
        return f"{self.prefix}_{document_type.name}"

    def wait(self, task_uid: int, what: str) -> None:
        """Wait for task ``task_uid``; SearchEngineError (with the task's error) unless it succeeded."""
        with _engine_errors(what):
            try:
                task = self.admin.wait_for_task(
                    task_uid, timeout_in_ms=self.task_timeout_ms, interval_in_ms=TASK_POLL_MS
                )
            except MeilisearchTimeoutError as error:
                raise SearchEngineError(
                    f"{what}: Meilisearch task {task_uid} not finished after {self.task_timeout_ms} ms"
                ) from error
        if task.status != "succeeded":
            error = task.error or {}
            message = f"{what}: Meilisearch task {task_uid} {task.status}: {error.get('code', '?')}: {error.get('message', '')}"
            logger.error(message)
            raise SearchEngineError(message)

    def _index_exists(self, uid: str) -> bool:
        try:
            self.admin.get_raw_index(uid)
        except MeilisearchApiError as error:
            if error.status_code == 404:
                return False
            raise
        return True

    def _create_index(self, uid: str, document_type: DocumentType) -> None:
        with _engine_errors(f"create index {uid}"):
            if self._index_exists(uid):
                return
            info = self.admin.create_index(uid, {"primaryKey": "id"})
        self.wait(info.task_uid, f"create index {uid}")

    def _apply_settings(self, uid: str, document_type: DocumentType) -> None:
        with _engine_errors(f"update settings of {uid}"):
            info = self.admin.index(uid).update_settings(
                index_settings(document_type, vocabulary=self.glossary_source())
            )
        self.wait(info.task_uid, f"update settings of {uid}")

    def update_synonyms(self, document_type: DocumentType) -> None:
        """Replace the ``synonyms`` setting of the live index (and of a rebuild's temporary one)
        with the glossary's, through the documented ``PUT …/settings/synonyms`` (a map of each
        term to its equivalents: multi-way synonyms)."""
        self._ensure(document_type)
        synonyms = self.glossary_source().synonyms()
        for uid in self._targets(document_type):
            with _engine_errors(f"update synonyms of {uid}"):
                info = self.admin.index(uid).update_synonyms(synonyms)
            self.wait(info.task_uid, f"update synonyms of {uid}")

    def configure(self, document_type: DocumentType) -> None:
        uid = self.index_uid(document_type)
        self._create_index(uid, document_type)
        self._apply_settings(uid, document_type)
        with self._lock:
            self._configured.add(uid)

    def _ensure(self, document_type: DocumentType) -> None:
        """Configure each index once per process before writing to it."""
        if self.index_uid(document_type) not in self._configured:
            self.configure(document_type)

    def _building(self, document_type: DocumentType) -> list[str]:
        """Temporary indexes a running rebuild is filling (any process), so writes reach them too."""
        marker = f"{self.index_uid(document_type)}_tmp_"
        with _engine_errors("list indexes"):
            raw = self.admin.get_raw_indexes({"limit": 1000}).get("results", [])
        return sorted(item["uid"] for item in raw if str(item.get("uid", "")).startswith(marker))

    def _targets(self, document_type: DocumentType) -> list[str]:
        return [self.index_uid(document_type), *self._building(document_type)]

    def _add(self, uid: str, documents: list[dict[str, Any]]) -> None:
        for chunk in iter_chunks(documents, self.batch_size):
            with _engine_errors(f"add documents to {uid}"):
                info = self.admin.index(uid).add_documents(chunk, primary_key="id")
            self.wait(info.task_uid, f"add {len(chunk)} documents to {uid}")

    def index_documents(self, document_type: DocumentType, documents: Iterable[dict[str, Any]]) -> int:
        prepared = [prepare_document(document_type, document) for document in documents]  # validates first
        if not prepared:
            return 0
        self._ensure(document_type)
        for uid in self._targets(document_type):
            self._add(uid, prepared)
        return len(prepared)

    def index_vectors(self, document_type: DocumentType, vectors: dict[str, dict[str, list[float]]]) -> None:
        """A partial update (``update_documents``) carrying only ``id`` and ``_vectors``; ids
        no longer in the index are skipped rather than created."""
        updates = [
            {"id": doc_id, "_vectors": _vectors_field(by_language)} for doc_id, by_language in vectors.items()
        ]
        if not updates:
            return
        self._ensure(document_type)
        for uid in self._targets(document_type):
            for chunk in iter_chunks(updates, self.batch_size):
                with _engine_errors(f"add vectors to {uid}"):
                    info = self.admin.index(uid).update_documents(chunk, primary_key="id", skip_creation=True)
                self.wait(info.task_uid, f"add {len(chunk)} vectors to {uid}")

    def delete_documents(self, document_type: DocumentType, ids: Iterable[str]) -> None:
        ids = [str(doc_id) for doc_id in ids]
        if not ids:
            return
        self._ensure(document_type)
        for uid in self._targets(document_type):
            for chunk in iter_chunks(ids, self.batch_size):
                with _engine_errors(f"delete documents from {uid}"):
                    info = self.admin.index(uid).delete_documents(filter=[filter_clause("id", chunk)])
                self.wait(info.task_uid, f"delete {len(chunk)} documents from {uid}")

    def rebuild(self, document_type: DocumentType, documents: Iterable[dict[str, Any]]) -> int:
        """Fill ``{uid}_tmp_<ts>`` beside the live index, swap the two, delete the old one.

        Searches keep answering from the live index until the swap (one atomic task). Updates
        made meanwhile by other processes find the temporary index and are written to both.
        """
        live = self.index_uid(document_type)
        for uid in self._building(document_type):
            started = int(uid.rsplit("_", 1)[-1]) if uid.rsplit("_", 1)[-1].isdecimal() else 0
            if time.time() - started < STALE_REBUILD_S:
                raise SearchEngineError(
                    f"a rebuild of search index {document_type.name} is already running ({uid})"
                )
            logger.warning("search index %s: removing %s left by an interrupted rebuild", live, uid)
            self._delete_index(uid)
        temporary = f"{live}_tmp_{int(time.time())}"
        self._create_index(temporary, document_type)
        try:
            self._apply_settings(temporary, document_type)
            written = 0
            for chunk in iter_chunks(documents, self.batch_size):
                self._add(temporary, [prepare_document(document_type, document) for document in chunk])
                written += len(chunk)
            self._create_index(live, document_type)
            with _engine_errors(f"swap {live} and {temporary}"):
                info = self.admin.swap_indexes([{"indexes": [live, temporary]}])
            self.wait(info.task_uid, f"swap {live} and {temporary}")
        except BaseException:
            self._delete_index(temporary, quiet=True)
            raise
        self._delete_index(temporary)  # now the old live index
        self._sweep(temporary)
        with self._lock:
            self._configured.add(live)
        logger.info("search index %s rebuilt: %d documents", live, written)
        return written

    def _sweep(self, uid: str) -> None:
        """Remove ``uid`` again if a write that saw it before the swap recreated it since.

        Another process lists the temporary index, then posts to it; Meilisearch creates an
        index on a document write, so a post landing just after the deletion would leave a stray
        index that later rebuilds would take for a running one. That window is one request long.
        """
        for _ in range(2):
            time.sleep(self.sweep_delay_s)
            with _engine_errors(f"look for index {uid}"):
                if not self._index_exists(uid):
                    continue
            logger.warning("search index: %s was recreated by a late write; removing it", uid)
            self._delete_index(uid)

    def _delete_index(self, uid: str, *, quiet: bool = False) -> None:
        try:
            with _engine_errors(f"delete index {uid}"):
                info = self.admin.delete_index(uid)
            self.wait(info.task_uid, f"delete index {uid}")
        except SearchEngineError:
            if not quiet:
                raise
            logger.exception("search index: could not remove temporary index %s", uid)

    # -- reading (admin key: management commands only) -------------------------------------

    def count(self, document_type: DocumentType) -> int:
        uid = self.index_uid(document_type)
        with _engine_errors(f"count documents of {uid}"):
            try:
                stats = self.admin.index(uid).get_stats()
            except MeilisearchApiError as error:
                if error.status_code == 404:
                    return 0
                raise
        return int(stats.number_of_documents)

    def indexed_hashes(self, document_type: DocumentType) -> dict[str, str]:
        uid = self.index_uid(document_type)
        hashes: dict[str, str] = {}
        offset = 0
        with _engine_errors(f"read documents of {uid}"):
            while True:
                try:
                    page = self.admin.index(uid).get_documents(
                        {"fields": ["id", HASH], "limit": self.batch_size, "offset": offset}
                    )
                except MeilisearchApiError as error:
                    if error.status_code == 404:
                        return {}
                    raise
                for document in page.results:
                    values = dict(document)
                    hashes[str(values["id"])] = str(values.get(HASH, ""))
                offset += len(page.results)
                if not page.results or offset >= page.total:
                    return hashes

    def health(self) -> tuple[bool, dict[str, Any]]:
        parts = urlsplit(self.url)
        detail: dict[str, Any] = {
            "engine": self.name,
            "server": f"{parts.scheme}://{parts.hostname}:{parts.port or ''}".rstrip(":"),
        }
        try:
            with _engine_errors("health"):
                status = meilisearch.Client(self.url, timeout=HTTP_TIMEOUT_S).health().get("status")
        except SearchEngineError as error:
            return False, {**detail, "error": str(error)}
        if status != "available":
            return False, {**detail, "error": f"Meilisearch status {status!r}"}
        try:
            self.search_key()
        except SearchEngineError as error:
            return False, {**detail, "error": str(error)}
        return True, detail
