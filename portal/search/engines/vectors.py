"""The embedded engine's vector store: document vectors beside a tantivy generation.

Layout, inside the generation's directory (so a rebuild's swap and cleanup carry it along)::

    portal_vectors/matrix.npy    float32 rows, one per (document, language), L2-normalised
    portal_vectors/keys.json     [[document id, language], …] in row order
    portal_vectors/journal.jsonl changes since the matrix was written, one JSON object a line

Why a journal: a save changes one document, and rewriting a matrix of tens of thousands of rows
for it would cost more than the save. Changes are appended; readers fold them in when they load;
the writer folds them into a new matrix once the journal is long. Writes happen under the
engine's update lock, so there is one writer at a time. Search is exact (a matrix product and a
partial selection of the best rows); BENCHMARKS.md has its cost at 10,000 and 100,000 documents.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["VectorStore"]

DIRECTORY = "portal_vectors"
COMPACT_AFTER = 500
"""Journal lines after which the writer folds the journal into a new matrix."""
ANSWERS_SIZE = 256
"""``nearest`` answers remembered per store version: a reader's next page, or the same words
under another filter (a click in the directory's facets), asks the same question again."""


@dataclass
class _Written:
    """``matrix.npy`` and ``keys.json`` as the last whole write left them (no journal folded in).

    Why this shape: at 100,000 experts the store has ~160,000 rows. As a list of (id, language)
    tuples and a dict of id -> row numbers it was 42 MB of Python objects in each web worker.
    Here it is numpy arrays only (the distinct ids as one array of fixed-width strings, each
    row's index into them and into the languages): about 3 MB, read once in gunicorn's master
    (portal/warmup.py) and shared with the workers. Arrays have no reference counts to write, so
    a worker reading them does not copy their pages, as it did touching each id string.
    The matrix stays mapped from the file: every process reading it shares the page cache.
    """

    version: tuple[int, ...]
    matrix: np.ndarray
    ids: np.ndarray
    """The distinct document ids (fixed-width strings), in the order of their first row."""
    row_ids: np.ndarray
    """Each row's document, as an index into ``ids``."""
    languages: list[str]
    row_languages: np.ndarray
    """Each row's language, as an index into ``languages``."""
    _sorted: np.ndarray | None = None

    @classmethod
    def read(cls, path: Path, version: tuple[int, ...]) -> _Written | None:
        """The written store at ``path``, or None when there is none (or its files disagree)."""
        try:
            # Mapped, not read: the web workers then share one copy of the matrix in the page
            # cache (240 MB at 100,000 experts) instead of holding one each.
            matrix = np.asarray(np.load(path / "matrix.npy", mmap_mode="r"))
            keys = json.loads((path / "keys.json").read_text())
        except (FileNotFoundError, ValueError):
            return None
        if len(keys) != len(matrix):
            return None  # a reader between the two renames of a write: the journal has the rest
        id_numbers: dict[str, int] = {}
        language_numbers: dict[str, int] = {}
        row_ids = np.empty(len(keys), np.int32)
        row_languages = np.empty(len(keys), np.intp)
        for number, (doc_id, language) in enumerate(keys):
            row_ids[number] = id_numbers.setdefault(doc_id, len(id_numbers))
            row_languages[number] = language_numbers.setdefault(language, len(language_numbers))
        ids = np.array(list(id_numbers), dtype=str) if id_numbers else np.zeros(0, "U1")
        return cls(version, matrix, ids, row_ids, list(language_numbers), row_languages)

    def numbers(self, doc_ids: set[str]) -> dict[str, int]:
        """``{document id: index into ids}`` of those of ``doc_ids`` the written store has."""
        if not doc_ids or not len(self.ids):
            return {}
        if self._sorted is None:
            self._sorted = np.argsort(self.ids, kind="stable")
        wanted = sorted(doc_ids)
        asked = np.array(wanted, dtype=str)
        places = np.minimum(np.searchsorted(self.ids, asked, sorter=self._sorted), len(self.ids) - 1)
        numbers = self._sorted[places]
        found = self.ids[numbers] == asked
        return {
            doc_id: int(number) for doc_id, number, hit in zip(wanted, numbers, found, strict=True) if hit
        }


@dataclass
class _Loaded:
    """The store as readers see it: the written rows still live, then the journal's rows.

    A journal does not copy the matrix: the written rows stay mapped (``written.matrix``, the
    live ones picked by ``alive``) and only the journal's rows (few: it is folded into a new
    matrix after COMPACT_AFTER lines) are held in memory. Before, a single journalled save made
    every worker fold the whole store into a private matrix of its own (240 MB at 100,000
    experts).
    """

    version: tuple[int, ...]
    written: _Written | None
    alive: np.ndarray | None
    """Numbers of the written rows still live, in order; None when all are."""
    extra: np.ndarray
    """The journal's rows, ``(rows, dimensions)``."""
    extra_ids: list[str]
    """Documents of the journal the written store lacks (numbered after its ``ids``)."""
    row_ids: np.ndarray
    """Each live row's document (see ``doc_id``): the written rows', then the journal's."""
    languages: list[str]
    row_languages: np.ndarray
    # Answers of ``nearest`` for this version of the store (see VectorStore.nearest).
    answers: OrderedDict[tuple, list[tuple[str, float, str]]] = field(default_factory=OrderedDict)
    _live: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.row_ids)

    def doc_id(self, number: int) -> str:
        """The document id numbered ``number`` (an index of ``row_ids``' values)."""
        if self.written is not None and number < len(self.written.ids):
            return str(self.written.ids[number])
        return self.extra_ids[number - (0 if self.written is None else len(self.written.ids))]

    def key(self, number: int) -> tuple[str, str]:
        """``(document id, language)`` of row ``number``."""
        return self.doc_id(int(self.row_ids[number])), self.languages[self.row_languages[number]]

    def row(self, number: int) -> np.ndarray:
        """The vector of row ``number``."""
        written = 0 if self.written is None else len(self.row_ids) - len(self.extra)
        if number >= written:
            return self.extra[number - written]
        assert self.written is not None
        return self.written.matrix[number if self.alive is None else self.alive[number]]

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """The dot product of every live row with ``vector``, in row order."""
        if self.written is None:
            return self.extra @ vector
        written = self.written.matrix @ vector
        if self.alive is not None:
            written = written[self.alive]
        return np.concatenate([written, self.extra @ vector]) if len(self.extra) else written

    def dimensions(self) -> int:
        """The length of the rows (the written matrix's, or the journal's when none is written)."""
        return self.extra.shape[1] if self.written is None else self.written.matrix.shape[1]

    def live(self) -> np.ndarray:
        """The numbers of the documents with at least one live row (made on first need)."""
        if self._live is None:
            self._live = np.unique(self.row_ids)
        return self._live


