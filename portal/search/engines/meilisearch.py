"""The Meilisearch engine: production search through the official ``meilisearch`` client.

Configured from the same DocumentType declarations as the embedded engine, and answering the
same SearchQuery with the same SearchResult, so views and the API never know which one runs.

- One index per document type, ``{MEILISEARCH_INDEX_PREFIX}_{name}``, primary key ``id``.
- Keys: writes (settings, documents, swaps, key creation) use ``MEILISEARCH_API_KEY`` and happen
  only in the task worker and management commands; searches use a search-only key
  (``MEILISEARCH_SEARCH_KEY``, else the one ``search_index create-search-key`` stored in the
  database), so a leaked web process or answer can never write to or read keys from the server.
- Every write is a Meilisearch task; it is awaited (``wait_for_task`` with a timeout) and a
  failed or unfinished task raises SearchEngineError carrying the task's error, so the outbox
  keeps the change and retries it.
- Documents are what ``to_document`` gives, plus ``content_hash`` (for ``verify``), ``_geo``
  when the document has ``latitude``/``longitude``, and ``_sort_{field}`` keys holding sortable
  values in a form that sorts like the embedded engine (folded strings, dates as epoch seconds).
  Those extra keys are removed again from the documents hits carry.
- Filters are built only from declared field names and quoted, escaped values; nothing a
  client sends is ever parsed as filter syntax.
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import meilisearch
from django.conf import settings
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchError,
    MeilisearchTimeoutError,
)

from portal.circuit import CircuitBreaker
from portal.search import glossary, hybrid
from portal.search.documents import DocumentType, iter_chunks
from portal.search.embeddings import get_provider
from portal.search.engines.base import (
    SearchEngine,
    SearchEngineError,
    checked_ids,
    content_hash,
    epoch_seconds,
)
from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE, Hit, InvalidSearchQuery, SearchQuery, SearchResult
from portal.search.stopwords import optional_positions
from portal.search.text import fold, normalise, tokenize
from portal.search.typos import MIN_ONE_TYPO, MIN_TWO_TYPOS

__all__ = [
    "LOCALES",
    "MeilisearchEngine",
    "filter_clause",
    "filter_expression",
    "index_settings",
    "query_text",
    "quote_filter_value",
    "relaxed_minimum",
]

logger = logging.getLogger(__name__)

LOCALES = {"en": "eng", "vi": "vie", "id": "ind", "th": "tha"}
"""Site language code → Meilisearch locale (ISO 639-3), for ``localizedAttributes``."""

RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"]
"""``sort`` first: a field sort orders every result, as the embedded engine does; without a
sort the rule does nothing and relevance decides (more words, fewer typos, closer, better field).
Placing ``sort`` above the others makes sorting exhaustive (Meilisearch's ranking-rules
documentation): the reader asked for that order. A sorted search is never relaxed unless
nothing has every word, so ``words`` coming after it costs no precision."""
MIN_WORD_SIZE_FOR_TYPOS = {"oneTypo": MIN_ONE_TYPO, "twoTypos": MIN_TWO_TYPOS}
"""The embedded engine's tolerance (``fuzzy_distance``): one typo from 4 letters, two from 8.
Meilisearch's defaults are 5 and 9 (typo-tolerance settings documentation); the words readers
slip on here are short ("smog", "haze", "kota")."""
STRICT_MATCHING = "all"
RELAXED_MATCHING = "frequency"
"""Meilisearch's ``matchingStrategy`` values (search API documentation: ``last``, ``all``,
``frequency``). Every search is first sent with ``all``: only documents with every word that
counts, so a search that finds its words has a precise total, facet counts and sort order, as on
the embedded engine. Only when that finds nothing is it sent again with ``frequency``, which
drops the most frequent words first and ranks documents matching more words above the others:
the documents with the most, and the rarest, of the reader's words, which is what the embedded
engine's relaxed pass answers. ``last`` was not chosen: it drops words from the end of the query
whatever they are, and the end of a question is often the word that matters ("… diesel trucks").

