"""Read-side queries of the experts app: who is listed, who may see what, the directory facets."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from experts.models import (
    ALWAYS_PUBLIC_FIELDS,
    OPTIONAL_FIELDS,
    TRANSLATED_FIELDS,
    Account,
    AccountStatus,
    Availability,
    Expert,
    ExpertRevision,
    ExpertStatus,
    Nomination,
    NominationStatus,
    OrganisationType,
    RevisionStatus,
)
from knowledge.models import Action, Pollutant, Sector, Theme
from knowledge.selectors import PLACE_AND_TOPIC_FILTERS
from portal.filters import (
    Chip,
    Facet,
    Filter,
    Selection,
    UnknownValue,
    build_facets,
    chips,
    clear_url,
    parse_filters,
)
from portal.i18n import (
    DEFAULT_LANGUAGE,
    ISO_639_1_CODES,
    language_codes,
    language_name,
    localized_value,
)
from portal.sanitize import sanitize_html
from portal.search.documents import get_document_type
from portal.search.engines.base import get_engine
from portal.search.query import MAX_PAGE, SearchQuery
from portal.selectors import MissingTranslation, snippet_rows, translated_fields

TAXONOMY_RELATIONS = ("themes", "pollutants", "sectors", "actions")


def published_experts() -> QuerySet[Expert]:
    """Published experts with their city, country and expertise loaded (no per-expert queries).

    Safe input for visitor-facing documents only through `public_profile()`, which drops the
    optional fields an expert keeps for members and never includes the e-mail address.
    """
    return (
        Expert.objects.filter(status=ExpertStatus.PUBLISHED)
        .select_related("city__country")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("sort_order", "slug")),
            Prefetch("pollutants", queryset=Pollutant.objects.order_by("sort_order", "slug")),
            Prefetch("sectors", queryset=Sector.objects.order_by("sort_order", "slug")),
            Prefetch("actions", queryset=Action.objects.order_by("sort_order", "slug")),
        )
        .order_by("name", "pk")
    )


def is_member(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Members (and approved experts, and editors) see member-only fields and may contact experts."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Account.objects.filter(user=user, status=AccountStatus.APPROVED).exists()


def can_moderate(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("experts.moderate_expert"))


def expert_for_reader(*, slug: str, user: AbstractBaseUser | AnonymousUser) -> Expert:
    """The profile at `slug`, if this reader may see it; unpublished ones only for owner and editors."""
    expert = (
        Expert.objects.select_related("city__country", "user")
        .prefetch_related(*TAXONOMY_RELATIONS)
        .filter(slug=slug)
        .first()
    )
    if expert is None:
        raise Http404
    if expert.status == ExpertStatus.PUBLISHED:
        return expert
    if user.is_authenticated and (expert.user_id == user.pk or can_moderate(user=user)):
        return expert
    raise Http404


def public_profile(*, expert: Expert) -> dict[str, Any]:
    """Visitor-safe data of one expert in the active language (for search documents and the API).

    Contains ALWAYS_PUBLIC_FIELDS and the optional fields the expert made public; never `email`.
    """
    data: dict[str, Any] = {
        "slug": expert.slug,
        "url": expert.get_absolute_url(),
        "name": expert.name,
        "position": expert.position,
        "organisation": expert.organisation,
        "organisation_type": expert.organisation_type,
        "city": expert.city.slug,
        "city_name": expert.city.name,
        "country": expert.city.country.code,
        "country_name": expert.city.country.name,
        "languages": list(expert.languages),
    }
    for relation in TAXONOMY_RELATIONS:
        terms = list(getattr(expert, relation).all())
        data[relation] = [term.slug for term in terms]
        data[f"{relation}_names"] = [term.name for term in terms]
    for field in OPTIONAL_FIELDS:
        if expert.is_field_public(field):
            value = getattr(expert, field)
            data[field] = (value.url if value else "") if field == "photo" else value
    return data


def member_only_fields(*, expert: Expert) -> list[str]:
    """Optional fields this expert keeps for members: never put them in a visitor's document."""
    return [field for field in OPTIONAL_FIELDS if not expert.is_field_public(field)]


# --------------------------------------------------------------------------------------------
# Display


@dataclasses.dataclass
class ProfileDisplay:
    """What the profile template shows: only fields this reader may see are filled in."""

    name: str
    position: str
    organisation: str
    organisation_type: str
    city: str
    country: str
    themes: list[str]
    pollutants: list[str]
    sectors: list[str]
    actions: list[str]
    languages: list[str]
    biography: SafeString | None = None
    photo_url: str | None = None
    skills: list[str] | None = None
    links: list[str] | None = None
    nominated_by: str | None = None
    availability: list[str] | None = None
    hidden_fields: list[str] = dataclasses.field(default_factory=list)
    # {field: language} for each translated text shown in a language other than the reader's
    # (English, or the only language the expert wrote it in): the template marks it with `lang`
    # and the profile says parts are not translated yet.
    text_languages: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def untranslated(self) -> bool:
        """Whether a text the reader may see is shown in another language than theirs."""
        shown = {"position": self.position, "organisation": self.organisation, "biography": self.biography}
        return any(shown.get(field) for field in self.text_languages)