_written: dict[Path, _Written] = {}
_cache: dict[Path, _Loaded] = {}
_cache_lock = threading.Lock()


class VectorStore:
    """Vectors of one generation; see the module docstring."""

    def __init__(self, generation_path: Path, dimensions: int) -> None:
        self.path = Path(generation_path) / DIRECTORY
        self.dimensions = dimensions

    # -- writing (under the engine's update lock) -------------------------------------------

    def replace_all(self, vectors: dict[str, dict[str, list[float]]]) -> None:
        """Write ``{document id: {language: vector}}`` as the whole store (a rebuild)."""
        self._write(self._rows_of(vectors))

    def upsert(self, vectors: dict[str, dict[str, list[float]]]) -> None:
        """Set the vectors of these documents (replacing all their languages)."""
        if vectors:
            self._append({"set": {doc_id: by_language for doc_id, by_language in vectors.items()}})

    def delete(self, ids: list[str]) -> None:
        """Drop the vectors of these documents."""
        if ids:
            self._append({"delete": list(ids)})

    def _rows_of(self, vectors: dict[str, dict[str, list[float]]]) -> dict[tuple[str, str], np.ndarray]:
        rows: dict[tuple[str, str], np.ndarray] = {}
        for doc_id, by_language in vectors.items():
            for language, vector in by_language.items():
                array = np.asarray(vector, dtype=np.float32)
                if array.shape == (self.dimensions,):
                    rows[(str(doc_id), str(language))] = array
        return rows

    def _append(self, change: dict) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        journal = self.path / "journal.jsonl"
        with open(journal, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(change, separators=(",", ":")) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with open(journal, encoding="utf-8") as handle:
            lines = sum(1 for _ in handle)
        if lines >= COMPACT_AFTER:
            loaded = self._read()
            self._write({loaded.key(number): loaded.row(number) for number in range(len(loaded))})

    def _write(self, rows: dict[tuple[str, str], np.ndarray]) -> None:
        """Matrix and keys written to temporary files and renamed, then the journal emptied;
        a reader between the renames folds a journal whose changes the matrix already has,
        which gives the same vectors."""
        self.path.mkdir(parents=True, exist_ok=True)
        keys = list(rows)
        matrix = (
            np.vstack([rows[key] for key in keys]) if keys else np.zeros((0, self.dimensions), np.float32)
        )
        token = uuid.uuid4().hex
        matrix_tmp, keys_tmp = self.path / f"matrix.{token}.npy", self.path / f"keys.{token}.json"
        np.save(matrix_tmp, matrix.astype(np.float32))
        keys_tmp.write_text(json.dumps(keys))
        os.replace(keys_tmp, self.path / "keys.json")
        os.replace(matrix_tmp, self.path / "matrix.npy")
        (self.path / "journal.jsonl").unlink(missing_ok=True)

    # -- reading ----------------------------------------------------------------------------

    def _version(self) -> tuple[int, ...]:
        parts: list[int] = []
        for name in ("matrix.npy", "keys.json", "journal.jsonl"):
            try:
                stat = os.stat(self.path / name)
                parts.extend((stat.st_ino, stat.st_mtime_ns, stat.st_size))
            except FileNotFoundError:
                parts.extend((0, 0, 0))
        return tuple(parts)

    def _read(self) -> _Loaded:
        version = self._version()
        with _cache_lock:
            cached = _cache.get(self.path)
            if cached is not None and cached.version == version:
                return cached
        written = self._read_written(version[:6])
        # The journal's changes, folded in order: a document set or deleted loses every row it
        # had (written or journalled); a set adds its rows after all the others.
        gone: set[str] = set()
        rows: dict[tuple[str, str], np.ndarray] = {}
        try:
            with open(self.path / "journal.jsonl", encoding="utf-8") as handle:
                for line in handle:
                    try:
                        change = json.loads(line)
                    except ValueError:
                        continue  # a line being written right now: the next read has it
                    updates = change.get("set") or {}
                    changed = set(change.get("delete", ())) | set(updates)
                    if changed:
                        gone |= changed
                        rows = {key: row for key, row in rows.items() if key[0] not in changed}
                    rows.update(self._rows_of(updates))
        except FileNotFoundError:
            pass
        return self._remember(self._fold(version, written, gone, rows))

    def _read_written(self, version: tuple[int, ...]) -> _Written | None:
        """The written store (``_Written``), read again only when its files change: a journalled
        save changes the journal alone, so the keys are not parsed again for it."""
        with _cache_lock:
            written = _written.get(self.path)
        if written is not None and written.version == version:
            return written
        written = _Written.read(self.path, version)
        with _cache_lock:
            if written is None:
                _written.pop(self.path, None)
            else:
                _written[self.path] = written
        return written

    def _fold(
        self,
        version: tuple[int, ...],
        written: _Written | None,
        gone: set[str],
        rows: dict[tuple[str, str], np.ndarray],
    ) -> _Loaded:
        """The store as readers see it: ``written``'s rows but those of ``gone``, then ``rows``."""
        languages: list[str] = [] if written is None else written.languages
        extra = np.vstack(list(rows.values())) if rows else np.zeros((0, self.dimensions), np.float32)
        alive = None
        row_ids = np.zeros(0, np.int32) if written is None else written.row_ids
        row_languages = np.zeros(0, np.intp) if written is None else written.row_languages
        if written is not None and gone:
            kept = ~np.isin(written.row_ids, list(written.numbers(gone).values()))
            if not kept.all():
                alive = np.flatnonzero(kept)
                row_ids, row_languages = row_ids[alive], row_languages[alive]
        extra_ids: list[str] = []
        if rows:
            # The journal's documents and languages are numbered after the written store's (a
            # document of both by its written number; the written store's own lists stay shared).
            languages = list(languages)
            first = 0 if written is None else len(written.ids)
            numbers = {} if written is None else written.numbers({doc_id for doc_id, _ in rows})
            language_numbers = {language: number for number, language in enumerate(languages)}
            row_numbers, row_language_numbers = [], []
            for doc_id, language in rows:
                number = numbers.get(doc_id)
                if number is None:
                    number = numbers[doc_id] = first + len(extra_ids)
                    extra_ids.append(doc_id)
                row_numbers.append(number)
                if language not in language_numbers:
                    language_numbers[language] = len(languages)
                    languages.append(language)
                row_language_numbers.append(language_numbers[language])
            row_ids = np.concatenate([row_ids, np.asarray(row_numbers, np.int32)])
            row_languages = np.concatenate([row_languages, np.asarray(row_language_numbers, np.intp)])
        return _Loaded(version, written, alive, extra, extra_ids, row_ids, languages, row_languages)

    def _remember(self, loaded: _Loaded) -> _Loaded:
        with _cache_lock:
            _cache[self.path] = loaded
        return loaded

    def load(self) -> None:
        """Read the store now rather than on the first search (a server calls this before
        forking its workers, so they share what it read: portal/warmup.py)."""
        self._read()

    def count(self) -> int:
        """How many documents have vectors."""
        return len(self._read().live())

    def ids(self) -> set[str]:
        """The documents that have vectors."""
        loaded = self._read()
        return {loaded.doc_id(int(number)) for number in loaded.live()}

    def nearest(
        self, query: np.ndarray, *, floor: float | Callable[[str], float], limit: int
    ) -> list[tuple[str, float, str]]:
        """``(document id, similarity, language)`` of the documents closest to ``query`` (best
        language per document), at least ``floor``, best first, at most ``limit``.

        ``floor``: one for every row, or the floor of a row's language (hybrid.Floor.of): a
        passage is judged against the background of the language it is written in."""
        loaded = self._read()
        if not len(loaded) or loaded.dimensions() != len(query):
            return []
        vector = np.asarray(query, dtype=np.float32)
        by_language = tuple(floor(name) for name in loaded.languages) if callable(floor) else None
        # The answer depends only on the store's version (``loaded``), the query vector, the
        # floors and the limit: a repeated question skips the product over every row (2-3 ms
        # at 10,000 documents, ten times that at 100,000). Filters are applied by the caller, so
        # the same words under another filter are the same question here.
        key = (vector.tobytes(), by_language or floor, limit)
        with _cache_lock:
            known = loaded.answers.get(key)
            if known is not None:
                loaded.answers.move_to_end(key)
                return list(known)
        result = self._nearest(loaded, vector, floor if by_language is None else by_language, limit)
        with _cache_lock:
            loaded.answers[key] = list(result)
            while len(loaded.answers) > ANSWERS_SIZE:
                loaded.answers.popitem(last=False)
        return result

    @staticmethod
    def _nearest(
        loaded: _Loaded, vector: np.ndarray, floor: float | tuple[float, ...], limit: int
    ) -> list[tuple[str, float, str]]:
        """``nearest``'s answer, computed: one matrix product over every row. ``floor``: one
        for every row, or one per language of ``loaded.languages``."""
        similarities = loaded.similarities(vector)
        if isinstance(floor, tuple):
            floors: np.ndarray | float = np.asarray(floor)[loaded.row_languages]
        else:
            floors = floor
        # Only rows above the floor can be answered, and only the best few of those: select them
        # (argpartition, linear) before sorting, instead of sorting every row of the matrix.
        # A document has a row per language, so up to ``limit`` documents may need more rows.
        above = np.flatnonzero(similarities >= floors)
        result: list[tuple[str, float, str]] = []
        seen: set[str] = set()
        wanted = limit
        while len(result) < limit:
            if len(above) > wanted:
                best = above[np.argpartition(-similarities[above], wanted - 1)[:wanted]]
            else:
                best = above
            result, seen = [], set()
            for number in best[np.argsort(-similarities[best], kind="stable")]:
                doc_id, language = loaded.key(number)
                if doc_id not in seen:
                    seen.add(doc_id)
                    result.append((doc_id, float(similarities[number]), language))
                    if len(result) >= limit:
                        break
            if len(best) == len(above):
                break
            wanted *= 2  # rows of the same documents in other languages took places: look deeper
        return result
