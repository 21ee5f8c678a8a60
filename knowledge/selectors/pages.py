"""Listings of knowledge pages with what their cards show prefetched: every live page, the latest per
section, pages related to an expert, twinning highlights and partnerships, upcoming events.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connections, router
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from knowledge.models import (
    KNOWLEDGE_PAGE_MODELS,
    CaseStudyPage,
    City,
    EventIndexPage,
    EventPage,
    TwinningPartnership,
)
from portal.content_cache import public_pages
from portal.renditions import prefetch_card_renditions


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


@functools.cache
def _pages_naming_statement() -> str:
    """The SQL of :func:`_pages_naming_rows`, written once from the link tables' metadata.

    Built through the ORM on every profile (an annotated ``values_list`` per page type and their
    union), it cost about a tenth of a profile page's CPU for a statement that never changes;
    only the expert's key is a parameter (once per page type). Identifiers are quoted by the
    backend and come from the models' metadata: no value of a reader's reaches this text.
    """
    parts = []
    for position, model in enumerate(KNOWLEDGE_PAGE_MODELS):
        field = model._meta.get_field("related_experts")
        through = field.remote_field.through._meta
        quote = connections[router.db_for_read(field.remote_field.through)].ops.quote_name
        link = quote(through.db_table)
        page = quote(through.get_field(field.m2m_field_name()).column)
        expert = quote(through.get_field(field.m2m_reverse_field_name()).column)
        parts.append(f"SELECT {position}, {link}.{page} FROM {link} WHERE {link}.{expert} = %s")  # noqa: S608
    return " UNION ALL ".join(parts)


def _pages_naming_rows(expert_pk: int) -> list[tuple[int, int]]:
    """(page type's position in KNOWLEDGE_PAGE_MODELS, page key) of every page of any type that
    links ``expert_pk`` as a related expert: one UNION ALL over the link tables."""
    through = KNOWLEDGE_PAGE_MODELS[0]._meta.get_field("related_experts").remote_field.through
    with connections[router.db_for_read(through)].cursor() as cursor:
        cursor.execute(_pages_naming_statement(), [expert_pk] * len(KNOWLEDGE_PAGE_MODELS))
        return cursor.fetchall()


def related_knowledge_pages(*, expert: Any) -> list[Page]:
    """Live knowledge pages that name ``expert`` among their related experts, newest first.

    The link tables say first which page types name the expert at all (most experts are named on
    no page): a query per page type, each selecting every language's columns, was more than half
    of a profile page's CPU.
    """
    linked: dict[int, list[int]] = defaultdict(list)
    for kind, page_key in _pages_naming_rows(expert.pk):
        linked[kind].append(page_key)
    pages: list[Page] = []
    for position, model in enumerate(KNOWLEDGE_PAGE_MODELS):
        if linked.get(position):
            pages.extend(
                public_pages(model.objects.live()).filter(pk__in=linked[position]).select_related("city")
            )
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


def partnerships_on_map() -> QuerySet[TwinningPartnership]:
    """Every partnership with its cities, in :func:`partnerships_for_readers`' order: what the
    network map draws (cities, a line, the status) and nothing more.

    The home page's map read :func:`partnerships_for_readers`, whose prefetch builds every live
    case study of every partnership with all its StreamFields (357 pages at 5,000 pages: 2.6 s
    of CPU under cProfile each time the content version changes) for a map that shows none.
    """
    return TwinningPartnership.objects.select_related(
        "mentor_city__country", "learning_city__country"
    ).order_by(F("start_year").asc(nulls_last=True), "slug")


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
