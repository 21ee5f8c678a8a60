"""Writing the embedded indexes: upserts, deletes, vectors, and rebuilds beside the live index.

An update is applied to the live generation and journalled for a rebuild in progress, which
replays the journal before it swaps its new generation in; disk errors become SearchEngineError.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from portal.search import hybrid
from portal.search.documents import DocumentType, iter_chunks
from portal.search.embeddings import get_provider
from portal.search.engines.base import SearchEngineError
from portal.search.engines.embedded.analysis import ANALYZERS
from portal.search.engines.embedded.files import (
    LOCK_TIMEOUT,
    REBUILD_BATCH,
    REBUILD_HEAP,
    UPDATE_HEAP,
    _flock,
)
from portal.search.engines.embedded.schema import _Layout
from portal.search.engines.vectors import VectorStore

# The name the engine logged under before it became a package: log filters key on it.
logger = logging.getLogger("portal.search.engines.embedded")


class IndexWriting:
    """Updates and rebuilds (a part of EmbeddedEngine)."""

    # -- writing ---------------------------------------------------------------------------

    @staticmethod
    @contextlib.contextmanager
    def _write_errors(what: str) -> Iterator[None]:
        """Turn what a failing disk raises into SearchEngineError, with its text.

        tantivy reports a read-only or full disk as ValueError ("An IO error occurred: 'Read-only
        file system (os error 30)'"), our own file writes as OSError; callers (the outbox, the
        search_index command) retry or report SearchEngineError, and must not need to know both.
        """
        try:
            yield
        except (ValueError, OSError) as error:
            raise SearchEngineError(f"{what}: {error}") from error

    @staticmethod
    def _writer(index: tantivy.Index, heap: int, threads: int = 1) -> tantivy.IndexWriter:
        """A writer, waiting a little if another one (another process) still holds the index."""
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                return index.writer(heap_size=heap, num_threads=threads)
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise SearchEngineError(f"cannot write the search index: {error}") from error
                time.sleep(0.05)

    @staticmethod
    def _apply(
        writer: tantivy.IndexWriter,
        layout: _Layout,
        operation: dict[str, Any],
        vectors: VectorStore | None = None,
    ) -> int:
        if operation["op"] == "vectors":  # vectors computed after the document was indexed
            if vectors is not None:
                vectors.upsert(operation["vectors"])
            return 0
        if operation["op"] == "delete":
            for doc_id in operation["ids"]:
                writer.delete_documents_by_term("id", doc_id)
            if vectors is not None:
                vectors.delete(list(operation["ids"]))
            return 0
        converted = [layout.to_tantivy(document) for document in operation["documents"]]  # validates first
        for document, doc in zip(operation["documents"], converted, strict=True):
            writer.delete_documents_by_term("id", document["id"])
            writer.add_document(doc)
        if vectors is not None:
            # A document sent without vectors changed text its old vectors no longer describe.
            fresh = {
                doc["id"]: doc[hybrid.VECTORS] for doc in operation["documents"] if doc.get(hybrid.VECTORS)
            }
            vectors.delete([doc["id"] for doc in operation["documents"] if doc["id"] not in fresh])
            vectors.upsert(fresh)
        return len(converted)

    @staticmethod
    def _vectors(path: Path) -> VectorStore | None:
        """The vector store of the generation at ``path`` (None while hybrid search is off)."""
        provider = get_provider()
        return VectorStore(path, provider.dimensions) if provider is not None else None

    def _update(self, document_type: DocumentType, operation: dict[str, Any]) -> int:
        """Apply an upsert or delete to the live index (and journal it for a running rebuild)."""
        base = self._base(document_type)
        with self._write_errors(f"cannot write search index {document_type.name}"):
            self._live(document_type)
            with _flock(base / "update.lock"):
                opened = self._live(document_type, locked=True)
                writer = self._writer(opened.index, UPDATE_HEAP)
                try:
                    written = self._apply(
                        writer, opened.layout, operation, self._vectors(base / opened.generation)
                    )
                    writer.commit()
                except BaseException:
                    # On a failing disk the rollback may fail too; the commit's error is the one
                    # to report.
                    with contextlib.suppress(ValueError, OSError):
                        writer.rollback()
                    raise
                finally:
                    with contextlib.suppress(ValueError, OSError):
                        writer.wait_merging_threads()
                self._journal(base, operation)
        return written

    def _journal(self, base: Path, operation: dict[str, Any]) -> None:
        """Record ``operation`` for a rebuild in progress, so its new index gets it too."""
        try:
            building = (base / "BUILDING").read_text().strip()
        except FileNotFoundError:
            return
        with _flock(base / "rebuild.lock", wait=False) as rebuilding:
            if not rebuilding:  # a rebuild holds it: it will replay the journal
                with open(base / f"journal-{building}", "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(operation, ensure_ascii=False, default=str) + "\n")
                return
        # Nobody is rebuilding: a rebuild died and left its marker. Clean up after it.
        logger.warning("search index %s: removing leftovers of an interrupted rebuild", base.name)
        (base / "BUILDING").unlink(missing_ok=True)
        (base / f"journal-{building}").unlink(missing_ok=True)
        if building != self._read_current(base):
            shutil.rmtree(base / building, ignore_errors=True)

    def index_documents(self, document_type: DocumentType, documents: Iterable[dict[str, Any]]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        return self._update(document_type, {"op": "upsert", "documents": documents})

    def delete_documents(self, document_type: DocumentType, ids: Iterable[str]) -> None:
        ids = [str(doc_id) for doc_id in ids]
        if ids:
            self._update(document_type, {"op": "delete", "ids": ids})

    def index_vectors(self, document_type: DocumentType, vectors: dict[str, dict[str, list[float]]]) -> None:
        if vectors:
            self._update(document_type, {"op": "vectors", "vectors": vectors})

    def rebuild(self, document_type: DocumentType, documents: Iterable[dict[str, Any]]) -> int:
        with self._write_errors(f"cannot rebuild search index {document_type.name}"):
            return self._rebuild(document_type, documents)

    def _rebuild(self, document_type: DocumentType, documents: Iterable[dict[str, Any]]) -> int:
        layout = self._layout(document_type)
        base = self._base(document_type)
        base.mkdir(parents=True, exist_ok=True)
        with _flock(base / "rebuild.lock", wait=False) as alone:
            if not alone:
                raise SearchEngineError(f"a rebuild of search index {document_type.name} is already running")
            self._live(document_type)  # so updates during the rebuild have somewhere to go
            with _flock(base / "update.lock"):
                generation = self._create_generation(base, layout)
                (base / "BUILDING").write_text(generation)
            journal = base / f"journal-{generation}"
            try:
                written = self._build(base, generation, layout, documents, journal)
            except BaseException:
                with _flock(base / "update.lock"):
                    (base / "BUILDING").unlink(missing_ok=True)
                    journal.unlink(missing_ok=True)
                    shutil.rmtree(base / generation, ignore_errors=True)
                raise
        return written

    def _build(
        self, base: Path, generation: str, layout: _Layout, documents: Iterable[dict[str, Any]], journal: Path
    ) -> int:
        index = tantivy.Index.open(str(base / generation))
        for name, analyzer in ANALYZERS.items():
            index.register_tokenizer(name, analyzer)
        # One indexing thread: the documents then sit in the index in the order they are given,
        # and tantivy breaks a tie between equally scored documents by that place. With two
        # threads sharing the documents in whatever order they took them, equally good matches
        # (the demo's yearly training reports) answered in another order after each rebuild, and
        # through the fused ranking moved other results too (issue 23: "hạn chế xe cá nhân vào
        # nội đô" hit in one run of the relevance set and missed in the next). The Python side
        # that makes the documents is the slower one, so the second thread bought no speed.
        writer = self._writer(index, REBUILD_HEAP, threads=1)
        written = 0
        store = self._vectors(base / generation)
        vectors: dict[str, dict[str, np.ndarray]] = {}
        try:
            for chunk in iter_chunks(documents, REBUILD_BATCH):
                for document in chunk:
                    writer.add_document(layout.to_tantivy(document))
                    if document.get(hybrid.VECTORS):
                        vectors[document["id"]] = {
                            language: np.asarray(vector, dtype=np.float32)
                            for language, vector in document[hybrid.VECTORS].items()
                        }
                written += len(chunk)
            writer.commit()
            if store is not None:
                store.replace_all(vectors)
            with _flock(base / "update.lock"):
                if journal.exists():
                    with open(journal, encoding="utf-8") as handle:
                        for line in handle:
                            self._apply(writer, layout, json.loads(line), store)
                    writer.commit()
                writer.wait_merging_threads()
                writer = None
                previous = self._read_current(base)
                self._write_current(base, generation)
                (base / "BUILDING").unlink(missing_ok=True)
                journal.unlink(missing_ok=True)
                for stale in base.iterdir():
                    if stale.is_dir() and stale.name != generation:
                        shutil.rmtree(stale, ignore_errors=True)
            logger.info("search index %s rebuilt: %d documents (was %s)", base.name, written, previous)
        finally:
            if writer is not None:
                writer.rollback()
                writer.wait_merging_threads()
        return written
