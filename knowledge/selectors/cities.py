"""Cities: a city's profile (its pages, events and the experts an app registers for it) and the city
list with its filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from knowledge.models import (
    CaseStudyPage,
    CertificationLevel,
    City,
    CityCertification,
    Country,
    ForumReportPage,
    TrainingMaterialPage,
    TwinningPartnership,
)
from knowledge.selectors.filters import _vocabulary
from knowledge.selectors.pages import upcoming_events
from portal.collation import sort_key, sorted_by_name
from portal.content_cache import public_pages
from portal.filters import (
    Chip,
    Filter,
    Selection,
    UnknownValue,
    as_query_dict,
    chips,
    clear_url,
    parse_filters,
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
