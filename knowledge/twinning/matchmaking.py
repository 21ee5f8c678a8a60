"""Suggested twinning partners: which mentor cities and experts could help a learning city.

`suggest_partners()` gathers the evidence for every candidate in a fixed number of queries,
`score()` turns evidence into one number with the named weights of `WEIGHTS`, and every
suggestion carries its reasons as translated sentences, so a reader sees why it was made.

Only what a visitor may see counts: live, public case studies, published experts, and an
expert's availability only where the expert made it public (it is an optional field that may
be kept for members).

Where countries are and what they speak (sub-regions, languages, distances) is in `geography`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from experts.models import Availability, Expert
from experts.selectors import published_experts
from knowledge.models import Action, CaseStudyPage, City, TwinningPartnership
from knowledge.twinning.geography import COUNTRY_LANGUAGES, SUBREGION_LABELS, SUBREGIONS, distance_km
from portal.i18n import language_codes, language_name, localized_value

CITY_LIMIT = 10
EXPERT_LIMIT = 10


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence adds to a suggestion's score (see `score()`)."""

    case_study: float = 3.0  # per live case study on a requested action
    reported_results: float = 2.0  # per such case study with indicator results
    mentorship: float = 2.5  # per active or completed partnership the city mentored
    expertise: float = 3.0  # per requested action in an expert's expertise
    availability: float = 2.0  # the expert (publicly) offers to mentor or advise
    shared_language: float = 1.5  # per language the expert shares with the learning city's country
    shared_language_cap: int = 2  # more shared languages add nothing further
    proximity: float = 2.0  # at most, for a candidate next door; nothing beyond proximity_range_km
    proximity_range_km: float = 6000.0
    same_country: float = 1.5
    same_subregion: float = 1.0


WEIGHTS = Weights()

HELPFUL_AVAILABILITY = (Availability.MENTOR, Availability.ADVISE)


