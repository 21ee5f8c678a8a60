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
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from experts.models import Expert, ExpertStatus
from knowledge.models import Action, CaseStudyPage, City, Country, TwinningActionItem, TwinningPartnership
from knowledge.models.twinning import RESERVED_SLUGS, ProgressStatus, milestone_note

# Read by the city list too, which sits below this floor: the query lives in knowledge's core.
from knowledge.selectors import partnerships_for_readers

FILTER_PARAMETERS = ("country", "action")
FILTER_LABELS = {"country": _("Country"), "action": _("Action")}
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
class FilterOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class PartnershipListing:
    partnerships: list[TwinningPartnership]
    selected: dict[str, list[str]]
    unknown: list[tuple[str, str]]
    options: dict[str, list[FilterOption]] = field(default_factory=dict)

    @property
    def is_filtered(self) -> bool:
        return any(self.selected.values())

    @property
    def filter_groups(self) -> list[tuple[str, str, list[FilterOption]]]:
        return [(name, str(FILTER_LABELS[name]), self.options.get(name, [])) for name in FILTER_PARAMETERS]


def _values_of(partnership: TwinningPartnership, name: str) -> set[str]:
    if name == "country":
        return {partnership.mentor_city.country.code, partnership.learning_city.country.code}
    return {action.slug for action in partnership.focus_actions.all()}


def filter_partnerships(*, params: Mapping[str, Sequence[str]]) -> PartnershipListing:
    """Partnerships matching `country` (ISO code of either city) and `action` (a focus action slug).

    Values of one parameter are OR-ed, parameters are AND-ed, as on every other portal index.
    Unknown values are reported back and ignored. Partnerships number in the dozens, so the
    filtering happens on the prefetched rows, which also gives the option counts for free.
    """
    partnerships = list(partnerships_for_readers())
    vocabularies = {
        "country": {country.code: country.name for country in Country.objects.all()},
        "action": {action.slug: action.name for action in Action.objects.all()},
    }
    selected: dict[str, list[str]] = {name: [] for name in FILTER_PARAMETERS}
    unknown: list[tuple[str, str]] = []
    for name in FILTER_PARAMETERS:
        raw_values = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
        for raw in raw_values:
            value = raw.strip().upper() if name == "country" else raw.strip()
            if value in vocabularies[name]:
                if value not in selected[name]:
                    selected[name].append(value)
            elif value:
                unknown.append((name, raw[:80]))

    def matches(partnership: TwinningPartnership, skip: str | None = None) -> bool:
        return all(
            _values_of(partnership, name) & set(values)
            for name, values in selected.items()
            if values and name != skip
        )

    listing = PartnershipListing(
        partnerships=[p for p in partnerships if matches(p)], selected=selected, unknown=unknown
    )
    for name in FILTER_PARAMETERS:
        counts: dict[str, int] = {}
        for partnership in partnerships:
            if matches(partnership, skip=name):
                for value in _values_of(partnership, name):
                    counts[value] = counts.get(value, 0) + 1
        listing.options[name] = [
            FilterOption(
                value=value, label=label, count=counts.get(value, 0), selected=value in selected[name]
            )
            for value, label in vocabularies[name].items()
            if counts.get(value) or value in selected[name]
        ]
    return listing


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
