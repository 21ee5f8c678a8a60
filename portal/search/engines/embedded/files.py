"""Index files and locks: generations on disk, the CURRENT pointer, flock, opening and reading.

See the package docstring for the directory layout. Every write holds ``update.lock``; a
rebuild holds ``rebuild.lock`` for its whole run. Searchers are reloaded only after a commit.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from portal.search.documents import DocumentType, document_types
from portal.search.engines.base import SearchEngineError
from portal.search.engines.embedded.analysis import ANALYZERS
from portal.search.engines.embedded.schema import _Layout
from portal.search.engines.embedded.typo_matching import TypoTerms
from portal.search.text import ThaiVocabulary

# The name the engine logged under before it became a package: log filters key on it.
logger = logging.getLogger("portal.search.engines.embedded")

LOCK_TIMEOUT = 30.0
UPDATE_HEAP = 32_000_000
REBUILD_HEAP = 128_000_000
REBUILD_BATCH = 5_000


@dataclass
class _Opened:
    generation: str
    index: tantivy.Index
    layout: _Layout
    # The generation's meta.json, whose stat is the index version (_versioned_searcher).
    meta_path: str = ""
    # meta.json's version and the searcher reloaded after reading it: reused until a commit. One
    # tuple, read and replaced whole, so a thread never pairs one version with another's searcher.
    reloaded: tuple[tuple[int, ...], tantivy.Searcher] | None = None
    # (index version, when read, the Thai words of the index): see _thai_vocabulary.
    vocabulary: tuple[tuple[int, ...], float, ThaiVocabulary] | None = None
    refreshing: bool = False
    # The terms of the searcher last searched, for typo and prefix words (see _typo_terms).
    typo_terms: TypoTerms | None = None
    # (searcher, where documents are in it): see MeaningSearch._located.
    located: tuple[tantivy.Searcher, _Located] | None = None


@dataclass
class _Located:
    """Where documents are in one searcher: ``{document id: DocAddress}``, and the ids looked for
    that it does not hold. Filled as hybrid search meets documents found by meaning; a new
    searcher (a commit) starts afresh, as its addresses may differ."""

    addresses: dict[str, Any] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)


@contextlib.contextmanager
def _flock(path: Path, timeout: float = LOCK_TIMEOUT, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive advisory lock on ``path`` (other processes and threads wait for it).

    Yields True when held; with ``wait=False`` yields False at once if someone else holds it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    yield False
                    return
                if time.monotonic() > deadline:
                    raise SearchEngineError(
                        f"search index busy: {path} stayed locked for {timeout:.0f} s"
                    ) from None
                time.sleep(0.02)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class IndexFiles:
    """Paths, generations and searchers of the live index (a part of EmbeddedEngine)."""

    # -- paths and generations -------------------------------------------------------------

    @property
    def index_dir(self) -> Path:
        """Where every index of this engine lives."""
        return self._index_dir if self._index_dir is not None else Path(settings.SEARCH_INDEX_DIR)

    def _base(self, document_type: DocumentType) -> Path:
        # Asked several times a search: the path is built once per directory setting and type.
        root = self._index_dir if self._index_dir is not None else settings.SEARCH_INDEX_DIR
        key = (root, document_type.name)
        base = self._bases.get(key)
        if base is None:
            base = self._bases[key] = Path(root) / document_type.name
        return base

    def _layout(self, document_type: DocumentType) -> _Layout:
        with self._lock:
            layout = self._layouts.get(id(document_type))
            if layout is None or layout.document_type is not document_type:
                layout = _Layout.build(document_type)
                self._layouts[id(document_type)] = layout
            return layout

    @staticmethod
    def _read_current(base: Path) -> str | None:
        try:
            name = (base / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        return name if name and (base / name).is_dir() else None

    def _current_generation(self, base: Path) -> str | None:
        """``_read_current``, read again only when CURRENT's ``stat`` changes.

        Every search asks which generation is live: opening and reading the file (and checking
        its directory) cost more than a ``stat``. CURRENT is only ever replaced whole
        (``_write_current``: a new file renamed over it), so a replacement changes its inode and
        modification time, as a commit does for meta.json (``_versioned_searcher``).
        """
        try:
            meta = os.stat(os.path.join(base, "CURRENT"))
        except FileNotFoundError:
            self._currents.pop(base, None)
            return None
        seen = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
        known = self._currents.get(base)
        if known is not None and known[0] == seen:
            return known[1]
        generation = self._read_current(base)
        if generation is not None:
            self._currents[base] = (seen, generation)
        return generation

    @staticmethod
    def _write_current(base: Path, generation: str) -> None:
        temporary = base / f"CURRENT.{uuid.uuid4().hex}"
        with open(temporary, "w") as handle:
            handle.write(generation)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, base / "CURRENT")

    def _new_generation(self, layout: _Layout) -> str:
        return f"{layout.fingerprint}-{time.time_ns():x}"

    def _open_generation(self, base: Path, generation: str, layout: _Layout) -> _Opened:
        with self._lock:
            opened = self._opened.get(base)
            if opened is not None and opened.generation == generation:
                return opened
            path = base / generation
            try:
                index = tantivy.Index.open(str(path))
            except ValueError as error:
                raise SearchEngineError(f"cannot open search index {path}: {error}") from error
            # Analyzers live in the process, not in the index: register them on every open.
            for name, analyzer in ANALYZERS.items():
                index.register_tokenizer(name, analyzer)
            index.config_reader(reload_policy="manual")
            opened = _Opened(generation, index, layout, meta_path=str(path / "meta.json"))
            self._opened[base] = opened
            return opened

    def _create_generation(self, base: Path, layout: _Layout) -> str:
        generation = self._new_generation(layout)
        path = base / generation
        path.mkdir(parents=True)
        index = tantivy.Index(layout.schema, path=str(path))
        for name, analyzer in ANALYZERS.items():
            index.register_tokenizer(name, analyzer)
        return generation

    def _live(self, document_type: DocumentType, *, locked: bool = False) -> _Opened:
        """The live index, created (empty) if missing or if the declaration's schema changed.

        ``locked``: the caller already holds update.lock (flock is per open file, so taking it
        again from the same process would wait for ourselves).
        """
        layout = self._layout(document_type)
        base = self._base(document_type)
        generation = self._current_generation(base)
        if generation is None or not generation.startswith(layout.fingerprint + "-"):
            if locked:
                self._configure_locked(document_type)
            else:
                self.configure(document_type)
            generation = self._read_current(base)
            if generation is None:
                raise SearchEngineError(f"search index {base} has no live generation")
        return self._open_generation(base, generation, layout)

    def configure(self, document_type: DocumentType) -> None:
        base = self._base(document_type)
        try:
            base.mkdir(parents=True, exist_ok=True)
            with _flock(base / "update.lock"):
                self._configure_locked(document_type)
        except OSError as error:
            raise SearchEngineError(f"cannot create search index {base}: {error}") from error

    def _configure_locked(self, document_type: DocumentType) -> None:
        layout = self._layout(document_type)
        base = self._base(document_type)
        current = self._read_current(base)
        if current is not None and current.startswith(layout.fingerprint + "-"):
            return
        generation = self._create_generation(base, layout)
        self._write_current(base, generation)
        if current is not None:
            logger.warning(
                "search index %s: declared fields changed; started an empty index, "
                "run `manage.py search_index rebuild --type %s`",
                document_type.name,
                document_type.name,
            )
            shutil.rmtree(base / current, ignore_errors=True)

    # -- reading ---------------------------------------------------------------------------

    def _searcher(self, document_type: DocumentType) -> tuple[_Opened, tantivy.Searcher]:
        opened, searcher, _ = self._versioned_searcher(document_type)
        return opened, searcher

    def _versioned_searcher(
        self, document_type: DocumentType
    ) -> tuple[_Opened, tantivy.Searcher, tuple[int, ...]]:
        """The live index's searcher, reloaded, and a version that changes with every commit.

        The version is read before reloading, so a commit landing in between can only make
        what is cached under it newer, never older.
        """
        base = self._base(document_type)
        for attempt in range(2):
            opened = self._live(document_type)
            try:
                meta = os.stat(opened.meta_path)
                version = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
                # Reloading and a new searcher cost more than the search of a short query; only
                # a commit (here or in another process: the task worker, a rebuild) needs them.
                reloaded = opened.reloaded
                if reloaded is not None and reloaded[0] == version:
                    searcher = reloaded[1]
                else:
                    opened.index.reload()
                    searcher = opened.index.searcher()
                    opened.reloaded = (version, searcher)
            except (OSError, ValueError):
                if attempt:
                    raise
                # A rebuild swapped and removed this generation just now: look again, reading
                # CURRENT afresh (its directory may also have gone without CURRENT changing).
                self._currents.pop(base, None)
                continue
            return opened, searcher, version
        raise AssertionError("unreachable")

    def count(self, document_type: DocumentType) -> int:
        if self._read_current(self._base(document_type)) is None:
            return 0
        return self._searcher(document_type)[1].num_docs

    def indexed_hashes(self, document_type: DocumentType) -> dict[str, str]:
        if self._read_current(self._base(document_type)) is None:
            return {}
        _, searcher = self._searcher(document_type)
        total = searcher.num_docs
        if not total:
            return {}
        result = searcher.search(tantivy.Query.all_query(), limit=total, count=False)
        hashes: dict[str, str] = {}
        for _, address in result.hits:
            doc = searcher.doc(address)
            hashes[doc.get_first("id")] = doc.get_first("_hash")
        return hashes

    def health(self) -> tuple[bool, dict[str, Any]]:
        detail: dict[str, Any] = {"engine": self.name}
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            probe = self.index_dir / f".healthz-{uuid.uuid4().hex}"
            probe.write_text("ok")
            probe.unlink()
        except OSError as error:
            return False, {**detail, "error": f"index directory not writable: {error}"}
        counts: dict[str, int] = {}
        for document_type in document_types():
            if self._read_current(self._base(document_type)) is None:
                continue
            try:
                counts[document_type.name] = self.count(document_type)
            except (SearchEngineError, ValueError, OSError) as error:
                return False, {**detail, "error": f"index {document_type.name} unreadable: {error}"}
        if counts:
            detail["documents"] = counts
        return True, detail
