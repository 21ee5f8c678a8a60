"""The embedded engine: tantivy indexes on disk, for machines without a Meilisearch server.

Layout, one directory per DocumentType under ``settings.SEARCH_INDEX_DIR/<name>/``::

    CURRENT                  name of the live generation, swapped atomically by a rebuild
    <fingerprint>-<stamp>/   a tantivy index (a "generation"); the fingerprint names the schema
    update.lock              held (flock) while an update or a swap writes
    rebuild.lock             held for the whole of a rebuild, so two never run at once
    BUILDING                 the generation a rebuild is writing, while it runs
    journal-<generation>     updates made during that rebuild, replayed into it before the swap

Analysis (see portal.search.text): English, Indonesian and Vietnamese text goes through tantivy's
simple tokenizer, lower-casing and ASCII folding, so "Ha Noi" finds "Hà Nội". Thai, and text that
is not per language (names), is segmented by PyThaiNLP in Python and indexed with a whitespace
tokenizer; tantivy cannot find Thai word boundaries itself. English and Indonesian text is also
indexed as stems under ``_stem_<key>`` (English by tantivy's Snowball stemmer, Indonesian by
Sastrawi in Python), so a word finds its other forms ("monitored" → "monitoring", "pemantauan"
→ "memantau").

Matching: every query word that counts must match in some text field of some language (stop words
and the collection's own words only add to the score, see portal.search.stopwords); words of
4-7 letters allow one typo and longer ones two; the last word also matches as a prefix; an exact
match scores above a typo match; field weights boost; a glossary term also matches its
equivalents in the other languages; a word also matches its stem, below an exact match. A Thai
run holding a word the index lacks is first re-read against the index's Thai words
(``text.correct_thai``), so a misspelt Thai word is corrected instead of being cut into
fragments. When no document has every word, a second pass answers
with the documents that match the most of them (the rarer words weighing more), and the result
says so (``matched_all_words``). Filters are term queries on keyword fields, never parsed query
syntax.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import html
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import tantivy
from django.conf import settings

from portal.search import glossary, hybrid
from portal.search.documents import DocumentType, TextField, document_types, iter_chunks
from portal.search.embeddings import get_provider
from portal.search.engines.base import (
    SearchEngine,
    SearchEngineError,
    canonical_json,
    content_hash,
    hash_of_canonical,
)
from portal.search.engines.base import checked_ids as _checked_ids
from portal.search.engines.base import epoch_seconds as _epoch_seconds
from portal.search.engines.vectors import VectorStore
from portal.search.query import Hit, SearchQuery, SearchResult
from portal.search.stopwords import optional_positions
from portal.search.text import (
    THAI_SEPARATOR,
    ThaiVocabulary,
    correct_thai,
    fold,
    is_thai,
    normalise,
    segment_for_index,
    stem_indonesian,
    stem_indonesian_text,
    tokens_for_query,
)
from portal.search.typos import alignment_rows, typo_distance

__all__ = ["EmbeddedEngine", "fuzzy_distance"]

logger = logging.getLogger(__name__)

LATIN = "portal_latin"
SEGMENTED = "portal_segmented"
STEMMED_EN = "portal_stemmed_en"
STEMMED_LANGUAGES = frozenset({"en", "id"})
"""Languages whose words inflect: their text is also indexed as stems (Vietnamese and Thai
words never change form). English is stemmed by tantivy (Snowball), Indonesian by Sastrawi in
Python before indexing (see portal.search.text.stem_indonesian)."""
STEM_BOOST = 0.5
"""A match on a word's stem ("monitored" finding "monitoring") scores this share of the field
weight. An exact match matches its stem too, so it always scores above a stem-only match."""
SEGMENTED_LANGUAGES = frozenset({"th"})
"""Languages whose text is segmented in Python before indexing (no spaces between words)."""

EXACT_BOOST = 1.0
TYPO_SCORE = 0.3
"""A typo or prefix match scores this constant (times the field weight); an exact match scores
BM25 on top of it, so exact matches rank first."""
SYNONYM_BOOST = 0.8
RELAXED_WORD_SCORE = 10_000.0
"""What each matched query word adds in a relaxed search, on top of its own score: far above any
BM25 sum, so documents matching more of the words rank first and, among those, the words'
own scores (rarer words weigh more) decide."""
RELAXED_DEPTH = 1000
"""How many of a relaxed search's best matches may answer (see EmbeddedEngine._relaxed)."""
GLOSSARY_TIE_BREAKER = 0.1
"""What a glossary term's other matching equivalents add to its best one's score."""
WORDS_SUFFICE = True
"""Hybrid search answers by words alone when documents with every word fill the page asked for
(EmbeddedEngine._words_first); False embeds every query with text."""
LOCK_TIMEOUT = 30.0
UPDATE_HEAP = 32_000_000
REBUILD_HEAP = 128_000_000
REBUILD_BATCH = 5_000
FACET_SIZE = 1_000
FACET_CACHE_SIZE = 256
PLAN_CACHE_SIZE = 512
"""Query plans kept per index layout: a reader paging, filtering or re-sorting asks the same text."""
PLAN_VERDICTS = 20_000
VOCABULARY_REFRESH = 300.0
"""Seconds a Thai vocabulary read from an index serves later versions of it: reading it walks
every Thai field's term dictionary, too much to do after each edit's commit. A word new to the
index is corrected to at most this long after it arrives (it is found exactly at once)."""
"""Highlight verdicts kept per plan (one per distinct index term seen in its hits)."""


def fuzzy_distance(word: str) -> int:
    """Typos tolerated in a query word: none under 4 letters, one from 4, two from 8.

    Four letters, because the words readers slip on in this domain are short ("smog", "haze",
    "kota"); shorter words would match too much with one typo ("ozn" ~ "on", "no"). Meilisearch
    is given the same sizes (MIN_WORD_SIZE_FOR_TYPOS there), "Did you mean" uses the same rule.
    """
    return typo_distance(word)


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    latin = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    segmented = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    stemmed_en = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )
    return {LATIN: latin, SEGMENTED: segmented, STEMMED_EN: stemmed_en}


