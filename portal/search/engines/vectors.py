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
class _Loaded:
    version: tuple[int, ...]
    matrix: np.ndarray
    keys: list[tuple[str, str]]
    rows: dict[str, list[int]]
    # The languages of the rows (their names, and each row's index into them), made on first need.
    _languages: tuple[list[str], np.ndarray] | None = None
    # Answers of ``nearest`` for this version of the store (see VectorStore.nearest).
    answers: OrderedDict[tuple, list[tuple[str, float, str]]] = field(default_factory=OrderedDict)

    def languages(self) -> tuple[list[str], np.ndarray]:
        if self._languages is None:
            names = sorted({language for _, language in self.keys})
            index = {name: number for number, name in enumerate(names)}
            codes = np.fromiter((index[language] for _, language in self.keys), np.intp, len(self.keys))
            self._languages = (names, codes)
        return self._languages


def _by_id(keys: list[tuple[str, str]]) -> dict[str, list[int]]:
    by_id: dict[str, list[int]] = {}
    for number, (doc_id, _) in enumerate(keys):
        by_id.setdefault(doc_id, []).append(number)
    return by_id


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
            self._write({key: loaded.matrix[number] for number, key in enumerate(loaded.keys)})

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
        rows: dict[tuple[str, str], np.ndarray] = {}
        try:
            # Mapped, not read: the web workers then share one copy of the matrix in the page
            # cache (264 MB at 100,000 experts) instead of holding one each.
            matrix = np.asarray(np.load(self.path / "matrix.npy", mmap_mode="r"))
            keys = [tuple(key) for key in json.loads((self.path / "keys.json").read_text())]
            if len(keys) == len(matrix):
                if version[6:] == (0, 0, 0):  # no journal to fold in: the file is the store
                    return self._remember(_Loaded(version, matrix, keys, _by_id(keys)))
                rows = {key: matrix[number] for number, key in enumerate(keys)}
        except (FileNotFoundError, ValueError):
            pass
        try:
            with open(self.path / "journal.jsonl", encoding="utf-8") as handle:
                for line in handle:
                    try:
                        change = json.loads(line)
                    except ValueError:
                        continue  # a line being written right now: the next read has it
                    updates = change.get("set") or {}
                    gone = set(change.get("delete", ())) | set(updates)
                    if gone:
                        rows = {key: row for key, row in rows.items() if key[0] not in gone}
                    rows.update(self._rows_of(updates))
        except FileNotFoundError:
            pass
        keys = list(rows)
        matrix = (
            np.vstack([rows[key] for key in keys]) if keys else np.zeros((0, self.dimensions), np.float32)
        )
        return self._remember(_Loaded(version, matrix, keys, _by_id(keys)))

    def _remember(self, loaded: _Loaded) -> _Loaded:
        with _cache_lock:
            _cache[self.path] = loaded
        return loaded

    def count(self) -> int:
        """How many documents have vectors."""
        return len(self._read().rows)

    def ids(self) -> set[str]:
        """The documents that have vectors."""
        return set(self._read().rows)

    def nearest(
        self, query: np.ndarray, *, floor: float | Callable[[str], float], limit: int
    ) -> list[tuple[str, float, str]]:
        """``(document id, similarity, language)`` of the documents closest to ``query`` (best
        language per document), at least ``floor``, best first, at most ``limit``.

        ``floor``: one for every row, or the floor of a row's language (hybrid.Floor.of): a
        passage is judged against the background of the language it is written in."""
        loaded = self._read()
        if not loaded.keys or loaded.matrix.shape[1] != len(query):
            return []
        vector = np.asarray(query, dtype=np.float32)
        names, _ = loaded.languages()
        by_language = tuple(floor(name) for name in names) if callable(floor) else None
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
        for every row, or one per language of ``loaded.languages()``."""
        similarities = loaded.matrix @ vector
        if isinstance(floor, tuple):
            floors: np.ndarray | float = np.asarray(floor)[loaded.languages()[1]]
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
                doc_id, language = loaded.keys[number]
                if doc_id not in seen:
                    seen.add(doc_id)
                    result.append((doc_id, float(similarities[number]), language))
                    if len(result) >= limit:
                        break
            if len(best) == len(above):
                break
            wanted *= 2  # rows of the same documents in other languages took places: look deeper
        return result
