"""Read-side queries for knowledge pages: prefetching, URL filters and facet counts.

Every function here runs a fixed number of queries, whatever the number of pages, tags or
cities, so listings and indexers stay fast as content grows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from knowledge.models import (
    KNOWLEDGE_PAGE_MODELS,
    Action,
    CaseStudyPage,
    CertificationLevel,
    City,
    CityCertification,
    Country,
    EventIndexPage,
    EventPage,
    ForumReportPage,
    Pollutant,
    Sector,
    Theme,
    TrainingMaterialPage,
    TwinningPartnership,
)
from portal.collation import sort_key, sorted_by_name
from portal.content_cache import cached, public_pages
from portal.filters import (
    Chip,
    Facet,
    Filter,
    FilteredListing,
    Selection,
    UnknownValue,
    as_query_dict,
    build_facets,
    chips,
    clear_url,
    parse_filters,
)
from portal.i18n import language_codes, localized_field, portal_language_names
from portal.l10n import local_year
from portal.renditions import prefetch_card_renditions

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


def with_related(queryset: QuerySet) -> QuerySet:
    """Attach city, country, partner cities, all taxonomy terms and the card image with its
    rendition in a constant number of queries."""
    queryset = (
        prefetch_card_renditions(queryset)
        .select_related("city__country")
        .prefetch_related(
            "themes",
            "pollutants",
            "sectors",
            "actions",
            Prefetch("partner_cities", queryset=City.objects.select_related("country")),
        )
    )
    if queryset.model is CaseStudyPage:
        queryset = queryset.select_related(
            "twinning_partnership__mentor_city", "twinning_partnership__learning_city"
        )
    return queryset


def knowledge_pages(*, model: type[Page], live: bool = True) -> QuerySet:
    """Pages of one knowledge type, newest first, with everything a card or a document needs."""
    queryset = model.objects.all()
    if live:
        queryset = public_pages(queryset.live())
    return with_related(queryset).order_by("-first_published_at", "-pk")


def iter_live_knowledge_pages(*, models: Iterable[type[Page]] = KNOWLEDGE_PAGE_MODELS) -> Iterator[Page]:
    """Every live knowledge page (case studies, training, forum reports) ready for indexing.

    Three queries per page type plus one per prefetched relation: translations are columns on the
    rows (`title_vi`, `summary_th`, … via portal.i18n.localized_field), taxonomy and cities are
    prefetched, so reading `page.themes.all()` or `page.city.country` costs nothing more.
    """
    for model in models:
        yield from knowledge_pages(model=model)


def latest_knowledge_pages(*, limit: int = 3) -> dict[str, list[Page]]:
    """The newest live pages of each type, keyed by model name (for the home page).

    The home page shows a title, a city and a year: the city is joined, nothing is prefetched
    (taxonomy and partner cities for a few links cost five queries a type).
    """
    return {
        model._meta.model_name: list(
            public_pages(model.objects.live())
            .select_related("city")
            .order_by("-first_published_at", "-pk")[:limit]
        )
        for model in KNOWLEDGE_PAGE_MODELS
    }


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


def twinning_highlights(*, limit: int = 5, case_studies: int = 3) -> list:
    """Partnerships with their cities, focus actions and the newest live case studies they produced.

    At most ``case_studies`` per partnership are read (a sliced prefetch: one windowed query),
    not every case study a partnership ever produced; they are in ``newest_case_studies``.
    """
    newest = public_pages(CaseStudyPage.objects.live()).order_by("-first_published_at", "-pk")[:case_studies]
    return list(
        TwinningPartnership.objects.select_related("mentor_city__country", "learning_city__country")
        .prefetch_related(
            "focus_actions", Prefetch("case_studies", queryset=newest, to_attr="newest_case_studies")
        )
        .order_by(F("start_year").asc(nulls_last=True), "slug")[:limit]
    )


def related_knowledge_pages(*, expert: Any) -> list[Page]:
    """Live knowledge pages that name ``expert`` among their related experts, newest first."""
    pages: list[Page] = []
    for model in KNOWLEDGE_PAGE_MODELS:
        pages.extend(public_pages(model.objects.live()).filter(related_experts=expert).select_related("city"))
    return sorted(
        pages, key=lambda page: page.first_published_at or page.latest_revision_created_at, reverse=True
    )


def partnerships_for_readers() -> QuerySet[TwinningPartnership]:
    """Every partnership with cities, countries, focus actions and live case studies loaded.

    The twinning pages (`knowledge.twinning`) and the city list's map both read it.
    """
    live_case_studies = CaseStudyPage.objects.live().public().order_by("-first_published_at", "-pk")
    return (
        TwinningPartnership.objects.select_related("mentor_city__country", "learning_city__country")
        .prefetch_related(
            "focus_actions",
            Prefetch("case_studies", queryset=live_case_studies, to_attr="live_case_studies"),
        )
        .order_by(F("start_year").asc(nulls_last=True), "slug")
    )


# --------------------------------------------------------------------------------------------
# City profiles


@dataclass
class _CityPeople:
    """Who works in a city, for its profile: the experts app answers (`ExpertsConfig.ready`).

    Knowledge's core sits below experts and may not import them; until experts register, a
    profile lists nobody.
    """

    experts: Callable[..., Iterable[Any]] | None = None


_city_people = _CityPeople()


def register_city_experts(*, provider: Callable[..., Iterable[Any]]) -> None:
    """`provider(city=...)` gives a city's published experts in the order its profile shows them."""
    _city_people.experts = provider