``frequency`` has no minimum: a document with one of the words answers. The relaxed retry
therefore asks for ``showRankingScoreDetails``, whose ``words`` rule reports per hit
``matchingWords`` out of ``maxMatchingWords`` (ranking-score documentation), and keeps only hits
matching at least half the words (relaxed_minimum), as the embedded engine does."""
MAX_TOTAL_HITS = MAX_PAGE * MAX_PAGE_SIZE
SEARCH_CUTOFF_MS = 1500
MAX_VALUES_PER_FACET = 1000
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

EMBEDDER = "portal"
"""The ``userProvided`` embedder's name: documents carry ``_vectors.portal``."""
SEMANTIC_RATIO = 0.5
"""Meilisearch's documented default: keyword and semantic results weigh the same."""
RELAXED_SEMANTIC_RATIO = 0.75
"""``semanticRatio`` of the relaxed retry (documented per request, 0.0 to 1.0, higher favouring
the semantic results): when no document has every word, hits sharing only some of the words are
weaker evidence than meaning (as hybrid.RELAXED_SEMANTIC_WEIGHT on the embedded engine)."""

GEO = "_geo"
HASH = "content_hash"
SORT_PREFIX = "_sort_"
# Private-use characters mark highlights, so that text which itself contains "<mark>" is
# escaped like any other text and only the engine's own marks become tags.
_PRE, _POST = "\ue000", "\ue001"
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,511}$")
_GAP_BETWEEN_MARKS = re.compile(r"</mark>(\s*)<mark>")


def quote_filter_value(value: str) -> str:
    """``value`` as a Meilisearch filter string literal: double-quoted, ``\\`` and ``"`` escaped."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field(name: str) -> str:
    if not _FIELD_NAME.match(name):
        raise SearchEngineError(f"field name {name!r} cannot be used in a Meilisearch filter")
    return name


def filter_clause(name: str, values: Iterable[str]) -> str:
    """``name IN ["v1", "v2"]``: one field, any of the values (the name must be a plain identifier)."""
    quoted = ", ".join(quote_filter_value(value) for value in values)
    return f"{_field(name)} IN [{quoted}]"


def filter_expression(
    document_type: DocumentType, filters: dict[str, list[str]], *, without: str | None = None
) -> list[str]:
    """The filter (a list: AND across fields) for ``filters``, leaving out field ``without``.

    Field names must be declared keyword fields (InvalidSearchQuery otherwise), so a filter can
    only name what the declaration makes filterable.
    """
    declared = set(document_type.keyword_field_names())
    clauses: list[str] = []
    for name, values in filters.items():
        if name not in declared:
            raise InvalidSearchQuery(f"cannot filter {document_type.name} by {name}")
        if name != without and values:
            clauses.append(filter_clause(name, values))
    return clauses


def _locale_rules(document_type: DocumentType) -> list[dict[str, list[str]]]:
    rules = []
    for language in document_type.languages:
        locale = LOCALES.get(language)
        if locale is not None:
            rules.append({"attributePatterns": [f"*_{language}"], "locales": [locale]})
    return rules


def index_settings(
    document_type: DocumentType, *, vocabulary: glossary.Glossary = glossary.FILE_GLOSSARY
) -> dict[str, Any]:
    """The Meilisearch settings of the index for ``document_type`` (camelCase, as sent), with
    the synonyms of ``vocabulary`` (the engine passes its glossary: file plus editors')."""
    searchable = [key for _, _, key in document_type.text_field_keys()]
    filterable = ["id", *document_type.keyword_field_names(), GEO]
    sortable = [f"{SORT_PREFIX}{field.name}" for field in document_type.sortable_fields] + [GEO]
    embedders: dict[str, Any] = {}
    provider = get_provider()
    if provider is not None and document_type.semantic_fields:
        # Vectors come from the portal's own provider (the task worker), so the same vectors
        # rank on both engines and Meilisearch never calls out to a model.
        embedders[EMBEDDER] = {"source": "userProvided", "dimensions": provider.dimensions}
    result = {
        "searchableAttributes": searchable,
        "filterableAttributes": filterable,
        "sortableAttributes": sortable,
        "rankingRules": list(RANKING_RULES),
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": dict(MIN_WORD_SIZE_FOR_TYPOS)},
        # Meilisearch's stop words are index-wide and ignored "during indexing and searching"
        # (stop-words documentation): documents lose them too. This index holds four languages and
        # folds accents, so an English stop word ("an", "on", "can") is also a Vietnamese word
        # ("an toàn", "ồn", "cần") that documents must keep. So none are set (sent explicitly, so
        # a list set by hand is cleared): query_text() leaves the reader's function words out of
        # the query instead, compared as written in their own language.
        "stopWords": [],
        "synonyms": vocabulary.synonyms(),
        "localizedAttributes": _locale_rules(document_type),
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET},
        "searchCutoffMs": SEARCH_CUTOFF_MS,
    }
    if embedders:
        result["embedders"] = embedders
    return result


