"""The section index pages' filters: the URL parameters (places, topics, year, language), the pages
they select and the facet counts beside them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from knowledge.labels import vocabulary
from knowledge.models import (
    Action,
    Pollutant,
    Sector,
    Theme,
)
from portal.filters import (
    Chip,
    Facet,
    Filter,
    FilteredListing,
    Selection,
    as_query_dict,
    build_facets,
    chips,
    clear_url,
    parse_filters,
)
from portal.i18n import language_codes, localized_field, portal_language_names
from portal.l10n import local_year

# URL parameter → (taxonomy model, relation on the page). Values are term slugs.
TERM_FILTERS = {
    "theme": (Theme, "themes"),
    "pollutant": (Pollutant, "pollutants"),
    "sector": (Sector, "sectors"),
    "action": (Action, "actions"),
}
YEAR_PATTERN = "[0-9]{4}"


def _vocabulary(name: str) -> Callable[[], dict[str, str]]:
    return lambda: vocabulary(name)


# Where and what: the filters the section index pages, search and the directory share
# (portal.filters says how every listing reads them).
COUNTRY_FILTER = Filter(
    "country", _("Country"), choices=_vocabulary("country"), normalize=str.upper, by_name=True
)
ACTION_FILTER = Filter("action", _("Action"), choices=_vocabulary("action"))
PLACE_AND_TOPIC_FILTERS = (
    COUNTRY_FILTER,
    Filter("city", _("City"), choices=_vocabulary("city"), by_name=True),
    Filter("theme", _("Theme"), choices=_vocabulary("theme")),
    Filter("pollutant", _("Pollutant"), choices=_vocabulary("pollutant")),
    Filter("sector", _("Source sector"), choices=_vocabulary("sector")),
    ACTION_FILTER,
)
# Years as the page writes them elsewhere (Buddhist era first in Thai).
YEAR_FILTER = Filter("year", _("Year"), pattern=YEAR_PATTERN, display=local_year)
AVAILABLE_IN_FILTER = Filter(
    "language", _("Available in"), choices=portal_language_names, normalize=str.lower
)
INDEX_FILTERS = (*PLACE_AND_TOPIC_FILTERS, YEAR_FILTER, AVAILABLE_IN_FILTER)
FILTER_PARAMETERS = tuple(parameter.name for parameter in INDEX_FILTERS)


def has_title_in(language: str) -> Q:
    column = localized_field("title", language)
    return Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})


@dataclass
class FilterResult(FilteredListing):
    """A section index page's list: the matching pages, the selection, facets and chips."""

    queryset: QuerySet
    selection: Selection
    facets: list[Facet] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    clear_url: str = "?"


def _condition(name: str, values: list[str]) -> Q:
    """One parameter's values OR-ed together."""
    if name == "city":
        return Q(city__slug__in=values) | Q(partner_cities__slug__in=values)
    if name == "country":
        return Q(city__country__code__in=values) | Q(partner_cities__country__code__in=values)
    if name in TERM_FILTERS:
        return Q(**{f"{TERM_FILTERS[name][1]}__slug__in": values})
    if name == "year":
        return Q(year__in=[int(value) for value in values])
    condition = Q()
    for language in values:
        condition |= has_title_in(language)
    return condition


def _apply(queryset: QuerySet, selected: Mapping[str, list[str]], *, skip: str | None = None) -> QuerySet:
    # Filtering on multi-valued relations repeats rows; filtering by primary key keeps each page once.
    conditions = [_condition(name, values) for name, values in selected.items() if values and name != skip]
    if not conditions:
        return queryset
    matching = queryset.model.objects.filter(*conditions).values("pk")
    return queryset.filter(pk__in=matching)


def _counts(queryset: QuerySet, name: str) -> dict[str, int]:
    queryset = queryset.order_by().select_related(None).prefetch_related(None)
    if name in ("city", "country"):
        own, partner = (
            ("city__slug", "partner_cities__slug")
            if name == "city"
            else ("city__country__code", "partner_cities__country__code")
        )
        pages: dict[str, set[int]] = defaultdict(set)
        for column in (own, partner):
            for pk, value in queryset.values_list("pk", column):
                if value:
                    pages[value].add(pk)
        return {value: len(pks) for value, pks in pages.items()}
    if name == "language":
        totals = queryset.aggregate(
            **{code: Count("pk", filter=has_title_in(code)) for code in language_codes()}
        )
        return {code: total for code, total in totals.items() if total}
    column = "year" if name == "year" else f"{TERM_FILTERS[name][1]}__slug"
    rows = queryset.values(column).annotate(total=Count("pk", distinct=True))
    return {str(row[column]): row["total"] for row in rows if row[column] is not None}


def filter_knowledge_pages(
    *, queryset: QuerySet, params: QueryDict | Mapping[str, list[str]]
) -> FilterResult:
    """Apply the index filters (OR within a parameter, AND across) and count each filter value.

    A value's count is the number of pages it would match given the other parameters, so
    ticking it never lies. Unknown values are reported (``unknown``), never applied.
    """
    params = as_query_dict(params)
    selection = parse_filters(params, filters=INDEX_FILTERS)
    selected = selection.selected
    counts = {name: _counts(_apply(queryset, selected, skip=name), name) for name in FILTER_PARAMETERS}
    return FilterResult(
        queryset=_apply(queryset, selected),
        selection=selection,
        facets=build_facets(selection, counts=counts, params=params),
        chips=chips(selection, params=params),
        clear_url=clear_url(selection, params=params),
    )