def event_index_url(request: HttpRequest) -> str:
    """Where the "Events" navigation section points: the live events index, if there is one."""
    index = EventIndexPage.objects.live().only("pk", "path", "url_path", "depth").first()
    return (index.get_url(request=request) or "") if index else ""


def upcoming_events(*, city: City | None = None) -> QuerySet:
    """Live events not yet over, soonest first; with `city`, those held in or with that city."""
    queryset = public_pages(EventPage.objects.live())
    if city is not None:
        queryset = queryset.filter(
            pk__in=EventPage.objects.filter(Q(city=city) | Q(partner_cities=city)).values("pk")
        )
    return (
        queryset.annotate(finishes_at=Coalesce("end", "start"))
        .filter(finishes_at__gte=timezone.now())
        .select_related("city__country")
        .order_by("start", "pk")
    )


@dataclass
class CityProfile:
    """Everything `/<lang>/cities/<slug>/` shows, loaded in a fixed number of queries."""

    city: City
    certifications: list  # newest first; the first is the city's current level
    case_studies: list[Page]
    trainings: list[Page]
    forums: list[Page]
    events: list[Page]
    partnerships: list
    experts: list

    @property
    def certification(self):
        return self.certifications[0] if self.certifications else None


def _pages_with_city(model: type[Page], city: City) -> list[Page]:
    """Live pages of `model` with the city as their own city or as a partner city, newest first."""
    matching = model.objects.filter(Q(city=city) | Q(partner_cities=city)).values("pk")
    return list(
        public_pages(model.objects.live())
        .filter(pk__in=matching)
        .select_related("city__country")
        .order_by("-first_published_at", "-pk")
    )


def city_profile(*, slug: str) -> CityProfile | None:
    """A city with its certification, knowledge pages, events, twinning partnerships and experts.

    The query count does not depend on how many of each the city has (one query per kind).
    """
    city = City.objects.select_related("country").filter(slug=slug).first()
    if city is None:
        return None
    return CityProfile(
        city=city,
        certifications=list(CityCertification.objects.filter(city=city).select_related("level")),
        case_studies=_pages_with_city(CaseStudyPage, city),
        trainings=_pages_with_city(TrainingMaterialPage, city),
        forums=_pages_with_city(ForumReportPage, city),
        events=list(upcoming_events(city=city)),
        partnerships=list(
            TwinningPartnership.objects.filter(Q(mentor_city=city) | Q(learning_city=city))
            .select_related("mentor_city__country", "learning_city__country")
            .prefetch_related("focus_actions")
            .order_by(F("start_year").asc(nulls_last=True), "slug")
        ),
        experts=list(_city_people.experts(city=city)) if _city_people.experts else [],
    )