def query_text(document_type: DocumentType, text: str) -> tuple[str, int]:
    """What to send as ``q`` for ``text``, and how many words (a glossary term is one) count.

    Stop words and the collection's own words are removed from the text when other words remain,
    as the embedded engine never requires them: with ``matchingStrategy: all`` every word sent
    must match. Words inside a glossary term stay (its synonyms are matched as written). The rest
    of the text, punctuation included ("PM2.5"), is sent as the reader typed it.
    """
    tokens = tokenize(text)
    optional = optional_positions(text, collection_words=document_type.collection_words)
    # A glossary term is one unit: left out whole when all of its words are optional, else kept whole.
    units = [range(index, index + 1) for index in range(len(tokens))]
    for match in reversed(glossary.find_matches([token.text for token in tokens])):
        units[match.start : match.end] = [range(match.start, match.end)]
    dropped = {index for unit in units if all(index in optional for index in unit) for index in unit}
    counted = sum(1 for unit in units if not all(index in optional for index in unit))
    optional = dropped
    if not optional:
        return text, counted
    normalised = normalise(text, lower=False)
    pieces: list[str] = []
    position = 0
    for index, token in enumerate(tokens):
        if index in optional:
            pieces.append(normalised[position : token.start])
            position = token.end
    pieces.append(normalised[position:])
    return " ".join("".join(pieces).split()), counted


def relaxed_minimum(sent: str, words_in_query: int | None = None) -> int:
    """How many of the words of ``sent`` (the ``q`` of a relaxed retry) a hit must match: half,
    rounded up, as the embedded engine's ``_Plan.relaxed_minimum`` asks of its counted units.

    Meilisearch counts words, not glossary units: ``matchingWords`` is "the number of words from
    the query found" in the document, out of ``maxMatchingWords`` (ranking-score details, as the
    official clients document them). Its engine counts positions in ``q``: a quoted phrase counts
    each of its words, and a word found through a typo, a prefix or a synonym is a form of that
    word, so it counts as found (typos are reported apart, by the ``typo`` rule's ``typoCount``).
    So the minimum is taken over the words actually sent (``query_text`` already left out the
    stop and collection words that do not count), as Meilisearch counted them when it says
    (``words_in_query``, its ``maxMatchingWords``), else as the portal tokenizes ``q``. A glossary
    term therefore weighs its number of words here, where on the embedded engine it weighs one:
    "black carbon Hanoi" needs two of its three words (the term, or one of its words and "Hanoi")
    instead of one of two units. Out-of-domain queries, the ones this minimum is for, hold no
    glossary term, so they are judged alike on both engines.
    """
    words = words_in_query if words_in_query else len(tokenize(sent))
    return (words + 1) // 2


