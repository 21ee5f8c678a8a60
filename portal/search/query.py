"""What a search asks for and what it answers, the same for every engine.

Views, the JSON API and templates build a :class:`SearchQuery` from request parameters and get a
:class:`SearchResult` back; they never see an engine's own query language. Everything a client
sends is validated here, so an engine can trust a SearchQuery (e.g. filter values are never
parsed as query syntax, the text is capped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from portal.search.text import MAX_QUERY_LENGTH

if TYPE_CHECKING:
    from portal.search.documents import DocumentType

__all__ = [
    "MAX_FILTER_VALUES",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "Hit",
    "InvalidSearchQuery",
    "SearchQuery",
    "SearchResult",
]

MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
"""Deep pages cost the engine more and no reader goes there; sort or filter instead."""
MAX_FILTER_VALUES = 50
MAX_FILTER_VALUE_LENGTH = 100


class InvalidSearchQuery(ValueError):
    """A search parameter is out of range or names a field the index does not have.

    The message is safe and useful to show to an API client (a 400 answer).
    """


@dataclass(frozen=True)
class SearchQuery:
    """One search.

    - ``text``: what the reader typed; empty matches everything (then filtered). Control
      characters are dropped and the text is cut to MAX_QUERY_LENGTH characters.
    - ``filters``: keyword field → accepted values; a document matches when it has one of the
      values of every filtered field (OR within a field, AND across fields).
    - ``facets``: keyword fields to count values of, over the filtered results.
    - ``sort``: ``"relevance"`` or a sortable field name, ``"-name"`` for descending.
    - ``page`` (from 1) and ``page_size``.
    - ``language``: the reader's language; highlights are taken from that language's text
      (else English, else any language the document has). Matching always covers every language.
    """

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    language: str = "en"

    def __post_init__(self) -> None:
        text = self.text if isinstance(self.text, str) else ""
        text = "".join(char if char.isprintable() else " " for char in text).strip()[:MAX_QUERY_LENGTH]
        object.__setattr__(self, "text", text)
        if not isinstance(self.page, int) or isinstance(self.page, bool) or not 1 <= self.page <= MAX_PAGE:
            raise InvalidSearchQuery(f"page must be a whole number from 1 to {MAX_PAGE}")
        if (
            not isinstance(self.page_size, int)
            or isinstance(self.page_size, bool)
            or not 1 <= self.page_size <= MAX_PAGE_SIZE
        ):
            raise InvalidSearchQuery(f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}")
        filters: dict[str, list[str]] = {}
        for name, values in dict(self.filters).items():
            given = [values] if isinstance(values, str) else list(values)
            if len(given) > MAX_FILTER_VALUES:
                # The two checks a reader's request can fail: their text becomes an API error reason.
                raise InvalidSearchQuery(
                    _("at most %(count)s values for filter %(name)r")
                    % {"count": MAX_FILTER_VALUES, "name": name}
                )
            cleaned = []
            for value in given:
                if not isinstance(value, str) or not value or len(value) > MAX_FILTER_VALUE_LENGTH:
                    raise InvalidSearchQuery(_("filter %(name)r takes short text values") % {"name": name})
                if value not in cleaned:
                    cleaned.append(value)
            if cleaned:
                filters[str(name)] = cleaned
        object.__setattr__(self, "filters", filters)
        object.__setattr__(self, "facets", list(dict.fromkeys(self.facets)))
        if not isinstance(self.sort, str) or not self.sort:
            raise InvalidSearchQuery("sort must be 'relevance' or a field name")
        if not isinstance(self.language, str) or not self.language:
            object.__setattr__(self, "language", "en")

    @property
    def offset(self) -> int:
        """How many results come before this page."""
        return (self.page - 1) * self.page_size

    @property
    def sort_field(self) -> str | None:
        """The field to sort by, or None for relevance."""
        return None if self.sort == "relevance" else self.sort.removeprefix("-")

    @property
    def sort_descending(self) -> bool:
        """Whether a field sort runs from the highest value down."""
        return self.sort.startswith("-")

    def validate_for(self, document_type: DocumentType) -> None:
        """Raise InvalidSearchQuery if a filter, facet or sort names a field the index lacks."""
        keywords = set(document_type.keyword_field_names())
        unknown_filters = sorted(set(self.filters) - keywords)
        if unknown_filters:
            raise InvalidSearchQuery(f"cannot filter {document_type.name} by {', '.join(unknown_filters)}")
        unknown_facets = sorted(set(self.facets) - set(document_type.facets))
        if unknown_facets:
            raise InvalidSearchQuery(f"no facet {', '.join(unknown_facets)} for {document_type.name}")
        sort_field = self.sort_field
        if sort_field is not None and document_type.sortable_field(sort_field) is None:
            raise InvalidSearchQuery(f"cannot sort {document_type.name} by {sort_field}")


@dataclass(frozen=True)
class Hit:
    """One result: the stored document, its relevance score (None when sorted by a field) and
    HTML-safe snippets (text escaped, matches in ``<mark>``) per text field name, in the
    reader's language, for fields that had a match. ``pinned``: put first by an editors' pick
    rather than ranked by the engine. ``semantic_only``: found by meaning (hybrid search), not
    by the reader's words; ``semantic_language`` is the language of the passage that matched."""

    id: str
    document: dict[str, Any]
    score: float | None
    highlights: dict[str, str] = field(default_factory=dict)
    pinned: bool = False
    semantic_only: bool = False
    semantic_language: str = ""


@dataclass(frozen=True)
class SearchResult:
    """A page of hits with the total count, facet counts per field (value → documents), the
    time the engine took and which engine answered.

    ``matched_all_words`` is False when no document matched every word of the query that counts
    (stop words and the collection's own words never count) and the engine answered with the
    documents matching the most, and the rarest, of them instead: the page then says it shows
    results for some of the reader's words. ``suggestion``: the query with the words that only a
    typo matched spelled as the index has them ("Did you mean …"), or "" (see
    portal.search.suggest; filled by the search layer, not by engines).
    """

    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    took_ms: float = 0.0
    engine: str = ""
    matched_all_words: bool = True
    suggestion: str = ""