ANALYZERS = _analyzers()


@dataclass(frozen=True)
class _TextKey:
    field: TextField
    language: str | None
    key: str
    analyzer: str


@dataclass(frozen=True)
class _StemKey:
    """Where the stems of a translated text field in an inflecting language are indexed."""

    source: str
    language: str
    key: str
    analyzer: str
    weight: float

    def index_text(self, value: str) -> str:
        """The text indexed for ``value``: English is stemmed by the analyzer, Indonesian here."""
        return stem_indonesian_text(value) if self.language == "id" else value

    def query_stem(self, word: str) -> str | None:
        """The stem of canonical query ``word`` as this key indexes it (None: no single stem)."""
        if self.language == "id":
            return stem_indonesian(word)
        analysed = _analyse(self.analyzer, word)
        return analysed[0] if len(analysed) == 1 else None


@dataclass
class _Layout:
    """The tantivy schema a DocumentType declares, and how document keys map onto it."""

    document_type: DocumentType
    text: list[_TextKey]
    stems: list[_StemKey]
    schema: tantivy.Schema
    fingerprint: str
    # (glossary fingerprint, query text) -> its plan, most recently used last. Plans depend only
    # on the schema and the glossary (editors may change it), never on what is indexed, so they
    # outlive commits.
    plans: OrderedDict[tuple[str, str], _Plan] = field(default_factory=OrderedDict)
    plans_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, document_type: DocumentType) -> _Layout:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("_hash", stored=True, tokenizer_name="raw")
        builder.add_bytes_field("_source", stored=True)
        text: list[_TextKey] = []
        for text_field, language, key in document_type.text_field_keys():
            analyzer = SEGMENTED if language is None or language in SEGMENTED_LANGUAGES else LATIN
            # Segmented text is stored as indexed, for highlighting; other text is in _source.
            builder.add_text_field(key, stored=analyzer == SEGMENTED, tokenizer_name=analyzer)
            text.append(_TextKey(text_field, language, key, analyzer))
        stems: list[_StemKey] = []
        for item in text:
            if item.language in STEMMED_LANGUAGES:
                analyzer = STEMMED_EN if item.language == "en" else LATIN
                stem = _StemKey(item.key, item.language, f"_stem_{item.key}", analyzer, item.field.weight)
                # Frequencies without positions: stems are matched word by word, never as phrases.
                builder.add_text_field(stem.key, tokenizer_name=analyzer, index_option="freq")
                stems.append(stem)
        for name in document_type.keyword_field_names():
            builder.add_text_field(name, tokenizer_name="raw", fast=True)
        for sortable in document_type.sortable_fields:
            key = f"_sort_{sortable.name}"
            if sortable.kind == "string":
                builder.add_text_field(key, tokenizer_name="raw", fast=True)
            elif sortable.kind == "number":
                builder.add_float_field(key, fast=True)
            else:
                builder.add_integer_field(key, fast=True)
        description = {
            "text": [(item.key, item.analyzer) for item in text],
            "stems": [(item.key, item.analyzer) for item in stems],
            "keywords": list(document_type.keyword_field_names()),
            "sort": [(item.name, item.kind) for item in document_type.sortable_fields],
            "version": 2,
        }
        return cls(document_type, text, stems, builder.build(), content_hash(description)[:12])

    def to_tantivy(self, document: dict[str, Any]) -> tantivy.Document:
        """The tantivy document for ``document`` (which must have an ``id``)."""
        document, _ = hybrid.split_vectors(document)  # vectors go to the vector store
        doc_id = document.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise SearchEngineError(f"{self.document_type.name}: every document needs a non-empty str id")
        doc = tantivy.Document()
        doc.add_text("id", doc_id)
        # The stored source is the canonical JSON the hash is taken of: one serialisation, not two.
        source = canonical_json(document)
        doc.add_text("_hash", hash_of_canonical(source))
        doc.add_bytes("_source", source)
        for item in self.text:
            for value in _strings(document.get(item.key)):
                doc.add_text(item.key, segment_for_index(value) if item.analyzer == SEGMENTED else value)
        for stem in self.stems:
            for value in _strings(document.get(stem.source)):
                doc.add_text(stem.key, stem.index_text(value))
        for name in self.document_type.keyword_field_names():
            for value in _strings(document.get(name)):
                doc.add_text(name, value)
        for sortable in self.document_type.sortable_fields:
            value = document.get(sortable.name)
            if value is None or value == "":
                continue
            key = f"_sort_{sortable.name}"
            if sortable.kind == "string":
                doc.add_text(key, fold(normalise(str(value))))
            elif sortable.kind == "number":
                doc.add_float(key, float(value))
            else:
                doc.add_integer(key, _epoch_seconds(value))
        return doc


def _strings(value: Any) -> Iterator[str]:
    if value is None:
        return
    values = value if isinstance(value, list | tuple | set) else [value]
    for item in values:
        if item is not None and str(item) != "":
            yield str(item)


@dataclass
class _Opened:
    generation: str
    index: tantivy.Index
    layout: _Layout
    # meta.json's version and the searcher reloaded after reading it: reused until a commit. One
    # tuple, read and replaced whole, so a thread never pairs one version with another's searcher.
    reloaded: tuple[tuple[int, ...], tantivy.Searcher] | None = None
    # (index version, when read, the Thai words of the index): see _thai_vocabulary.
    vocabulary: tuple[tuple[int, ...], float, ThaiVocabulary] | None = None
    refreshing: bool = False


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


@dataclass(frozen=True)
class _Term:
    """One word of the query as the engine looks for it."""

    word: str
    distance: int
    prefix: bool

    def matches(self, term: str) -> bool:
        """Whether index term ``term`` is what this word finds (used to choose highlights; each
        plan keeps the verdicts, see ``_Plan.marks``)."""
        if term == self.word or (self.prefix and term.startswith(self.word)):
            return True
        if _same_stem(term, self.word):
            return True
        if self.distance == 0:
            return False
        if self.prefix:
            return _prefix_within(term, self.word, self.distance)
        return _within(term, self.word, self.distance)