def _matching_words(raw: dict[str, Any]) -> tuple[int, int] | None:
    """A hit's ``(matchingWords, maxMatchingWords)`` from its ``_rankingScoreDetails``, or None
    when the ``words`` rule did not rank it (a hit hybrid search took from the semantic side)."""
    words = (raw.get("_rankingScoreDetails") or {}).get("words")
    if not isinstance(words, dict) or "matchingWords" not in words:
        return None
    return int(words["matchingWords"]), int(words.get("maxMatchingWords") or 0)


def _to_number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def prepare_document(document_type: DocumentType, document: dict[str, Any]) -> dict[str, Any]:
    """The document as sent to Meilisearch: ``document`` plus hash, ``_geo`` and sort keys."""
    doc_id = document.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise SearchEngineError(f"{document_type.name}: every document needs a non-empty str id")
    if not _DOCUMENT_ID.match(doc_id):
        raise SearchEngineError(
            f"{document_type.name}: document id {doc_id!r} must be letters, digits, - or _ for Meilisearch"
        )
    document, vectors = hybrid.split_vectors(document)
    prepared = dict(document)
    prepared[HASH] = content_hash(document)
    if vectors:
        prepared["_vectors"] = _vectors_field(vectors)
    latitude, longitude = _to_number(document.get("latitude")), _to_number(document.get("longitude"))
    if latitude is not None and longitude is not None:
        prepared[GEO] = {"lat": latitude, "lng": longitude}
    for sortable in document_type.sortable_fields:
        value = document.get(sortable.name)
        if value is None or value == "":
            continue
        if sortable.kind == "string":
            prepared[f"{SORT_PREFIX}{sortable.name}"] = fold(normalise(str(value)))
        elif sortable.kind == "number":
            prepared[f"{SORT_PREFIX}{sortable.name}"] = float(value)
        else:
            prepared[f"{SORT_PREFIX}{sortable.name}"] = epoch_seconds(value)
    return prepared


def _vectors_field(vectors: dict[str, list[float]]) -> dict[str, Any]:
    """``_vectors`` as Meilisearch takes it: one embedding per language of the document, and
    ``regenerate: false`` since the portal, not Meilisearch, computes them."""
    return {EMBEDDER: {"embeddings": [list(vector) for vector in vectors.values()], "regenerate": False}}


def _stored(document: dict[str, Any]) -> dict[str, Any]:
    """A hit's document as ``to_document`` gave it (the engine's own keys removed)."""
    return {
        key: value
        for key, value in document.items()
        if key not in {HASH, GEO, "_formatted", "_rankingScore", "_rankingScoreDetails", "_vectors"}
        and not key.startswith(SORT_PREFIX)
    }


def _has_marks(raw: dict[str, Any]) -> bool:
    """Whether Meilisearch marked a query word anywhere in the hit's formatted text."""
    formatted = raw.get("_formatted") or {}
    return any(_PRE in (value if isinstance(value, str) else str(value)) for value in formatted.values())


def _document_language(raw: dict[str, Any], reader: str) -> str:
    """The language to label a hit found by meaning with: the reader's if the document is written
    in it, else its first (Meilisearch does not say which of a document's vectors matched)."""
    languages = raw.get("language") or []
    languages = [languages] if isinstance(languages, str) else list(languages)
    return reader if reader in languages else (languages[0] if languages else "")


def _marked_html(text: str) -> str:
    """Meilisearch's formatted text as HTML: escaped, with its highlight marks as <mark>."""
    escaped = html.escape(text, quote=True)
    marked = escaped.replace(_PRE, "<mark>").replace(_POST, "</mark>")
    return _GAP_BETWEEN_MARKS.sub(r"\1", marked).strip()


def _score(raw: dict[str, Any]) -> float:
    return float(raw.get("_rankingScore", 0.0))


def _total(answer: dict[str, Any]) -> int:
    """How many documents a search answer says matched (exhaustive or estimated)."""
    return int(answer.get("totalHits", answer.get("estimatedTotalHits", 0)) or 0)


