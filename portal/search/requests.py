"""From request parameters to a SearchQuery: the one place client input is checked.

Each searchable collection declares a :class:`SearchSpec` (which URL parameters filter which
fields, the values they accept, the sort orders and facets it offers); the JSON API and the search
page both turn a request into a :class:`~portal.search.query.SearchQuery` through
:func:`parse_search_request`, so a value the portal does not know never reaches an engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from portal.filters import Filter, parse_filters
from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE, Hit, InvalidSearchQuery, SearchQuery
from portal.search.text import MAX_QUERY_LENGTH

__all__ = [
    "BadSearchRequest",
    "SearchSpec",
    "get_spec",
    "parse_search_request",
    "register_spec",
]


class BadSearchRequest(ValueError):
    """The request cannot be searched; ``reasons`` says why, one readable line per problem."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class SearchSpec:
    """What one searchable collection accepts: filters, sort orders, facets, page sizes."""

    document_type: str
    filters: tuple[Filter, ...]
    # Turns a hit into what the API answers and templates show, in the given language.
    present: Callable[[Hit, str], dict[str, Any]]
    # Public sort name → SearchQuery.sort (e.g. "date" → "-date").
    sorts: Mapping[str, str] = field(default_factory=lambda: {"relevance": "relevance"})
    default_page_size: int = 20
    # JSON Schema of what ``present`` returns (the API description's result items; the keys
    # every answer has are ``required``).
    result_schema: Mapping[str, Any] = field(default_factory=dict)

    @property
    def facets(self) -> list[str]:
        return [parameter.name for parameter in self.filters]

    def filter_parameter(self, name: str) -> Filter | None:
        return next((parameter for parameter in self.filters if parameter.name == name), None)


_specs: dict[str, SearchSpec] = {}


def register_spec(spec: SearchSpec) -> SearchSpec:
    """Make ``spec`` the request contract of its document type (called from an app's search.py)."""
    _specs[spec.document_type] = spec
    return spec


def get_spec(document_type: str) -> SearchSpec:
    return _specs[document_type]


def _whole_number(params: QueryDict, name: str, default: int, low: int, high: int, reasons: list[str]) -> int:
    raw = params.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdecimal()) or not low <= int(raw) <= high:
        reasons.append(
            _("%(name)s must be a whole number from %(low)s to %(high)s, not %(value)r")
            % {"name": name, "low": low, "high": high, "value": raw[:20]}
        )
        return default
    return int(raw)


def parse_search_request(
    params: QueryDict,
    *,
    spec: SearchSpec,
    language: str,
    extra_filters: Mapping[str, list[str]] | None = None,
) -> SearchQuery:
    """Validate ``params`` against ``spec`` and build the query, or raise BadSearchRequest.

    Filters follow the rule of :mod:`portal.filters`: unknown parameter names are ignored (so
    tracking parameters do no harm); an unknown value of a known parameter is an error, because
    silently dropping it would widen the results. A page that shows what the other filters find
    instead parses the filters first and passes ``Selection.known_params``.
    """
    reasons: list[str] = []
    text = params.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        reasons.append(_("q must be at most %(count)s characters") % {"count": MAX_QUERY_LENGTH})
    page = _whole_number(params, "page", 1, 1, MAX_PAGE, reasons)
    page_size = _whole_number(params, "page_size", spec.default_page_size, 1, MAX_PAGE_SIZE, reasons)
    sort_name = params.get("sort", "") or "relevance"
    if sort_name not in spec.sorts:
        reasons.append(
            _("sort must be one of %(choices)s, not %(value)r")
            % {"choices": ", ".join(spec.sorts), "value": sort_name[:40]}
        )
        sort_name = "relevance"

    selection = parse_filters(params, filters=spec.filters)
    reasons.extend(selection.reasons())
    filters: dict[str, list[str]] = {name: list(values) for name, values in selection.selected.items()}
    for name, values in (extra_filters or {}).items():
        filters[name] = list(values)
    if reasons:
        raise BadSearchRequest(reasons)
    try:
        return SearchQuery(
            text=text,
            filters=filters,
            facets=spec.facets,
            sort=spec.sorts[sort_name],
            page=page,
            page_size=page_size,
            language=language,
        )
    except InvalidSearchQuery as error:
        raise BadSearchRequest([str(error)]) from error