class UnknownSlugs(ValueError):
    """The request named cities or actions the portal does not know; `reasons` say which."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class Evidence:
    """What speaks for one candidate (a mentor city or an expert); zero where it does not apply."""

    case_studies: int = 0
    reported_results: int = 0
    mentorships: int = 0
    expertise: int = 0
    available: bool = False
    shared_languages: int = 0
    distance_km: float | None = None
    same_country: bool = False
    same_subregion: bool = False


def score(*, evidence: Evidence, weights: Weights = WEIGHTS) -> float:
    """One candidate's score: a weighted sum of its evidence.

    Track record (case studies, measured results, mentoring) and expertise dominate; closeness
    (distance falling off linearly to zero at `proximity_range_km`, same country, same
    sub-region) and language break ties between otherwise similar candidates.
    """
    total = (
        weights.case_study * evidence.case_studies
        + weights.reported_results * evidence.reported_results
        + weights.mentorship * evidence.mentorships
        + weights.expertise * evidence.expertise
        + weights.shared_language * min(evidence.shared_languages, weights.shared_language_cap)
    )
    if evidence.available:
        total += weights.availability
    if evidence.distance_km is not None:
        total += weights.proximity * max(0.0, 1.0 - evidence.distance_km / weights.proximity_range_km)
    if evidence.same_country:
        total += weights.same_country
    if evidence.same_subregion:
        total += weights.same_subregion
    return round(total, 2)


@dataclass
class CitySuggestion:
    city: City
    score: float
    reasons: list[str]

    def as_json(self) -> dict:
        return {
            "slug": self.city.slug,
            "name": self.city.name,
            "country": self.city.country.code,
            "country_name": self.city.country.name,
            "score": self.score,
            "reasons": self.reasons,
        }


@dataclass
class ExpertSuggestion:
    expert: Expert
    score: float
    reasons: list[str]

    def as_json(self) -> dict:
        # Only always-public fields of the expert card (experts.models.ALWAYS_PUBLIC_FIELDS).
        return {
            "name": self.expert.name,
            "url": self.expert.get_absolute_url(),
            "city": self.expert.city.name,
            "city_slug": self.expert.city.slug,
            "country": self.expert.city.country.code,
            "country_name": self.expert.city.country.name,
            "score": self.score,
            "reasons": self.reasons,
        }


@dataclass
class Suggestions:
    city: City
    actions: list[Action]
    cities: list[CitySuggestion] = field(default_factory=list)
    experts: list[ExpertSuggestion] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "cities": [suggestion.as_json() for suggestion in self.cities],
            "experts": [suggestion.as_json() for suggestion in self.experts],
        }


def resolve_request(*, city_slug: str | None, action_slugs: Iterable[str]) -> tuple[City, list[Action]]:
    """The learning city and the actions a request names, or UnknownSlugs with every problem."""
    reasons: list[str] = []
    city = None
    # Slugs are matched exactly, as the API description's enums say (portal.filters' rule); the
    # learning city is no filter, so an empty value is missing rather than "no filter".
    city_slug = city_slug or ""
    if not city_slug:
        reasons.append(_("city is required: give a city slug, e.g. city=phnom-penh"))
    else:
        city = City.objects.select_related("country").filter(slug=city_slug).first()
        if city is None:
            reasons.append(_("unknown city %(slug)r") % {"slug": city_slug[:80]})
    wanted = list(dict.fromkeys(action_slugs))
    if not any(wanted):
        wanted = []
        reasons.append(
            _("action is required: give one or more action slugs, e.g. action=emissions-inventory")
        )
    actions = {action.slug: action for action in Action.objects.filter(slug__in=wanted)}
    reasons.extend(
        _("unknown action %(slug)r") % {"slug": slug[:80]} for slug in wanted if slug not in actions
    )
    if reasons or city is None:
        raise UnknownSlugs(reasons)
    return city, [actions[slug] for slug in wanted]


def _has_results(page: CaseStudyPage) -> bool:
    # Results may be written in any language's column; an indicator in one of them counts.
    for code in language_codes():
        stream = localized_value(page, "results", code)
        if stream and any(block.block_type == "indicator" for block in stream):
            return True
    return False


def _action_names(actions: Iterable[Action]) -> str:
    return ", ".join(action.name for action in actions)


def _closeness(learning: City, candidate: City) -> tuple[Evidence, list[str]]:
    """Distance, same-country and same-sub-region evidence, and its reasons."""
    evidence = Evidence(distance_km=distance_km(learning, candidate))
    reasons = []
    country = candidate.country.code
    if country == learning.country.code:
        evidence.same_country = True
    subregion = SUBREGIONS.get(country)
    if subregion and subregion == SUBREGIONS.get(learning.country.code):
        evidence.same_subregion = True
    if candidate.pk == learning.pk:
        reasons.append(_("based in %(city)s") % {"city": candidate.name})
        return evidence, reasons
    # Round to tens of kilometres: the exact figure suggests a precision the coordinates lack.
    kilometres = max(10, int(round(evidence.distance_km, -1)))
    reasons.append(
        ngettext("%(distance)s km away", "%(distance)s km away", kilometres)
        % {"distance": number_format(kilometres, force_grouping=True)}
    )
    if evidence.same_country:
        reasons.append(_("also in %(country)s") % {"country": candidate.country.name})
    elif evidence.same_subregion:
        reasons.append(_("also in %(region)s") % {"region": SUBREGION_LABELS[subregion]})
    return evidence, reasons


def _city_suggestions(learning: City, actions: list[Action], limit: int) -> list[CitySuggestion]:
    wanted = {action.pk for action in actions}
    case_studies = (
        CaseStudyPage.objects.live()
        .public()
        .filter(actions__in=actions)
        .distinct()
        .prefetch_related("actions", "partner_cities")
    )
    studies_by_city: dict[int, list[CaseStudyPage]] = defaultdict(list)
    for page in case_studies:
        for city_id in {page.city_id, *(city.pk for city in page.partner_cities.all())} - {None}:
            studies_by_city[city_id].append(page)
    mentorships = (
        TwinningPartnership.objects.filter(
            status__in=[TwinningPartnership.Status.ACTIVE, TwinningPartnership.Status.COMPLETED]
        )
        .select_related("learning_city")
        .prefetch_related("focus_actions")
        .order_by("start_year", "slug")
    )
    mentored_by_city: dict[int, list[TwinningPartnership]] = defaultdict(list)
    for partnership in mentorships:
        mentored_by_city[partnership.mentor_city_id].append(partnership)

    # A candidate needs a track record on the requested actions: a case study, or a partnership
    # it mentored on them. Mentoring on other actions then adds to its experience.
    relevant = set(studies_by_city) | {
        city_id
        for city_id, partnerships in mentored_by_city.items()
        if any(action.pk in wanted for p in partnerships for action in p.focus_actions.all())
    }
    relevant.discard(learning.pk)
    suggestions = []
    for candidate in City.objects.select_related("country").filter(pk__in=relevant):
        evidence, closeness_reasons = _closeness(learning, candidate)
        reasons = []
        studies = studies_by_city.get(candidate.pk, [])
        if studies:
            evidence.case_studies = len(studies)
            covered = [a for a in actions if any(a.pk in {x.pk for x in s.actions.all()} for s in studies)]
            reasons.append(
                ngettext(
                    "%(count)d case study on %(actions)s",
                    "%(count)d case studies on %(actions)s",
                    len(studies),
                )
                % {"count": len(studies), "actions": _action_names(covered)}
            )
            evidence.reported_results = sum(1 for page in studies if _has_results(page))
            if evidence.reported_results:
                reasons.append(
                    ngettext(
                        "%(count)d of them reports measured results",
                        "%(count)d of them report measured results",
                        evidence.reported_results,
                    )
                    % {"count": evidence.reported_results}
                )
        for partnership in mentored_by_city.get(candidate.pk, []):
            evidence.mentorships += 1
            if partnership.start_year:
                reasons.append(
                    _("mentored %(city)s since %(year)s")
                    % {"city": partnership.learning_city.name, "year": partnership.start_year}
                )
            else:
                reasons.append(_("mentors %(city)s") % {"city": partnership.learning_city.name})
        suggestions.append(
            CitySuggestion(
                city=candidate, score=score(evidence=evidence), reasons=reasons + closeness_reasons
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.city.slug))
    return suggestions[:limit]


def _expert_suggestions(learning: City, actions: list[Action], limit: int) -> list[ExpertSuggestion]:
    wanted = {action.pk for action in actions}
    local_languages = COUNTRY_LANGUAGES.get(learning.country.code, ())
    experts = published_experts().filter(actions__in=actions).distinct()
    suggestions = []
    for expert in experts:
        evidence, closeness_reasons = _closeness(learning, expert.city)
        matched = [action for action in expert.actions.all() if action.pk in wanted]
        evidence.expertise = len(matched)
        reasons = [_("expert in %(actions)s") % {"actions": _action_names(matched)}]
        # Availability is an optional field: it may only speak for the expert when it is public.
        if expert.is_field_public("availability"):
            offered = [choice for choice in HELPFUL_AVAILABILITY if choice in (expert.availability or [])]
            if offered:
                evidence.available = True
                reasons.append(
                    _("available to mentor and advise")
                    if len(offered) == 2
                    else _("available to mentor")
                    if offered[0] == Availability.MENTOR
                    else _("available to advise")
                )
        shared = [code for code in local_languages if code in (expert.languages or [])]
        if shared:
            evidence.shared_languages = len(shared)
            reasons.append(
                _("speaks %(languages)s") % {"languages": ", ".join(language_name(c) for c in shared)}
            )
        suggestions.append(
            ExpertSuggestion(
                expert=expert, score=score(evidence=evidence), reasons=reasons + closeness_reasons
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.expert.name, s.expert.pk))
    return suggestions[:limit]


def suggest_partners(
    *,
    city: City,
    actions: Sequence[Action],
    city_limit: int = CITY_LIMIT,
    expert_limit: int = EXPERT_LIMIT,
) -> Suggestions:
    """Mentor cities and experts for `city` on `actions`, best first, reasons in the active language."""
    actions = list(actions)
    return Suggestions(
        city=city,
        actions=actions,
        cities=_city_suggestions(city, actions, city_limit),
        experts=_expert_suggestions(city, actions, expert_limit),
    )