@contextlib.contextmanager
def _engine_errors(what: str) -> Iterator[None]:
    """Turn the client's errors (unreachable, refused, timed out) into SearchEngineError."""
    try:
        yield
    except MeilisearchApiError as error:
        raise SearchEngineError(
            f"{what}: Meilisearch answered {error.status_code}: {error.message}"
        ) from error
    except (MeilisearchCommunicationError, MeilisearchTimeoutError) as error:
        raise SearchEngineError(f"{what}: Meilisearch unreachable: {error.message}") from error
    except MeilisearchError as error:
        raise SearchEngineError(f"{what}: {error.message}") from error


class MeilisearchEngine(SearchEngine):
    """Meilisearch over HTTP; see the module docstring. Safe to share between threads."""

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

    # -- searching (search key) ------------------------------------------------------------

    def _search_body(
        self, document_type: DocumentType, query: SearchQuery, *, text: str, matching: str
    ) -> dict[str, Any]:
        highlighted = [key for field, _, key in document_type.text_field_keys() if field.highlight]
        crop_words = {
            key: max(10, field.snippet_chars // 6)
            for field, _, key in document_type.text_field_keys()
            if field.highlight
        }
        body: dict[str, Any] = {
            "indexUid": self.index_uid(document_type),
            "q": text,
            "filter": filter_expression(document_type, query.filters),
            "page": query.page,
            "hitsPerPage": query.page_size,
            "matchingStrategy": matching,
            "showRankingScore": True,
            "attributesToHighlight": highlighted,
            "attributesToCrop": [f"{key}:{words}" for key, words in crop_words.items()],
            "cropMarker": "",
            "highlightPreTag": _PRE,
            "highlightPostTag": _POST,
        }
        if matching == RELAXED_MATCHING:
            # Only here: the details say how many words each hit matched, which only a relaxed
            # answer needs (every hit of a strict one has them all), and they cost the server work.
            body["showRankingScoreDetails"] = True
        body.update(self._hybrid(document_type, query, matching=matching))
        sort_field = query.sort_field
        if sort_field is not None:
            body["sort"] = [f"{SORT_PREFIX}{sort_field}:{'desc' if query.sort_descending else 'asc'}"]
        plain = [name for name in query.facets if name not in query.filters]
        if plain:
            body["facets"] = plain
        return body

    def search_requests(
        self, document_type: DocumentType, query: SearchQuery, *, matching: str = STRICT_MATCHING
    ) -> list[dict[str, Any]]:
        """The multi-search queries for ``query``: the page of hits (with the facets no filter
        touches), then one count-only query per filtered facet with its own filter left out,
        so a filtered facet counts as if its own filter were off (as in the embedded engine).

        ``matching``: the ``matchingStrategy`` (STRICT_MATCHING, or RELAXED_MATCHING for the
        second try of a search that found nothing)."""
        query.validate_for(document_type)
        text, _counted = query_text(document_type, query.text)
        main = self._search_body(document_type, query, text=text, matching=matching)
        requests = [main]
        for name in query.facets:
            if name in query.filters:
                requests.append(
                    {
                        "indexUid": main["indexUid"],
                        "q": text,
                        "filter": filter_expression(document_type, query.filters, without=name),
                        "matchingStrategy": matching,
                        "limit": 0,
                        "facets": [name],
                        **self._hybrid(document_type, query, matching=matching),
                    }
                )
        return requests

    @staticmethod
    def _hybrid(
        document_type: DocumentType, query: SearchQuery, *, matching: str = STRICT_MATCHING
    ) -> dict[str, Any]:
        """The hybrid part of a search: the query's vector for the ``userProvided`` embedder,
        weighted towards meaning on the relaxed retry (RELAXED_SEMANTIC_RATIO)."""
        provider = get_provider()
        if provider is None or not query.text or not document_type.semantic_fields:
            return {}
        vector = provider.embed_query(query.text)
        return {
            "hybrid": {
                "embedder": EMBEDDER,
                "semanticRatio": RELAXED_SEMANTIC_RATIO if matching == RELAXED_MATCHING else SEMANTIC_RATIO,
            },
            "vector": [float(value) for value in vector],
        }

    def _search_answers(self, requests: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        """The answers to ``requests``, or None if the index does not exist yet."""
        with _engine_errors(f"search {requests[0]['indexUid']}"):
            try:
                return self._multi_search(f"search {requests[0]['indexUid']}", requests)
            except MeilisearchApiError as error:
                if error.code == "index_not_found":
                    return None
                if error.status_code in {401, 403}:  # a revoked or replaced key: look again
                    with self._lock:
                        self._search_client = None
                        self._stored_key = None
                raise

    def search(self, document_type: DocumentType, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        requests = self.search_requests(document_type, query)
        answers = self._search_answers(requests)
        if answers is None:
            return SearchResult(
                hits=[], total=0, facets={name: {} for name in query.facets}, engine=self.name
            )
        language = query.language if query.language in document_type.languages else "en"
        hybrid_search = "hybrid" in requests[0]
        floor = self._semantic_floor(query) if hybrid_search else 0.0
        matched_all_words = True
        if not _total(answers[0]) and query_text(document_type, query.text)[1] > 1:
            # No document has every word: ask again for those with the most (and rarest) of them.
            relaxed = self._search_answers(
                self.search_requests(document_type, query, matching=RELAXED_MATCHING)
            )
            # With hybrid search on, only a query close in meaning to something in the index gets a
            # relaxed answer (the embedded engine's _Semantic.in_domain): a football score or a
            # recipe whose folded syllables occur in pages ("pho" in "thành phố") answers nothing.
            # (A hybrid answer's total counts the semantic side's candidates too, so on a server
            # this retry comes only when no document passing the filters has vectors yet, and
            # then answers nothing, as the embedded engine does with no vectors stored.)
            if relaxed is not None and (
                not hybrid_search
                or any(
                    self._ranked_by_meaning(raw, hybrid_search) and _score(raw) >= floor
                    for raw in relaxed[0].get("hits", [])
                )
            ):
                answers, matched_all_words = relaxed, False
        main = answers[0]
        minimum = 0
        if not matched_all_words:
            counts = [_matching_words(raw) for raw in main.get("hits", [])]
            words_in_query = max((count[1] for count in counts if count is not None), default=0)
            minimum = relaxed_minimum(requests[0]["q"], words_in_query)
        hits = []
        dropped = 0
        too_few_words = 0
        for raw in main.get("hits", []):
            highlights = self._highlights(document_type, raw, language) if query.text else {}
            # No word of the query marked in the hit: hybrid search found it by meaning only.
            by_meaning = hybrid_search and not _has_marks(raw)
            ranked_by_meaning = self._ranked_by_meaning(raw, hybrid_search)
            score = _score(raw)
            if ranked_by_meaning and score < floor:
                dropped += 1
                continue
            if not matched_all_words and not ranked_by_meaning:
                count = _matching_words(raw)
                if count is None or count[0] < minimum:
                    # "frequency" has no minimum of its own: one shared word is no answer.
                    dropped += 1
                    too_few_words += 1
                    continue
            hits.append(
                Hit(
                    id=str(raw["id"]),
                    document=_stored(raw),
                    score=None if query.sort_field is not None else score,
                    highlights=highlights,
                    semantic_only=by_meaning,
                    semantic_language=_document_language(raw, language) if by_meaning else "",
                )
            )
        total = max(0, _total(main) - dropped)
        if too_few_words and query.sort_field is None and not hybrid_search:
            # Ranked by the words rule first (Meilisearch applies it before the other relevance
            # rules even when listed later), a relaxed answer lists every document with enough
            # words before any with too few: the first one cut ends the answer, so the total is
            # this page's kept hits after full earlier pages.
            total = (query.page - 1) * query.page_size + len(hits)
        # Otherwise (sorted, or mixed with hits found by meaning) a relaxed total is an estimate:
        # only this page's hits are checked, so hits on other pages with too few words still
        # count, as they do in the facet counts of a relaxed answer.
        facets: dict[str, dict[str, int]] = {}
        distribution = dict(main.get("facetDistribution") or {})
        for answer in answers[1:]:
            distribution.update(answer.get("facetDistribution") or {})
        for name in query.facets:
            facets[name] = {str(value): int(count) for value, count in (distribution.get(name) or {}).items()}
        return SearchResult(
            hits=hits,
            total=total,
            facets=facets,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
            engine=self.name,
            matched_all_words=matched_all_words,
        )

    @staticmethod
    def _ranked_by_meaning(raw: dict[str, Any], hybrid_search: bool) -> bool:
        """Whether ``raw`` is a hit hybrid search took for its meaning, so that its
        ``_rankingScore`` is judged against the semantic floor: no word of the query marked in it,
        or (with details asked) no ``words`` rule among its details. Hybrid search merges a keyword
        and a semantic result list, each hit keeping the details of the list it came from, and
        only keyword hits are ranked by the words rule; a semantic one may still show a query
        word it happens to contain."""
        if not hybrid_search:
            return False
        if not _has_marks(raw):
            return True
        return "_rankingScoreDetails" in raw and _matching_words(raw) is None

    @staticmethod
    def _semantic_floor(query: SearchQuery) -> float:
        """The similarity floor of hybrid.floor_for, applied to the ``_rankingScore`` of hits
        found by meaning only. Meilisearch documents that score as a relevance in [0, 1] that
        hybrid search compares across keyword and semantic hits; that it equals the cosine
        similarity of our normalised vectors is to be confirmed against a server (none here)."""
        provider = get_provider()
        if provider is None:
            return 0.0
        return hybrid.floor_for(provider, provider.embed_query(query.text))

    def get_documents(
        self, document_type: DocumentType, ids: Iterable[str], filters: dict[str, list[str]] | None = None
    ) -> list[Hit]:
        """Asked as a search filtered by id: the web process's key may search, never read documents."""
        wanted = checked_ids(ids)
        if not wanted:
            return []
        checked = SearchQuery(filters=filters or {})
        checked.validate_for(document_type)
        body = {
            "indexUid": self.index_uid(document_type),
            "q": "",
            "filter": [filter_clause("id", wanted), *filter_expression(document_type, checked.filters)],
            "limit": len(wanted),
        }
        with _engine_errors(f"fetch documents from {body['indexUid']}"):
            try:
                answer = self._multi_search(f"fetch documents from {body['indexUid']}", [body])[0]
            except MeilisearchApiError as error:
                if error.code == "index_not_found":
                    return []
                raise
        by_id = {str(raw["id"]): _stored(raw) for raw in answer.get("hits", [])}
        return [Hit(id=doc_id, document=by_id[doc_id], score=None) for doc_id in wanted if doc_id in by_id]

    @staticmethod
    def _highlights(document_type: DocumentType, raw: dict[str, Any], language: str) -> dict[str, str]:
        """Per text field: the reader's language (else English, else any) if it matched there."""
        formatted = raw.get("_formatted") or {}
        result: dict[str, str] = {}
        for text_field in document_type.text_fields:
            if not text_field.highlight:
                continue
            keys = [text_field.name]
            if text_field.translated:
                order = dict.fromkeys((language, "en", *document_type.languages))
                keys = [f"{text_field.name}_{code}" for code in order]
            for key in keys:
                if not raw.get(key):
                    continue
                value = formatted.get(key)
                if isinstance(value, list):
                    value = " ".join(str(item) for item in value)
                if isinstance(value, str) and _PRE in value:
                    result[text_field.name] = _marked_html(value)
                break
        return result
