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
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE, Hit, InvalidSearchQuery, SearchQuery
from portal.search.text import MAX_QUERY_LENGTH

__all__ = [
    "BadSearchRequest",
    "FilterParameter",
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
class FilterParameter:
    """A URL parameter that filters one keyword field.

    ``choices`` returns the values the portal knows (taxonomy slugs, ISO codes, choices) mapped to
    their labels in the active language; it is called once per request. ``numeric`` parameters
    (years) take whole numbers instead. ``label`` names the facet in the interface. A facet lists
    its values by count, except years (newest first, written as the reader's calendar writes
    them) and ``by_name`` ones (places), listed by their names in the reader's language as every
    other list of places is (portal.collation).
    """

    name: str
    label: str | Promise
    choices: Callable[[], Mapping[str, str]] | None = None
    numeric: bool = False
    by_name: bool = False

    def value_labels(self) -> Mapping[str, str]:
        return self.choices() if self.choices else {}


@dataclass(frozen=True)
class SearchSpec:
    """What one searchable collection accepts: filters, sort orders, facets, page sizes."""

    document_type: str
    filters: tuple[FilterParameter, ...]
    # Turns a hit into what the API answers and templates show, in the given language.
    present: Callable[[Hit, str], dict[str, Any]]
    # Public sort name → SearchQuery.sort (e.g. "date" → "-date").
    sorts: Mapping[str, str] = field(default_factory=lambda: {"relevance": "relevance"})
    default_page_size: int = 20

    @property
    def facets(self) -> list[str]:
        return [parameter.name for parameter in self.filters]

    def filter_parameter(self, name: str) -> FilterParameter | None:
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
    if not raw.isdecimal() or not low <= int(raw) <= high:
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

    Unknown parameter names are ignored (so tracking parameters do no harm); an unknown value of a
    known parameter is an error, because silently dropping it would widen the results.
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

    filters: dict[str, list[str]] = {}
    for parameter in spec.filters:
        values = [value.strip() for value in params.getlist(parameter.name) if value.strip()]
        if not values:
            continue
        if parameter.numeric:
            bad = [value for value in values if not value.isdecimal() or len(value) > 6]
        else:
            known = parameter.value_labels()
            bad = [value for value in values if value not in known]
        if bad:
            shown = ", ".join(repr(value[:40]) for value in bad[:5])
            if parameter.numeric:
                reason = _("%(name)s must be a whole number, not %(values)s")
            else:
                reason = _("%(name)s must be a known value, not %(values)s")
            reasons.append(reason % {"name": parameter.name, "values": shown})
            continue
        filters[parameter.name] = values
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
