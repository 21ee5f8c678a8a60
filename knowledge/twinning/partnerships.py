"""Twinning partnerships for readers and editors: listings, filters, one partnership, drafts.

Reader-side functions show only what a visitor may see: published action items, published
experts and live, public case studies. Each runs a fixed number of queries, however many
partnerships, items or experts there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from experts.models import Expert, ExpertStatus
from knowledge.models import Action, CaseStudyPage, City, TwinningActionItem, TwinningPartnership
from knowledge.models.twinning import RESERVED_SLUGS, ProgressStatus, milestone_note

# Read by the city list too, which sits below this floor: the query lives in knowledge's core.
from knowledge.selectors import ACTION_FILTER, COUNTRY_FILTER, partnerships_for_readers
from portal.filters import (
    Chip,
    Facet,
    FilteredListing,
    Selection,
    as_query_dict,
    build_facets,
    chips,
    clear_url,
    count_in_memory,
    parse_filters,
)

# Either city's country, and the focus actions (portal.filters says how they are read).
TWINNING_FILTERS = (
    COUNTRY_FILTER,
    ACTION_FILTER,
)
# The query parameters filter_partnerships reads (the page cache keys only on declared ones).
FILTER_PARAMETERS = tuple(parameter.name for parameter in TWINNING_FILTERS)
ADD_PERMISSION = "knowledge.add_twinningpartnership"


def _published_items() -> QuerySet[TwinningActionItem]:
    return (
        TwinningActionItem.objects.filter(is_published=True)
        .select_related("action")
        .order_by("sort_order", "pk")
    )


def _published_experts() -> QuerySet[Expert]:
    return (
        Expert.objects.filter(status=ExpertStatus.PUBLISHED).select_related("city__country").order_by("name")
    )


def partnerships_for_city(*, city: City) -> list[TwinningPartnership]:
    """The partnerships `city` takes part in, as mentor or as learner (for city profile pages).

    Each carries `live_case_studies` (a list) besides its cities and focus actions; compare
    `partnership.mentor_city_id == city.pk` to tell the city's role.
    """
    return list(partnerships_for_readers().filter(Q(mentor_city=city) | Q(learning_city=city)))


@dataclass
class PartnershipListing(FilteredListing):
    partnerships: list[TwinningPartnership]
    selection: Selection
    facets: list[Facet] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    clear_url: str = "?"


def _values_of(partnership: TwinningPartnership, name: str) -> set[str]:
    if name == "country":
        return {partnership.mentor_city.country.code, partnership.learning_city.country.code}
    return {action.slug for action in partnership.focus_actions.all()}


def filter_partnerships(*, params: QueryDict | Mapping[str, Sequence[str]]) -> PartnershipListing:
    """Partnerships matching `country` (ISO code of either city) and `action` (a focus action slug).

    Values of one parameter are OR-ed, parameters are AND-ed, as on every other portal index.
    Unknown values are reported back and ignored. Partnerships number in the dozens, so the
    filtering happens on the prefetched rows, which also gives the option counts for free.
    """
    params = as_query_dict(params)
    selection = parse_filters(params, filters=TWINNING_FILTERS)
    counted = count_in_memory(partnerships_for_readers(), selection=selection, values_of=_values_of)
    return PartnershipListing(
        partnerships=counted.items,
        selection=selection,
        facets=build_facets(selection, counts=counted.counts, params=params),
        chips=chips(selection, params=params),
        clear_url=clear_url(selection, params=params),
    )


@dataclass
class Milestone:
    date: datetime.date
    status: str
    status_label: str
    note: str
    note_language: str


@dataclass
class TimelineEntry:
    """One dated line of a partnership's timeline; `year` alone when only the year is known."""

    year: int
    date: datetime.date | None
    kind: str
    label: str
    status_label: str = ""
    url: str = ""


@dataclass
class PartnershipDetail:
    partnership: TwinningPartnership
    items: list[tuple[TwinningActionItem, list[Milestone]]]
    case_studies: list[CaseStudyPage]
    experts: list[Expert]
    timeline: list[TimelineEntry]


def _milestones(item: TwinningActionItem) -> list[Milestone]:
    milestones = []
    for block in item.milestones:
        note, language = milestone_note(block.value)
        status = block.value.get("status") or ProgressStatus.PLANNED
        milestones.append(
            Milestone(
                date=block.value["date"],
                status=status,
                status_label=str(ProgressStatus(status).label),
                note=note,
                note_language=language,
            )
        )
    return sorted(milestones, key=lambda milestone: milestone.date)


def partnership_detail(*, slug: str) -> PartnershipDetail:
    """One partnership as a visitor sees it, or Http404."""
    partnership = (
        partnerships_for_readers()
        .prefetch_related(
            Prefetch("action_items", queryset=_published_items(), to_attr="published_items"),
            Prefetch("experts", queryset=_published_experts(), to_attr="published_experts"),
        )
        .filter(slug=slug)
        .first()
    )
    if partnership is None:
        raise Http404
    items = [(item, _milestones(item)) for item in partnership.published_items]
    timeline: list[TimelineEntry] = []
    if partnership.start_year:
        timeline.append(
            TimelineEntry(
                year=partnership.start_year, date=None, kind="start", label=str(_("Partnership began"))
            )
        )
    for item, milestones in items:
        for milestone in milestones:
            timeline.append(
                TimelineEntry(
                    year=milestone.date.year,
                    date=milestone.date,
                    kind="milestone",
                    label=f"{item.title}: {milestone.note}" if milestone.note else item.title,
                    status_label=milestone.status_label,
                )
            )
    for case_study in partnership.live_case_studies:
        if case_study.year:
            timeline.append(
                TimelineEntry(
                    year=case_study.year,
                    date=None,
                    kind="case_study",
                    label=case_study.title,
                    url=case_study.url or "",
                )
            )
    # Undated entries of a year come before that year's dated milestones.
    timeline.sort(key=lambda entry: (entry.year, entry.date or datetime.date(entry.year, 1, 1), entry.kind))
    return PartnershipDetail(
        partnership=partnership,
        items=items,
        case_studies=list(partnership.live_case_studies),
        experts=list(partnership.published_experts),
        timeline=timeline,
    )


# --------------------------------------------------------------------------------------------
# Editors


def can_add_partnership(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(ADD_PERMISSION))


def _free_slug(base: str) -> str:
    candidate, number = base, 2
    while candidate in RESERVED_SLUGS or TwinningPartnership.objects.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def create_draft_partnership(
    *, mentor: City, learning: City, actions: Sequence[Action], user: AbstractBaseUser
) -> tuple[TwinningPartnership, bool]:
    """A planned partnership for a suggested pair, or the pair's existing one (created is False).

    A pair may exist once (unique_twinning_pair), so a second click opens the first draft rather
    than failing; its focus actions are left as the editor set them.
    """
    if mentor.pk == learning.pk:
        raise ValueError("a city cannot mentor itself")
    existing = TwinningPartnership.objects.filter(mentor_city=mentor, learning_city=learning).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            partnership = TwinningPartnership(
                slug=_free_slug(f"{mentor.slug}-{learning.slug}"[:110]),
                mentor_city=mentor,
                learning_city=learning,
                status=TwinningPartnership.Status.PLANNED,
            )
            # A parental many-to-many is written to the database by save(), not by set().
            partnership.focus_actions.set(actions)
            partnership.save()
            log(instance=partnership, action="wagtail.create", user=user)
    except IntegrityError:
        # Two editors clicked at once: the other request created the pair first.
        return TwinningPartnership.objects.get(mentor_city=mentor, learning_city=learning), False
    return partnership, True
