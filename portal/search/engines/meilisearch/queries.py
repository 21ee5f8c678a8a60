"""Request building: the multi-search bodies of a SearchQuery, filters and the text sent as ``q``.

Filters are built only from declared field names and quoted, escaped values; nothing a client
sends is ever parsed as filter syntax. A search is sent strict (every word) first, relaxed after.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from portal.search import glossary
from portal.search.documents import DocumentType
from portal.search.embeddings import get_provider
from portal.search.engines.base import SearchEngineError
from portal.search.engines.meilisearch.documents import EMBEDDER, SORT_PREFIX
from portal.search.query import InvalidSearchQuery, SearchQuery
from portal.search.stopwords import optional_positions
from portal.search.text import Token, normalise, tokenize

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
SEMANTIC_RATIO = 0.5
"""Meilisearch's documented default: keyword and semantic results weigh the same."""
RELAXED_SEMANTIC_RATIO = 0.75
"""``semanticRatio`` of the relaxed retry (documented per request, 0.0 to 1.0, higher favouring
the semantic results): when no document has every word, hits sharing only some of the words are
weaker evidence than meaning (as hybrid.RELAXED_SEMANTIC_WEIGHT on the embedded engine)."""
MEANING_PROBE_DEPTH = 10
"""Documents the meaning probe reads (``meaning_probe``): the query is close in meaning to the
index when one of them clears the floor of its passages' languages (the nearest may be held to a
stricter floor than the next)."""

# Private-use characters mark highlights, so that text which itself contains "<mark>" is
# escaped like any other text and only the engine's own marks become tags.
_PRE, _POST = "\ue000", "\ue001"
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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


def query_text(document_type: DocumentType, text: str) -> tuple[str, int]:
    """What to send as ``q`` for ``text``, and how many words (a glossary term is one) count.

    Stop words and the collection's own words are removed from the text when other words remain,
    as the embedded engine never requires them: with ``matchingStrategy: all`` every word sent
    must match. Words inside a glossary term stay (its synonyms are matched as written). The rest
    of the text, punctuation included ("PM2.5"), is sent as the reader typed it.

    The embedded engine requires the words of a multi-word glossary term together; here they are
    not quoted to that end: Meilisearch matches a quoted phrase without synonyms (see
    ``typed_query_text``), which would lose the term's equivalents in the other languages. Its
    ``proximity`` ranking rule ranks the documents with the words together first instead.
    """
    tokens = tokenize(text)
    optional, counted = _left_out(document_type, text, tokens)
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


def _left_out(document_type: DocumentType, text: str, tokens: list[Token]) -> tuple[set[int], int]:
    """The positions of ``tokens`` left out of ``q`` (stop and collection words), and how many
    units (a glossary term is one) count."""
    optional = optional_positions(text, collection_words=document_type.collection_words)
    # A glossary term is one unit: left out whole when all of its words are optional, else kept whole.
    units = [range(index, index + 1) for index in range(len(tokens))]
    for match in reversed(glossary.find_matches([token.text for token in tokens])):
        units[match.start : match.end] = [range(match.start, match.end)]
    dropped = {index for unit in units if all(index in optional for index in unit) for index in unit}
    counted = sum(1 for unit in units if not all(index in optional for index in unit))
    return dropped, counted


def typed_query_text(document_type: DocumentType, text: str) -> str:
    """``q`` that finds the words of ``query_text`` only as typed: each one quoted.

    Meilisearch has no per-search switch for typo tolerance or prefix search (both are index
    settings), but a quoted phrase is matched "without typo, n-gram, word split, prefix, synonym"
    (phrase query specification; phrase-search documentation: "an exact sequence of words"), so a
    one-word phrase is that word as typed. Sent when nothing in the index is close to the query
    in meaning, as the embedded engine then plans its words without guesses. Quotes the reader
    typed are not passed on: each word is taken from the tokenized text.
    """
    normalised = normalise(text, lower=False)
    tokens = tokenize(text)
    left_out, _counted = _left_out(document_type, text, tokens)
    return " ".join(
        f'"{normalised[token.start : token.end]}"'
        for index, token in enumerate(tokens)
        if index not in left_out
    )


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


class SearchRequests:
    """The bodies of a search's requests (a part of MeilisearchEngine)."""

    # -- searching (search key) ------------------------------------------------------------

    def _search_body(
        self, document_type: DocumentType, query: SearchQuery, *, text: str, matching: str
    ) -> dict[str, Any]:
        # Every text field is highlighted, not only those whose snippets are shown: the marks are
        # also how a hit found by its words is told from one found by meaning only
        # (``_has_marks``), and a word matched only in an unshown field (an expert's places, a
        # page's topics) would otherwise label a word match "found by meaning". Only the shown
        # fields are cropped; the others are never displayed.
        highlighted = [key for _, _, key in document_type.text_field_keys()]
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
        self,
        document_type: DocumentType,
        query: SearchQuery,
        *,
        matching: str = STRICT_MATCHING,
        as_typed: bool = False,
    ) -> list[dict[str, Any]]:
        """The multi-search queries for ``query``: the page of hits (with the facets no filter
        touches), then one count-only query per filtered facet with its own filter left out,
        so a filtered facet counts as if its own filter were off (as in the embedded engine).

        ``matching``: the ``matchingStrategy`` (STRICT_MATCHING, or RELAXED_MATCHING for the
        second try of a search that found nothing). ``as_typed``: the words quoted, found only as
        typed (``typed_query_text``)."""
        query.validate_for(document_type)
        text = (
            typed_query_text(document_type, query.text)
            if as_typed
            else query_text(document_type, query.text)[0]
        )
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

    def meaning_probe(self, document_type: DocumentType, query: SearchQuery) -> dict[str, Any] | None:
        """A pure semantic search (``semanticRatio: 1.0``, documented as vector similarity only)
        for the documents nearest the query, before filters: whether anything in the index is
        close to the query in meaning (the embedded engine's ``_Semantic.in_domain``). Sent in the
        same multi-search as the page; None when hybrid search is off."""
        part = self._hybrid(document_type, query)
        if not part:
            return None
        return {
            "indexUid": self.index_uid(document_type),
            "q": query_text(document_type, query.text)[0],
            "limit": MEANING_PROBE_DEPTH,
            "showRankingScore": True,
            "attributesToHighlight": [],
            **part,
            "hybrid": {**part["hybrid"], "semanticRatio": 1.0},
        }

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