def _same_stem(term: str, word: str) -> bool:
    """Whether index term ``term`` is a form of query ``word`` (English or Indonesian stems)."""
    if is_thai(word) or is_thai(term):
        return False
    if stem_indonesian(term) == stem_indonesian(word):
        return True
    return _analyse(STEMMED_EN, term) == _analyse(STEMMED_EN, word)


def _within(a: str, b: str, limit: int) -> bool:
    """Whether the optimal-string-alignment distance of a and b is at most ``limit``."""
    if abs(len(a) - len(b)) > limit or len(set(b) - set(a)) > limit:
        return False
    rows, last = 0, len(b)
    for i, row in alignment_rows(a, b, limit):
        rows, last = i, row[-1]
    return rows == len(a) and last <= limit


def _prefix_within(term: str, word: str, limit: int) -> bool:
    """Whether some beginning of ``term`` is within ``limit`` (optimal string alignment) of ``word``.

    One table instead of one per beginning: the lengths looked at are word's, give or take
    ``limit``.
    """
    low = max(1, len(word) - limit)
    high = min(len(term), len(word) + limit)
    if high < low or len(set(word) - set(term[:high])) > limit:
        return False
    return any(i >= low and row[-1] <= limit for i, row in alignment_rows(term[:high], word, limit))


@dataclass
class _Semantic:
    """What hybrid search adds to a query: documents found by meaning that pass the filters
    (best first), their addresses, the language of each one's closest passage, and (once the
    ranking tells) those the words did not find (id -> language)."""

    ids: list[str]
    addresses: dict[str, Any]
    languages: dict[str, str]
    only_meaning: dict[str, str] | None = None
    # Whether any document is close in meaning at all (before filters): the query is about what
    # this index holds. A relaxed answer is given only then, so a recipe or a football score whose
    # folded syllables happen to occur in pages ("pho" in "thành phố") still answers nothing.
    in_domain: bool = True
    # Whether the words ranked are all of the query's (False: the relaxed pass), for the fusion.
    all_words: bool = True


@dataclass
class _Plan:
    """The query to run, with what highlighting needs to know about it.

    ``query`` requires every word that counts; ``relaxed``, when the query has two or more such
    words, matches any one of them and ranks by how many match (run only when ``query`` finds
    nothing); of its matches only those with at least ``relaxed_minimum`` of the words answer.
    """

    query: tantivy.Query | None
    terms: list[_Term] = field(default_factory=list)
    relaxed: tantivy.Query | None = None
    relaxed_minimum: int = 1
    phrases: set[str] = field(default_factory=set)
    # Index term -> whether highlighting marks it; kept with the plan (see _Layout.plans).
    verdicts: dict[str, bool] = field(default_factory=dict)

    def marks(self, term: str) -> bool:
        """Whether ``term``, as indexed, is one this query found (and highlights show)."""
        verdict = self.verdicts.get(term)
        if verdict is None:
            verdict = term in self.phrases or any(word.matches(term) for word in self.terms)
            if len(self.verdicts) < PLAN_VERDICTS:
                self.verdicts[term] = verdict
        return verdict


