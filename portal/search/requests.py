"""From request parameters to a SearchQuery: the one place client input is checked; and the
registry of searchable collections.

Each searchable collection declares a :class:`SearchSpec` (which URL parameters filter which
fields, the values they accept, the sort orders and facets it offers); the JSON API and the search
page both turn a request into a :class:`~portal.search.query.SearchQuery` through
:func:`parse_search_request`, so a value the portal does not know never reaches an engine.

The spec is also all the search package knows of its clients: an app registers its collection
with its group on the search page (:class:`PageGroup`: scope, label, hit template), its API
operation (:class:`ApiOperation`) and what editors may pin (:class:`PickTarget`); the page, the
API, picks and the search report read them from here and name no app themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from portal.filters import Filter, parse_filters
from portal.search.query import MAX_PAGE, MAX_PAGE_SIZE, Hit, InvalidSearchQuery, SearchQuery
from portal.search.text import MAX_QUERY_LENGTH

StrOrPromise = str | Promise

__all__ = [
    "ApiOperation",
    "BadSearchRequest",
    "PageGroup",
    "PickTarget",
    "SearchSpec",
    "api_specs",
    "collection_names",
    "get_spec",
    "page_specs",
    "parse_search_request",
    "pick_target",
    "register_spec",
    "unregister_spec",
    "whole_number_in",
]


class BadSearchRequest(ValueError):
    """The request cannot be searched; ``reasons`` says why, one readable line per problem."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class PageGroup:
    """A collection's group of results on the search page (/<lang>/search/)."""

    scope: str
    """The group's key: the ``scope`` parameter value that shows it alone, and its element ids."""
    label: StrOrPromise
    """The group's heading and its tab among the page's scopes."""
    hit_template: str
    """The template of one hit (given ``hit``, a presented result)."""
    order: int = 0
    """Groups are shown by increasing order (and the page's one spelling suggestion is the first's)."""


@dataclass(frozen=True)
class ApiOperation:
    """A collection's search operation in the JSON API (/api/v1/<path>)."""

    path: str
    summary: str
    order: int = 0
    """Operations are declared (and listed in the API description) by increasing order."""


@dataclass(frozen=True)
class PickTarget:
    """What editors may pin for a collection (portal.search.models.SearchPick).

    ``column`` is the SearchPick column naming the object, whose key is the document id;
    ``page_types`` (model labels) are the page types a ``page`` pick may choose from.
    """

    column: str
    page_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchSpec:
    """What one searchable collection accepts (filters, sort orders, facets, page sizes), and
    where it appears (search page group, API operation, editors' picks; None: not there)."""

    document_type: str
    filters: tuple[Filter, ...]
    # Turns a hit into what the API answers and templates show, in the given language.
    present: Callable[[Hit, str], dict[str, Any]]
    # Public sort name → SearchQuery.sort (e.g. "date" → "-date").
    sorts: Mapping[str, str] = field(default_factory=lambda: {"relevance": "relevance"})
    default_page_size: int = 20
    # What ``present`` returns, as a pydantic model (ninja.Schema): the API validates each result
    # against it, answers only its fields and describes them with it (portal/search/api.py).
    result_model: type[Any] | None = None
    page_group: PageGroup | None = None
    api: ApiOperation | None = None
    pick: PickTarget | None = None

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


def unregister_spec(document_type: str) -> None:
    """Forget the spec of ``document_type`` (tests register throw-away collections)."""
    _specs.pop(document_type, None)


def get_spec(document_type: str) -> SearchSpec:
    return _specs[document_type]


def page_specs() -> list[SearchSpec]:
    """The collections the search page shows, in the order of their groups."""
    shown = [spec for spec in _specs.values() if spec.page_group is not None]
    return sorted(shown, key=lambda spec: spec.page_group.order)  # type: ignore[union-attr]


def api_specs() -> list[SearchSpec]:
    """The collections the JSON API searches, in the order of their operations."""
    offered = [spec for spec in _specs.values() if spec.api is not None]
    return sorted(offered, key=lambda spec: spec.api.order)  # type: ignore[union-attr]


def collection_names() -> tuple[str, ...]:
    """The registered collections' names (their document types)."""
    return tuple(_specs)


def pick_target(document_type: str) -> PickTarget | None:
    """What editors may pin in ``document_type`` (None: nothing, or not a registered collection)."""
    spec = _specs.get(document_type)
    return spec.pick if spec is not None else None


# ASCII digits, with a fraction of zeros allowed: JSON Schema (and so the API description) counts
# 11.0 an integer, and clients that generate numbers from it may write it so.
_WHOLE_NUMBER = re.compile(r"([0-9]+)(?:\.0+)?", flags=re.ASCII)


def whole_number_in(raw: str, *, name: str, low: int, high: int) -> int:
    """``raw`` as a whole number from ``low`` to ``high``, or ValueError with the reason."""
    match = _WHOLE_NUMBER.fullmatch(raw)
    if match is None or not low <= int(match.group(1)) <= high:
        raise ValueError(
            _("%(name)s must be a whole number from %(low)s to %(high)s, not %(value)r")
            % {"name": name, "low": low, "high": high, "value": raw[:20]}
        )
    return int(match.group(1))


def _whole_number(params: QueryDict, name: str, default: int, low: int, high: int, reasons: list[str]) -> int:
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        return whole_number_in(raw, name=name, low=low, high=high)
    except ValueError as error:
        reasons.append(str(error))
        return default


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