@dataclass
class CityListing:
    cities: list[City]
    countries: list[Country]
    levels: list
    selection: Selection
    chips: list[Chip] = field(default_factory=list)
    clear_url: str = "?"

    @property
    def country(self) -> str:
        return self.selection.value("country")

    @property
    def level(self) -> str:
        return self.selection.value("level")

    @property
    def unknown(self) -> list[UnknownValue]:
        return self.selection.unknown


def _certification_levels() -> dict[str, str]:
    return {level.slug: str(level.name) for level in CertificationLevel.objects.all()}


# One value each (the page's two selects); portal.filters says how they are read.
CITY_LIST_FILTERS = (
    Filter("country", _("Country"), choices=_vocabulary("country"), normalize=str.upper, multiple=False),
    Filter("level", _("Certification level"), choices=_certification_levels, multiple=False),
)
# The query parameters city_listing reads (the page cache keys only on declared ones).
CITY_FILTERS = tuple(parameter.name for parameter in CITY_LIST_FILTERS)


def city_listing(*, params: QueryDict | Mapping[str, str]) -> CityListing:
    """Cities with their current certification level, filtered by `country` (ISO) and `level` (slug)."""
    params = as_query_dict(params)
    selection = parse_filters(params, filters=CITY_LIST_FILTERS)
    levels = list(CertificationLevel.objects.all())
    levels_by_pk = {level.pk: level for level in levels}
    levels_by_slug = {level.slug: level for level in levels}
    language = get_language() or settings.LANGUAGE_CODE
    countries = sorted_by_name(
        Country.objects.filter(cities__isnull=False).distinct(),
        name=lambda country: country.name,
        language=language,
    )
    listing = CityListing(
        cities=[],
        countries=countries,
        levels=levels,
        selection=selection,
        chips=chips(selection, params=params),
        clear_url=clear_url(selection, params=params),
    )

    latest = CityCertification.objects.filter(city=OuterRef("pk")).order_by("-awarded", "-pk")
    cities = City.objects.select_related("country").annotate(
        current_level_id=Subquery(latest.values("level_id")[:1]),
        current_level_awarded=Subquery(latest.values("awarded")[:1]),
    )
    if listing.country:
        cities = cities.filter(country__code=listing.country)
    if listing.level:
        cities = cities.filter(current_level_id=levels_by_slug[listing.level].pk)
    result = list(cities)
    for city in result:
        city.current_level = levels_by_pk.get(city.current_level_id)
    listing.cities = sorted(
        result, key=lambda city: (sort_key(city.country.name, language), sort_key(city.name, language))
    )
    return listing


VOCABULARY_MODELS = {"theme": Theme, "pollutant": Pollutant, "sector": Sector, "action": Action}


def _by_local_name(labels: dict[str, str]) -> dict[str, str]:
    """Value → label, in the order of the labels as the active language sorts them (not by code)."""
    language = get_language() or settings.LANGUAGE_CODE
    return dict(sorted(labels.items(), key=lambda item: (sort_key(item[1], language), item[0])))


def _read_vocabulary(name: str) -> dict[str, str]:
    # Places in their local alphabetical order: filter lists show them in this order.
    if name == "country":
        return _by_local_name({country.code: str(country.name) for country in Country.objects.all()})
    if name == "city":
        return _by_local_name({city.slug: str(city.name) for city in City.objects.all()})
    return {term.slug: str(term.name) for term in VOCABULARY_MODELS[name].objects.all()}


def vocabulary(name: str) -> dict[str, str]:
    """Value → label in the active language of one place or topic vocabulary readers filter by.

    One table each, so a filter reads only its own (the content cache may be off: no Redis);
    cached until the table changes (portal.content_cache).
    """
    return cached(f"vocabulary-labels:{name}", lambda: _read_vocabulary(name))


def vocabulary_labels() -> dict[str, dict[str, str]]:
    """Every place and topic vocabulary, keyed by filter name (country codes, city and term slugs)."""
    return {name: vocabulary(name) for name in ("country", "city", *VOCABULARY_MODELS)}