class EmbeddedEngine(SearchEngine):
    """tantivy on local disk; see the module docstring. Safe to share between threads."""

    name = "embedded"

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        facet_cache_size: int = FACET_CACHE_SIZE,
        glossary_source: Callable[[], glossary.Glossary] | None = None,
    ) -> None:
        """``index_dir`` overrides settings.SEARCH_INDEX_DIR (read at each call otherwise).

        ``facet_cache_size``: facet counts kept per index version, so paging, re-sorting and the
        unfiltered landing page do not recount (counting is most of a broad query's cost).
        ``glossary_source``: see SearchEngine.glossary_source (the data file's when not given).
        """
        if glossary_source is not None:
            self.glossary_source = glossary_source
        self._index_dir = Path(index_dir) if index_dir is not None else None
        self._facet_cache: OrderedDict[tuple[Any, ...], dict[str, dict[str, int]]] = OrderedDict()
        self._facet_cache_size = facet_cache_size
        self._opened: dict[Path, _Opened] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._executor_pid = 0
        self._layouts: dict[int, _Layout] = {}
        self._lock = threading.RLock()

    def _pool(self) -> ThreadPoolExecutor:
        """A small thread pool, created on first use (so never before a server forks)."""
        pool = self._executor
        if pool is None or self._executor_pid != os.getpid():
            with self._lock:
                if self._executor is None or self._executor_pid != os.getpid():
                    self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-facets")
                    self._executor_pid = os.getpid()
                pool = self._executor
        return pool

    # -- paths and generations -------------------------------------------------------------

    @property
    def index_dir(self) -> Path:
        """Where every index of this engine lives."""
        return self._index_dir if self._index_dir is not None else Path(settings.SEARCH_INDEX_DIR)

    def _base(self, document_type: DocumentType) -> Path:
        return self.index_dir / document_type.name

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
        path = base / generation
        with self._lock:
            opened = self._opened.get(base)
            if opened is not None and opened.generation == generation:
                return opened
            try:
                index = tantivy.Index.open(str(path))
            except ValueError as error:
                raise SearchEngineError(f"cannot open search index {path}: {error}") from error
            # Analyzers live in the process, not in the index: register them on every open.
            for name, analyzer in ANALYZERS.items():
                index.register_tokenizer(name, analyzer)
            index.config_reader(reload_policy="manual")
            opened = _Opened(generation, index, layout)
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
        generation = self._read_current(base)
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
        self,
        base: Path,
        generation: str,
        layout: _Layout,
        documents: Iterable[dict[str, Any]],
        journal: Path,
    ) -> int:
        index = tantivy.Index.open(str(base / generation))
        for name, analyzer in ANALYZERS.items():
            index.register_tokenizer(name, analyzer)
        writer = self._writer(index, REBUILD_HEAP, threads=min(2, os.cpu_count() or 1))
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
                meta = os.stat(base / opened.generation / "meta.json")
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
                continue  # a rebuild swapped and removed this generation just now: look again
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

    # -- searching -------------------------------------------------------------------------

    def search(self, document_type: DocumentType, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        query.validate_for(document_type)
        opened, searcher, version = self._versioned_searcher(document_type)
        query = self._spelt(opened, searcher, version, query)
        layout = opened.layout
        schema = layout.schema
        vocabulary = self.glossary_source()
        plan = self._text_plan(layout, query.text, vocabulary)
        filters = {name: self._filter(schema, name, values) for name, values in query.filters.items()}
        words = tuple((term.word, term.prefix) for term in plan.terms)
        key = (opened.generation, version, vocabulary.fingerprint, words)
        # Words first: when documents with every word fill the page asked for, the page is
        # answered by words alone and the query is not embedded (see WORDS_SUFFICE).
        words_pass = self._words_first(opened, searcher, key, plan, query, filters)
        words_only = words_pass is not None and (words_pass[0].count or 0) >= query.offset + query.page_size
        # Hybrid: documents close in meaning (that pass the filters) join the lexical matches.
        semantic = (
            None if words_only else self._semantic(opened, searcher, plan, query, list(filters.values()))
        )
        matched_all_words = True
        only_meaning: dict[str, str] = {}
        if semantic is None or not semantic.ids:
            if words_pass is not None:
                found, facets = words_pass
            else:
                found, facets = self._matches(searcher, key, plan.query, query, filters)
            if not found.count and plan.relaxed is not None and (semantic is None or semantic.in_domain):
                # No document has every word: answer with those that have the most of them. Only
                # here, so a search that finds its words keeps its precise total, facets and sort.
                matched_all_words = False
                relaxed = self._relaxed(searcher, schema, plan, filters)
                found, facets = self._matches(searcher, (*key, "relaxed"), relaxed, query, filters)
            docs = [(value, searcher.doc(address)) for value, address in found.hits]
        else:
            lexical = plan.query
            # The words-first pass, when it ran, already tells whether any document has every word.
            any_match = (
                bool(words_pass[0].count)
                if words_pass is not None
                else self._any_match(searcher, plan.query, filters)
            )
            if plan.relaxed is not None and not any_match:
                matched_all_words = False
                lexical = self._relaxed(searcher, schema, plan, filters)
            found_by_meaning = tantivy.Query.const_score_query(
                tantivy.Query.term_set_query(schema, "id", semantic.ids), 0.0
            )
            text = self._any_of([lexical, found_by_meaning])
            semantic.all_words = matched_all_words
            pass_key = (*key, "relaxed") if not matched_all_words else key
            if query.sort_field is None:
                found, facets, docs = self._fused_matches(
                    searcher, (*pass_key, tuple(semantic.ids)), text, query, filters, semantic
                )
            else:
                found, facets = self._matches(
                    searcher, (*pass_key, tuple(semantic.ids)), text, query, filters
                )
                docs = [(value, searcher.doc(address)) for value, address in found.hits]
            if semantic.only_meaning is None:
                by_words = self._found_by_words(searcher, lexical, schema, semantic.ids)
                semantic.only_meaning = {
                    i: lang for i, lang in semantic.languages.items() if i not in by_words
                }
            only_meaning = semantic.only_meaning
        sort_field = query.sort_field
        sources = [json.loads(doc.get_first("_source")) for _, doc in docs]
        highlights = self._highlights(layout, searcher, plan, query, docs, sources)
        hits = [
            Hit(
                id=source["id"],
                document=source,
                score=float(value) if sort_field is None else None,
                highlights=marks,
                semantic_only=source["id"] in only_meaning,
                semantic_language=only_meaning.get(source["id"], ""),
            )
            for (value, _), source, marks in zip(docs, sources, highlights, strict=True)
        ]
        return SearchResult(
            hits=hits,
            total=found.count or 0,
            facets=facets,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
            engine=self.name,
            matched_all_words=matched_all_words,
        )

    def _words_first(
        self,
        opened: _Opened,
        searcher: tantivy.Searcher,
        key: tuple[Any, ...],
        plan: _Plan,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
    ) -> tuple[tantivy.SearchResult, dict[str, dict[str, int]]] | None:
        """The words-only pass (page and facets) of a search hybrid search would embed, run
        before the query is embedded; None when that rule does not apply.

        Why: embedding a query costs 10-17 ms of CPU, the largest part of a hybrid search, and
        most directory searches at scale (a position, an organisation, a place) match hundreds of
        documents by their words. When the documents with every word fill the page asked for,
        the caller answers with this pass and embeds nothing; documents found only by meaning
        rank below the first 40 word matches anyway (hybrid.fuse's weights), so what changes is
        the order within the page, measured against the relevance gates (BENCHMARKS.md). A
        sorted list is never answered this way: documents found only by meaning join it in sort
        order. When the pass falls short it is not lost: the caller reuses it if meaning finds
        nothing, and few matches are cheap to find.
        """
        if (
            not WORDS_SUFFICE
            or query.sort_field is not None
            or plan.query is None
            or get_provider() is None
            or not opened.layout.document_type.semantic_fields
        ):
            return None
        return self._matches(searcher, key, plan.query, query, filters)

    def _relaxed(
        self,
        searcher: tantivy.Searcher,
        schema: tantivy.Schema,
        plan: _Plan,
        filters: dict[str, tantivy.Query],
    ) -> tantivy.Query:
        """``plan.relaxed``, kept to the documents matching at least ``plan.relaxed_minimum`` of
        the words (tantivy has no minimum-should-match).

        Each matched word adds RELAXED_WORD_SCORE, far above any text score, so a document's
        score says how many words it matched; the best RELAXED_DEPTH are read in score order
        and cut where too few words matched. A relaxed answer is for the rare search whose words
        no document has together: it never needs to reach deeper than a reader pages.
        """
        if plan.relaxed is None:
            return tantivy.Query.empty_query()
        threshold = plan.relaxed_minimum * RELAXED_WORD_SCORE
        found = searcher.search(self._combine(plan.relaxed, list(filters.values())), limit=RELAXED_DEPTH)
        ids = [searcher.doc(address).get_first("id") for value, address in found.hits if value >= threshold]
        if not ids:
            return tantivy.Query.empty_query()
        enough = tantivy.Query.const_score_query(tantivy.Query.term_set_query(schema, "id", ids), 0.0)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, plan.relaxed), (tantivy.Occur.Must, enough)])

    def _any_match(
        self, searcher: tantivy.Searcher, text: tantivy.Query | None, filters: dict[str, tantivy.Query]
    ) -> bool:
        """Whether any document matches ``text`` under ``filters`` (one hit looked for, no count)."""
        found = searcher.search(self._combine(text, list(filters.values())), limit=1, count=False)
        return bool(found.hits)

    def _fused_matches(
        self,
        searcher: tantivy.Searcher,
        key: tuple[Any, ...],
        text: tantivy.Query,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
        semantic: _Semantic,
    ) -> tuple[Any, dict[str, dict[str, int]], list[tuple[Any, tantivy.Document]]]:
        """The fused page (words and meaning), its total, and the facet counts of ``text``."""
        full = self._combine(text, list(filters.values()))
        facet_key = self._facet_key(key, query)
        facets = self._known_facets(facet_key)
        facets_future = None
        if facets is None:
            facets_future = self._pool().submit(self._count_facets, facet_key, searcher, text, query, filters)
        found, docs = self._fused_page(searcher, full, query, semantic)
        if facets_future is not None:
            facets = facets_future.result()
        return found, facets, docs

    def _spelt(
        self, opened: _Opened, searcher: tantivy.Searcher, version: tuple[int, ...], query: SearchQuery
    ) -> SearchQuery:
        """``query`` with its misspelt Thai words corrected against the index (see correct_thai)."""
        if not is_thai(query.text):
            return query
        text = correct_thai(query.text, self._thai_vocabulary(opened, searcher, version))
        return query if text == query.text else dataclasses.replace(query, text=text)

    def _thai_vocabulary(
        self, opened: _Opened, searcher: tantivy.Searcher, version: tuple[int, ...]
    ) -> ThaiVocabulary:
        """The Thai words of the live index, read once per VOCABULARY_REFRESH (and generation).

        Reading takes ~45 ms at 100,000 documents: only the first Thai query of a generation
        waits for it; later versions are read in the background while the last one serves.
        """
        known = opened.vocabulary
        now = time.monotonic()
        if known is not None and (known[0] == version or now - known[1] < VOCABULARY_REFRESH):
            return known[2]
        if known is not None:
            with self._lock:
                start = opened.vocabulary is known and not opened.refreshing
                if start:
                    opened.refreshing = True
            if start:
                self._pool().submit(self._read_thai_vocabulary, opened, searcher, version)
            return known[2]
        with self._lock:
            if opened.vocabulary is None:
                self._read_thai_vocabulary(opened, searcher, version)
            return opened.vocabulary[2]

    @staticmethod
    def _read_thai_vocabulary(opened: _Opened, searcher: tantivy.Searcher, version: tuple[int, ...]) -> None:
        counts: dict[str, int] = {}
        try:
            for item in opened.layout.text:
                if item.analyzer != SEGMENTED or item.language not in (None, *SEGMENTED_LANGUAGES):
                    continue
                for term, count in searcher.terms_with_prefix(item.key, ""):
                    if is_thai(term):
                        counts[term] = counts.get(term, 0) + count
            opened.vocabulary = (version, time.monotonic(), ThaiVocabulary(counts))
        finally:
            opened.refreshing = False

    def _matches(
        self,
        searcher: tantivy.Searcher,
        key: tuple[Any, ...],
        text: tantivy.Query | None,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
    ) -> tuple[tantivy.SearchResult, dict[str, dict[str, int]]]:
        """The page of hits (with the total) and the facet counts of ``text`` under ``filters``.

        ``key``: what the facet counts depend on besides the filters (index version, words, pass).
        """
        full = self._combine(text, list(filters.values()))
        # Counting facets and finding the page's hits each walk every match; tantivy releases
        # the GIL, so the counting runs beside the search (on another core when there is one).
        # Counts already known are taken here: handing a lookup to a thread costs more than it.
        facet_key = self._facet_key(key, query)
        facets = self._known_facets(facet_key)
        facets_future = None
        if facets is None:
            facets_future = self._pool().submit(self._count_facets, facet_key, searcher, text, query, filters)
        sort_field = query.sort_field
        if sort_field is None:
            found = searcher.search(full, limit=query.page_size, offset=query.offset, count=True)
        else:
            found = searcher.search(
                full,
                limit=query.page_size,
                offset=query.offset,
                count=True,
                order_by_field=f"_sort_{sort_field}",
                order=tantivy.Order.Desc if query.sort_descending else tantivy.Order.Asc,
            )
        if facets_future is not None:
            facets = facets_future.result()
        return found, facets

    def _semantic(
        self,
        opened: _Opened,
        searcher: tantivy.Searcher,
        plan: _Plan,
        query: SearchQuery,
        filters: list[tantivy.Query],
    ) -> _Semantic | None:
        """The documents this query finds by meaning that pass ``filters``; None when hybrid
        search is off or the query has no text."""
        provider = get_provider()
        if provider is None or plan.query is None or not opened.layout.document_type.semantic_fields:
            return None  # off, or no words: every document matches anyway
        store = VectorStore(self._base(opened.layout.document_type) / opened.generation, provider.dimensions)
        vector = provider.embed_query(query.text)
        nearest = store.nearest(vector, floor=hybrid.floor_for(provider, vector), limit=hybrid.SEMANTIC_DEPTH)
        if not nearest:
            return _Semantic([], {}, {}, in_domain=False)
        schema = opened.layout.schema
        ids = [doc_id for doc_id, _, _ in nearest]
        candidates = self._combine(self._filter(schema, "id", ids), filters)
        passing = {
            searcher.doc(address).get_first("id"): address
            for _, address in searcher.search(candidates, limit=len(ids), count=False).hits
        }
        kept = [(doc_id, language) for doc_id, _, language in nearest if doc_id in passing]
        return _Semantic(
            ids=[doc_id for doc_id, _ in kept],
            addresses={doc_id: passing[doc_id] for doc_id, _ in kept},
            languages=dict(kept),
        )

    def _found_by_words(
        self,
        searcher: tantivy.Searcher,
        lexical: tantivy.Query | None,
        schema: tantivy.Schema,
        ids: list[str],
    ) -> set[str]:
        """Which of ``ids`` the query's words (``lexical``: all of them, or the relaxed pass's)
        match, when the ranking did not already tell."""
        if lexical is None or not ids:
            return set(ids)
        both = self._combine(lexical, [self._filter(schema, "id", ids)])
        return {
            searcher.doc(address).get_first("id")
            for _, address in searcher.search(both, limit=len(ids), count=False).hits
        }

    @staticmethod
    def _fused_page(
        searcher: tantivy.Searcher, full: tantivy.Query, query: SearchQuery, semantic: _Semantic
    ) -> tuple[Any, list[tuple[Any, tantivy.Document]]]:
        """The page of the fused ranking: lexical matches (in score order, deep enough for the
        page) and the documents found by meaning, merged by hybrid.fuse."""
        depth = query.offset + query.page_size + len(semantic.ids)
        found = searcher.search(full, limit=depth, count=True)
        lexical: list[str] = []
        loaded: dict[str, tuple[Any, tantivy.Document]] = {}
        for value, address in found.hits:
            if value <= 0.0:  # the rest were found only by meaning (constant score 0)
                break
            doc = searcher.doc(address)
            doc_id = doc.get_first("id")
            lexical.append(doc_id)
            loaded[doc_id] = (value, doc)
        # Every word match was fetched when the list ran out or reached the score-0 ones; then a
        # candidate missing from it was found by meaning only, with no second query.
        if len(found.hits) < depth or len(lexical) < len(found.hits):
            words = set(lexical)
            semantic.only_meaning = {
                doc_id: language for doc_id, language in semantic.languages.items() if doc_id not in words
            }
        fused = hybrid.fuse(lexical, semantic.ids, all_words=semantic.all_words)
        page = fused[query.offset : query.offset + query.page_size]
        docs = []
        for doc_id in page:
            if doc_id not in loaded:
                loaded[doc_id] = (0.0, searcher.doc(semantic.addresses[doc_id]))
            docs.append(loaded[doc_id])
        return found, docs

    def get_documents(
        self, document_type: DocumentType, ids: Iterable[str], filters: dict[str, list[str]] | None = None
    ) -> list[Hit]:
        wanted = _checked_ids(ids)
        if not wanted:
            return []
        checked = SearchQuery(filters=filters or {})  # the same value checks as a search's filters
        checked.validate_for(document_type)
        opened, searcher = self._searcher(document_type)
        schema = opened.layout.schema
        clauses = [self._filter(schema, "id", wanted)]
        clauses += [self._filter(schema, name, values) for name, values in checked.filters.items()]
        found = searcher.search(self._combine(None, clauses), limit=len(wanted), count=False)
        by_id: dict[str, Hit] = {}
        for _, address in found.hits:
            source = json.loads(searcher.doc(address).get_first("_source"))
            by_id[source["id"]] = Hit(id=source["id"], document=source, score=None)
        return [by_id[doc_id] for doc_id in wanted if doc_id in by_id]

    @staticmethod
    def _filter(schema: tantivy.Schema, name: str, values: list[str]) -> tantivy.Query:
        if len(values) == 1:
            query = tantivy.Query.term_query(schema, name, values[0])
        else:
            query = tantivy.Query.term_set_query(schema, name, values)
        return tantivy.Query.const_score_query(query, 0.0)

    @staticmethod
    def _combine(text: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
        clauses = [(tantivy.Occur.Must, clause) for clause in filters]
        if text is not None:
            clauses.insert(0, (tantivy.Occur.Must, text))
        if not clauses:
            return tantivy.Query.all_query()
        if len(clauses) == 1:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    def _text_plan(self, layout: _Layout, text: str, vocabulary: glossary.Glossary | None = None) -> _Plan:
        """The plan of ``text``, built once per layout and glossary while it is among the recently
        asked (a changed glossary has another fingerprint, so its plans are built afresh).
        ``vocabulary``: the glossary the caller already asked ``glossary_source`` for."""
        if vocabulary is None:
            vocabulary = self.glossary_source()
        key = (vocabulary.fingerprint, text)
        with layout.plans_lock:
            plan = layout.plans.get(key)
            if plan is not None:
                layout.plans.move_to_end(key)
                return plan
        plan = self._build_plan(layout, text)
        with layout.plans_lock:
            layout.plans[key] = plan
            while len(layout.plans) > PLAN_CACHE_SIZE:
                layout.plans.popitem(last=False)
        return plan

    def _build_plan(self, layout: _Layout, text: str) -> _Plan:
        """Every word that counts must match somewhere; glossary terms may match their
        equivalents instead; stop words and the collection's own words only add to the score."""
        words = tokens_for_query(text)
        if not words:
            return _Plan(query=None)  # None: every document
        terms = [
            _Term(word, fuzzy_distance(word), prefix=index == len(words) - 1 and len(word) >= 2)
            for index, word in enumerate(words)
        ]
        optional = optional_positions(text, collection_words=layout.document_type.collection_words)
        # Optional words are not highlighted: "the" marked all over a snippet helps no one.
        plan = _Plan(query=None, terms=[term for index, term in enumerate(terms) if index not in optional])
        word_clauses = [self._word_clause(layout, term) for term in terms]
        # (positions of the query words, clause): a glossary term is one unit however many words.
        units: list[tuple[range, tantivy.Query]] = []
        position = 0
        # The glossary _text_plan keyed this plan under: asked again, not passed, so the planner
        # keeps its signature; within a request the content cache answers both with one value.
        for match in self.glossary_source().find_matches(words):
            units.extend(
                (range(index, index + 1), word_clauses[index])
                for index in range(position, match.start)
                if word_clauses[index] is not None
            )
            literal = [clause for clause in word_clauses[match.start : match.end] if clause is not None]
            options = [self._all_of(literal)] if literal else []
            for _, alternative in match.alternatives:
                options.extend(self._phrase_clauses(layout, alternative))
                plan.phrases.update(alternative)
            units.append((range(match.start, match.end), self._best_of(options)))
            position = match.end
        units.extend(
            (range(index, index + 1), word_clauses[index])
            for index in range(position, len(words))
            if word_clauses[index] is not None
        )
        required = [clause for span, clause in units if not all(index in optional for index in span)]
        scoring = [clause for span, clause in units if all(index in optional for index in span)]
        if not required:
            plan.query = tantivy.Query.empty_query()
            return plan
        plan.query = self._with_optional(self._all_of(required), scoring)
        if len(required) > 1:
            # Each matched unit adds RELAXED_WORD_SCORE to its own score: the number of units
            # matched ranks first, their BM25 (rarer words weigh more) second.
            counted = [
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.const_score_query(clause, RELAXED_WORD_SCORE)),
                        (tantivy.Occur.Should, clause),
                    ]
                )
                for clause in required
            ]
            plan.relaxed = self._with_optional(self._any_of(counted), scoring)
            # Half the words (rounded up) at least: "Manchester United 2-1 Liverpool score" shares
            # one word with some page by chance (or by a typo), which makes it no answer; a
            # question's two topic words ("diesel trucks" in a city) still answer with one.
            plan.relaxed_minimum = (len(required) + 1) // 2
        return plan

    @staticmethod
    def _with_optional(query: tantivy.Query, scoring: list[tantivy.Query]) -> tantivy.Query:
        """``query``, with ``scoring`` clauses adding to the score where they match."""
        if not scoring:
            return query
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), *((tantivy.Occur.Should, clause) for clause in scoring)]
        )

    @staticmethod
    def _all_of(clauses: list[tantivy.Query]) -> tantivy.Query:
        if len(clauses) == 1:
            return clauses[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, clause) for clause in clauses])

    @staticmethod
    def _best_of(clauses: list[tantivy.Query]) -> tantivy.Query:
        """A glossary term scores by its best-matching equivalent, plus a little for the others.

        Summing them would rank a text that names the term in four languages (a taxonomy label
        indexed with its translations) far above one that simply uses it.
        """
        if len(clauses) == 1:
            return clauses[0]
        return tantivy.Query.disjunction_max_query(clauses, GLOSSARY_TIE_BREAKER)

    @staticmethod
    def _any_of(clauses: list[tantivy.Query]) -> tantivy.Query:
        if not clauses:
            return tantivy.Query.empty_query()
        if len(clauses) == 1:
            return clauses[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])

    def _word_clause(self, layout: _Layout, term: _Term) -> tantivy.Query | None:
        """One query word in any text field: exact (BM25) or typo/prefix (constant score)."""
        schema = layout.schema
        options: list[tantivy.Query] = []
        thai = is_thai(term.word)
        for item in layout.text:
            if thai and item.analyzer == LATIN:
                continue  # Latin-script fields cannot hold a Thai word as one term
            analysed = _analyse(item.analyzer, term.word)
            if not analysed:
                continue
            weight = item.field.weight
            if len(analysed) > 1:  # a word this field's analyzer splits: look for the pieces in a row
                options.append(
                    tantivy.Query.boost_query(tantivy.Query.phrase_query(schema, item.key, analysed), weight)
                )
                continue
            word = analysed[0]
            options.append(
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, item.key, word), weight * EXACT_BOOST
                )
            )
            # Typos are looked for in text of the word's own script: a Latin word in Thai text
            # (a name, "PM2.5") must be exact, which saves building its automaton twice more.
            if (term.distance or term.prefix) and (thai or item.language not in SEGMENTED_LANGUAGES):
                fuzzy = tantivy.Query.fuzzy_term_query(
                    schema,
                    item.key,
                    word,
                    distance=term.distance,
                    transposition_cost_one=True,
                    prefix=term.prefix,
                )
                options.append(tantivy.Query.const_score_query(fuzzy, weight * TYPO_SCORE))
        if not thai:
            for stem in layout.stems:
                stemmed = stem.query_stem(term.word)
                if stemmed:
                    query = tantivy.Query.term_query(schema, stem.key, stemmed)
                    options.append(tantivy.Query.boost_query(query, stem.weight * STEM_BOOST))
        return self._any_of(options) if options else None

    def _phrase_clauses(self, layout: _Layout, words: tuple[str, ...]) -> list[tantivy.Query]:
        """A glossary equivalent, as written (no typos), in any text field."""
        clauses: list[tantivy.Query] = []
        for item in layout.text:
            analysed = [piece for word in words for piece in _analyse(item.analyzer, word)]
            if not analysed:
                continue
            if len(analysed) == 1:
                query = tantivy.Query.term_query(layout.schema, item.key, analysed[0])
            else:
                query = tantivy.Query.phrase_query(layout.schema, item.key, analysed, slop=1)
            clauses.append(tantivy.Query.boost_query(query, item.field.weight * SYNONYM_BOOST))
        return clauses

    @staticmethod
    def _facet_key(key: tuple[Any, ...], query: SearchQuery) -> tuple[Any, ...]:
        """What the facet counts of ``query`` depend on: index version, words, filters, facets."""
        filters = tuple(sorted((name, tuple(sorted(values))) for name, values in query.filters.items()))
        return (*key, filters, tuple(query.facets))

    def _known_facets(self, key: tuple[Any, ...]) -> dict[str, dict[str, int]] | None:
        """The cached counts under ``key`` (a copy), ``{}`` without facets, None if not counted yet."""
        if not key[-1]:
            return {}
        with self._lock:
            cached = self._facet_cache.get(key)
            if cached is None:
                return None
            self._facet_cache.move_to_end(key)
        return {name: dict(counts) for name, counts in cached.items()}

    def _count_facets(
        self,
        key: tuple[Any, ...],
        searcher: tantivy.Searcher,
        text: tantivy.Query | None,
        query: SearchQuery,
        filters: dict[str, tantivy.Query],
    ) -> dict[str, dict[str, int]]:
        facets = self._facets(searcher, text, filters, query.facets)
        if self._facet_cache_size:
            with self._lock:
                self._facet_cache[key] = facets
                while len(self._facet_cache) > self._facet_cache_size:
                    self._facet_cache.popitem(last=False)
        return {name: dict(counts) for name, counts in facets.items()}

    @staticmethod
    def _facets(
        searcher: tantivy.Searcher,
        text: tantivy.Query | None,
        filters: dict[str, tantivy.Query],
        names: list[str],
    ) -> dict[str, dict[str, int]]:
        """Value counts per facet over the results; a filtered facet ignores its own filter, so
        the reader sees how many results each other value would add."""
        if not names:
            return {}
        facets: dict[str, dict[str, int]] = {}
        groups: dict[str | None, list[str]] = {}
        for name in names:
            groups.setdefault(name if name in filters else None, []).append(name)
        for own, members in groups.items():
            query = EmbeddedEngine._combine(text, [clause for key, clause in filters.items() if key != own])
            aggregations = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in members}
            answer = searcher.aggregate(query, aggregations)
            for name in members:
                buckets = answer.get(name, {}).get("buckets", [])
                facets[name] = {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}
        return {name: facets[name] for name in names}

    def _highlights(
        self,
        layout: _Layout,
        searcher: tantivy.Searcher,
        plan: _Plan,
        query: SearchQuery,
        docs: list[tuple[Any, tantivy.Document]],
        sources: list[dict[str, Any]],
    ) -> list[dict[str, str]]:
        """Snippets per hit in the reader's language (else English, else any), matches in <mark>.

        tantivy's SnippetGenerator highlights the terms of the query it is given, and typo or
        prefix queries name no terms; so the words of the hits that the query matched are
        found here and handed to it as plain term queries.
        """
        result: list[dict[str, str]] = [{} for _ in docs]
        if not plan.terms or not docs:
            return result
        language = query.language if query.language in layout.document_type.languages else "en"
        by_key = {item.key: item for item in layout.text}
        # (field name, key) -> [(hit number, text as indexed)]
        texts: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for number, ((_, doc), source) in enumerate(zip(docs, sources, strict=True)):
            for text_field in layout.document_type.text_fields:
                if not text_field.highlight:
                    continue
                keys = [text_field.name]
                if text_field.translated:
                    # The reader's language, else English, else whatever the document has.
                    order = dict.fromkeys((language, "en", *layout.document_type.languages))
                    keys = [f"{text_field.name}_{code}" for code in order]
                for key in keys:
                    item = by_key.get(key)
                    value = source.get(key) if item is not None else None
                    if not value:
                        continue
                    if item.analyzer == SEGMENTED:
                        value = doc.get_first(key) or ""
                    elif not isinstance(value, str):
                        value = " ".join(_strings(value))
                    texts.setdefault((text_field.name, key), []).append((number, value))
                    break
        for (name, key), entries in texts.items():
            item = by_key[key]
            analyzer = ANALYZERS[item.analyzer]
            matched: set[str] = set()
            # Only texts with a match of their own get a snippet: one without would come back
            # unmarked and be dropped anyway, after a tantivy document and a snippet each.
            marked_entries: list[tuple[int, str]] = []
            for number, value in entries:
                found = {term for term in set(analyzer.analyze(value)) if plan.marks(term)}
                if found:
                    matched |= found
                    marked_entries.append((number, value))
            if not matched:
                continue
            marker = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.term_query(layout.schema, key, term))
                    for term in matched
                ]
            )
            generator = tantivy.SnippetGenerator.create(searcher, marker, layout.schema, key)
            # tantivy counts the snippet length in UTF-8 bytes (three per Thai letter).
            ratio = max(len(value.encode("utf-8")) / max(len(value), 1) for _, value in entries)
            generator.set_max_num_chars(int(item.field.snippet_chars * ratio) + 1)
            for number, value in marked_entries:
                document = tantivy.Document()
                document.add_text(key, value)
                snippet = generator.snippet_from_doc(document)
                marked = _snippet_html(snippet)
                if marked:
                    result[number][name] = marked
        return result