def shown_text(*, instance: Any, field: str, language: str) -> tuple[str, str]:
    """``(text, written_language)`` of a translated ``field`` for a reader of ``language``: their
    language, else English, else the first portal language it is written in.

    An expert who writes only in Thai still has a biography on the English and Vietnamese pages
    (modeltranslation's fallback is English alone, which would show nothing).
    """
    for code in dict.fromkeys([language, DEFAULT_LANGUAGE, *language_codes()]):
        value = localized_value(instance, field, code)
        if isinstance(value, str) and value.strip():
            return value, code
    return "", language


def is_web_link(link: object) -> bool:
    """Whether `link` is an http(s) address (the only kind a profile may show as a link)."""
    if not isinstance(link, str):
        return False
    parts = urlsplit(link.strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def profile_display(*, values: dict[str, Any], visible: set[str]) -> ProfileDisplay:
    """Build the display from plain values (a saved expert, or a form being previewed)."""
    city = values.get("city")
    organisation_type = values.get("organisation_type") or ""
    display = ProfileDisplay(
        name=values.get("name", ""),
        position=values.get("position", ""),
        organisation=values.get("organisation", ""),
        organisation_type=str(OrganisationType(organisation_type).label) if organisation_type else "",
        city=city.name if city else "",
        country=city.country.name if city else "",
        themes=[term.name for term in values.get("themes", [])],
        pollutants=[term.name for term in values.get("pollutants", [])],
        sectors=[term.name for term in values.get("sectors", [])],
        actions=[term.name for term in values.get("actions", [])],
        languages=[language_name(code) for code in values.get("languages", [])],
    )
    if "biography" in visible and values.get("biography"):
        # Stored biographies are sanitised on every save; cleaning again on output also covers rows
        # written around the model (bulk updates, SQL) before they reach a reader.
        display.biography = mark_safe(sanitize_html(values["biography"]))  # noqa: S308
    if "photo" in visible:
        display.photo_url = values.get("photo_url") or None
    if "skills" in visible:
        display.skills = list(values.get("skills", []))
    if "links" in visible:
        # The profile form accepts only web addresses, but editors write the field in the admin
        # as free JSON: a `javascript:` or `data:` link would run on a reader's click.
        display.links = [link for link in values.get("links", []) if is_web_link(link)]
    if "nominated_by" in visible:
        display.nominated_by = values.get("nominated_by", "")
    if "availability" in visible:
        display.availability = [
            str(Availability(slug).label)
            for slug in values.get("availability", [])
            if slug in Availability.values
        ]
    display.hidden_fields = [field for field in OPTIONAL_FIELDS if field not in visible]
    display.text_languages = dict(values.get("text_languages") or {})
    return display


def expert_values(expert: Expert) -> dict[str, Any]:
    values = {
        field: getattr(expert, field) for field in ALWAYS_PUBLIC_FIELDS if field not in TAXONOMY_RELATIONS
    }
    values.update({relation: list(getattr(expert, relation).all()) for relation in TAXONOMY_RELATIONS})
    values.update({field: getattr(expert, field) for field in OPTIONAL_FIELDS if field != "photo"})
    values["photo_url"] = expert.photo.url if expert.photo else ""
    language = get_language() or DEFAULT_LANGUAGE
    values["text_languages"] = {}
    for field in TRANSLATED_FIELDS:
        values[field], written = shown_text(instance=expert, field=field, language=language)
        if written != language:
            values["text_languages"][field] = written
    return values


def expert_display(*, expert: Expert, member: bool, card: bool = False) -> ProfileDisplay:
    """The profile as ``member`` (or a visitor) may see it; a directory ``card`` shows no biography,
    so none is cleaned for it (sanitising twenty biographies was half a directory page's time)."""
    visible = set(expert.visible_fields(member=member))
    if card:
        visible.discard("biography")
    return profile_display(values=expert_values(expert), visible=visible)


def latest_revision(*, expert: Expert) -> ExpertRevision | None:
    return expert.proposed_changes.exclude(status=RevisionStatus.SUPERSEDED).order_by("-created_at").first()


def pending_revisions() -> QuerySet[ExpertRevision]:
    return (
        ExpertRevision.objects.filter(status=RevisionStatus.PENDING)
        .select_related("expert__city", "submitted_by")
        .order_by("created_at")
    )


def pending_accounts() -> QuerySet[Account]:
    return (
        Account.objects.filter(status=AccountStatus.PENDING)
        .select_related("user", "city")
        .order_by("created_at")
    )


# --------------------------------------------------------------------------------------------
# Directory


def _spoken_languages() -> dict[str, str]:
    # Any ISO 639-1 code is a real filter; one nobody speaks yet simply finds nobody.
    return {code: language_name(code) for code in ISO_639_1_CODES}


# The directory's filters, which the search page and the API use for experts too
# (portal.filters says how every listing reads them).
EXPERT_FILTERS = (
    *PLACE_AND_TOPIC_FILTERS,
    Filter("language", _("Speaks"), choices=_spoken_languages, normalize=str.lower),
    Filter("availability", _("Available to"), choices=lambda: dict(Availability.choices)),
    Filter("organisation_type", _("Organisation type"), choices=lambda: dict(OrganisationType.choices)),
)
DIRECTORY_FILTERS = tuple(parameter.name for parameter in EXPERT_FILTERS)


@dataclasses.dataclass
class DirectoryResult:
    page: Page
    selection: Selection
    facets: list[Facet]
    chips: list[Chip]
    clear_url: str
    total: int

    @property
    def selected(self) -> dict[str, list[str]]:
        return self.selection.selected

    @property
    def unknown(self) -> list[UnknownValue]:
        return self.selection.unknown


class _ResultWindow(Sequence):
    """The directory's results as a Paginator sees them: ``total`` long, one page loaded.

    The index answers the count and the page's ids; only the experts on the page come from the
    database, so a directory of 100,000 costs the same as one of 100.
    """

    def __init__(self, total: int, offset: int, experts: list[Expert]) -> None:
        self.total, self.offset, self.experts = total, offset, experts

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) == self.offset:
            return self.experts
        raise IndexError("only the page the index was asked for is loaded")