_CACHE_LIMIT = 4096
_analysis_cache: dict[tuple[str, str], list[str]] = {}


def _analyse(analyzer: str, word: str) -> list[str]:
    """``word`` as the analyzer indexes it (usually itself; Thai in a Latin field splits)."""
    key = (analyzer, word)
    cached = _analysis_cache.get(key)
    if cached is None:
        cached = ANALYZERS[analyzer].analyze(word)
        if len(_analysis_cache) >= _CACHE_LIMIT:
            _analysis_cache.clear()
        _analysis_cache[key] = cached
    return cached


_GAP_BETWEEN_MARKS = re.compile(r"</mark>(\s*)<mark>")


def _snippet_html(snippet: tantivy.Snippet) -> str:
    """The snippet as HTML-escaped text with <mark> around matches; empty if nothing matched."""
    ranges = [(item.start, item.end) for item in snippet.highlighted()]
    if not ranges:
        return ""
    fragment = snippet.fragment().encode("utf-8")  # tantivy reports byte offsets
    pieces: list[str] = []
    position = 0
    for start, end in sorted(ranges):
        if start < position:
            continue
        pieces.append(_escape(fragment[position:start]))
        pieces.append(f"<mark>{_escape(fragment[start:end])}</mark>")
        position = end
    pieces.append(_escape(fragment[position:]))
    return _GAP_BETWEEN_MARKS.sub(r"\1", "".join(pieces)).strip()


def _escape(raw: bytes) -> str:
    return html.escape(raw.decode("utf-8", errors="replace").replace(THAI_SEPARATOR, ""), quote=True)