def _requested_page(params: QueryDict) -> int:
    raw = params.get("page", "")
    return min(int(raw), MAX_PAGE) if raw.isdecimal() and int(raw) >= 1 else 1


def directory(*, params: QueryDict, page_size: int = 20) -> DirectoryResult:
    """Published experts filtered by the query string: OR within one filter, AND across filters.

    Counts are disjunctive: an option's count is how many experts match all *other* filters and
    that option, so it tells the reader what ticking it would add. Unknown values are reported,
    not applied (portal.filters). Matching, counting and paging are the experts index's work (the same documents
    the search page uses); the database loads only the experts on the page shown.
    """
    selection = parse_filters(params, filters=EXPERT_FILTERS)
    selected = selection.selected
    document_type = get_document_type("experts")
    engine = get_engine()
    number = _requested_page(params)
    query = SearchQuery(
        filters=selected, facets=list(DIRECTORY_FILTERS), sort="sort_name", page=number, page_size=page_size
    )
    found = engine.search(document_type, query)
    last = min(max(1, -(-found.total // page_size)), MAX_PAGE)
    if number > last:  # past the end: show the last page, as Paginator.get_page does
        number = last
        found = engine.search(document_type, dataclasses.replace(query, page=number))
    ids = [int(hit.id) for hit in found.hits]
    by_pk = {expert.pk: expert for expert in published_experts().filter(pk__in=ids)}
    experts = [by_pk[pk] for pk in ids if pk in by_pk]
    window = _ResultWindow(min(found.total, last * page_size), (number - 1) * page_size, experts)
    page = Paginator(window, page_size).get_page(number)

    return DirectoryResult(
        page=page,
        selection=selection,
        facets=build_facets(selection, counts=found.facets, params=params),
        chips=chips(selection, params=params),
        clear_url=clear_url(selection, params=params),
        total=found.total,
    )


# --------------------------------------------------------------------------------------------
# Nominations


def focal_point_account(*, user: AbstractBaseUser | AnonymousUser) -> Account | None:
    """The approved focal-point account of `user`, or None (only focal points nominate experts)."""
    if not user.is_authenticated or not user.is_active:
        return None
    account = Account.objects.filter(user=user).select_related("user").first()
    return account if account is not None and account.is_focal_point else None


def pending_nominations() -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(status=NominationStatus.PENDING)
        .select_related("expert__city__country", "nominated_by__user")
        .order_by("created_at")
    )


def nominations_of(*, account: Account) -> QuerySet[Nomination]:
    return Nomination.objects.filter(nominated_by=account).select_related("expert").order_by("-created_at")


def published_experts_in(*, city: Any) -> QuerySet[Expert]:
    """A city's published experts, for its profile page (registered with knowledge.selectors)."""
    return published_experts().filter(city=city)


def untranslated_experts(languages: tuple[str, ...]) -> Iterator[MissingTranslation]:
    """Published profiles with text missing in some of `languages`, for the editors' translation
    report (registered in `ExpertsConfig.ready`). Drafts and nominations in review are not read
    by anyone yet."""
    experts = Expert.objects.filter(status=ExpertStatus.PUBLISHED).order_by("name")
    return snippet_rows("expert", experts, translated_fields(Expert), languages)
