"""Who is listed and what a reader sees of a profile: published experts, membership and moderation
rights, the public and member-only fields and the values a profile page displays.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connections, router
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from experts.accounts.models import Account, AccountStatus
from experts.models import (
    ALWAYS_PUBLIC_FIELDS,
    OPTIONAL_FIELDS,
    TRANSLATED_FIELDS,
    Availability,
    Expert,
    ExpertStatus,
    OrganisationType,
)
from knowledge.labels import PlaceLabel, TermLabel, city_with_country, terms_of, vocabularies_of
from knowledge.models import Action, Pollutant, Sector, Theme
from portal.i18n import (
    DEFAULT_LANGUAGE,
    language_codes,
    language_name,
    localized_field,
    localized_value,
)
from portal.raw_sql import read_model_row
from portal.sanitize import sanitize_html
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
    # Its terms are read by expert_terms() where they are shown, in one query; its city and country
    # from the cached rows of every city (joining both tables' columns in every language was about
    # a third of this query's CPU), by the relation only for a city not among them.
    expert = _expert_at(slug)
    if expert is None:
        raise Http404
    city = city_with_country(expert.city_id)
    if city is not None:
        expert.city = city
    if expert.is_published:
        return expert
    if user.is_authenticated and (expert.user_id == user.pk or can_moderate(user=user)):
        return expert
    raise Http404


# A stand-in no slug can equal (slugs hold no control characters), to find the slug's parameter.
_SLUG_STANDIN = "\x00slug"


@functools.lru_cache(maxsize=8)
def _expert_statement(alias: str) -> tuple[str, tuple[Any, ...], int]:
    """The SQL and parameters of the expert at a slug (every column, as the ORM reads it), and
    which parameter is the slug: compiled once per database and process.

    Building and compiling the ORM's query for a model of ~60 columns cost more CPU than running
    it (about 1 ms of a profile page's ~5), for a statement in which only the slug changes. The
    row is read back by column name (``portal.raw_sql.read_model_row``), as ``raw()`` would.
    Depends on no language: modeltranslation rewrites neither the slug nor the key.
    """
    queryset = Expert.objects.using(alias).filter(slug=_SLUG_STANDIN).order_by("pk")[:1]
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params), list(params).index(_SLUG_STANDIN)


def _expert_at(slug: str) -> Expert | None:
    """The expert at ``slug`` (any status), or None: one compiled statement (the slug is unique).

    Its account is not joined: a reader's page needs only its key (``user_id``), and the few
    callers that use the account itself read it when they do."""
    alias = router.db_for_read(Expert)
    sql, params, slug_at = _expert_statement(alias)
    values = list(params)
    values[slug_at] = slug
    return read_model_row(Expert, sql, values)


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


def expert_terms(*, experts: Sequence[Expert]) -> dict[int, dict[str, list[Any]]]:
    """Each expert's themes, pollutants, sectors and actions (anything with ``slug`` and ``name``,
    in their vocabulary's order), by primary key.

    One query for all of them, labelled from the cached vocabularies (knowledge.labels), instead
    of a query per relation with every language's columns; the rows' own terms when a label is
    not cached yet.
    """
    found = terms_of(model=Expert, pks=[expert.pk for expert in experts], relations=TAXONOMY_RELATIONS)
    if found is not None:
        return found
    return {
        expert.pk: {relation: list(getattr(expert, relation).all()) for relation in TAXONOMY_RELATIONS}
        for expert in experts
    }


def expert_values(expert: Expert, *, terms: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    """What a profile shows, unfiltered; ``terms``: the expert's from :func:`expert_terms`."""
    values = {
        field: getattr(expert, field) for field in ALWAYS_PUBLIC_FIELDS if field not in TAXONOMY_RELATIONS
    }
    if terms is None:
        terms = {relation: list(getattr(expert, relation).all()) for relation in TAXONOMY_RELATIONS}
    values.update({relation: terms[relation] for relation in TAXONOMY_RELATIONS})
    values.update({field: getattr(expert, field) for field in OPTIONAL_FIELDS if field != "photo"})
    values["photo_url"] = expert.photo.url if expert.photo else ""
    language = get_language() or DEFAULT_LANGUAGE
    values["text_languages"] = {}
    for field in TRANSLATED_FIELDS:
        values[field], written = shown_text(instance=expert, field=field, language=language)
        if written != language:
            values["text_languages"][field] = written
    return values


def expert_display(
    *, expert: Expert, member: bool, card: bool = False, terms: dict[str, list[Any]] | None = None
) -> ProfileDisplay:
    """The profile as ``member`` (or a visitor) may see it; a directory ``card`` shows no biography,
    so none is cleaned for it (sanitising twenty biographies was half a directory page's time).
    ``terms``: the expert's from :func:`expert_terms`, when the caller has read them."""
    visible = set(expert.visible_fields(member=member))
    if card:
        visible.discard("biography")
    return profile_display(values=expert_values(expert, terms=terms), visible=visible)


@dataclasses.dataclass(frozen=True)
class CardExpert:
    """Who a directory card links to: the profile's key and address, without the profile's row."""

    pk: int
    slug: str

    def get_absolute_url(self) -> str:
        # Expert.get_absolute_url's route, without making a model instance for it.
        return reverse("experts:profile", kwargs={"slug": self.slug})


# A card shows only what every reader may see (its display is the same for members and
# visitors): the fields it is built from.
_CARD_TEXT_FIELDS = ("position", "organisation")


@functools.lru_cache(maxsize=64)
def _cards_statement(count: int) -> tuple[str, tuple[str, ...]]:
    """The SQL of :func:`expert_cards` for ``count`` keys, and the attribute of each column.

    Written once per page size from the models' metadata: through the ORM, reading a page's
    experts with their city and country (every column of three tables, every language) and making
    sixty model instances was a quarter of an uncached directory page's CPU, for the dozen values
    a card shows. Identifiers come from the models and are quoted by the backend; the keys and the
    status are parameters.
    """
    expert = Expert._meta
    city = expert.get_field("city").related_model._meta
    country = city.get_field("country").related_model._meta
    quote = connections[router.db_for_read(Expert)].ops.quote_name
    e, c, k = quote(expert.db_table), quote(city.db_table), quote(country.db_table)
    attributes = (
        "pk",
        "slug",
        "name",
        "organisation_type",
        "languages",
        *(localized_field(field, code) for field in _CARD_TEXT_FIELDS for code in language_codes()),
    )
    columns = [f"{e}.{quote(expert.pk.column)}"]
    columns += [f"{e}.{quote(expert.get_field(name).column)}" for name in attributes[1:]]
    columns += [
        f"{c}.{quote(city.get_field('slug').column)}",
        f"{k}.{quote(country.get_field('code').column)}",
    ]
    keys = ", ".join(["%s"] * count)
    statement = (
        f"SELECT {', '.join(columns)} FROM {e}"  # noqa: S608 - identifiers from the models' metadata
        f" INNER JOIN {c} ON {e}.{quote(expert.get_field('city').column)} = {c}.{quote(city.pk.column)}"
        f" INNER JOIN {k} ON {c}.{quote(city.get_field('country').column)} = {k}.{quote(country.pk.column)}"
        f" WHERE {e}.{quote(expert.get_field('status').column)} = %s AND {e}.{quote(expert.pk.column)} IN ({keys})"
    )
    return statement, attributes


def expert_cards(*, pks: Sequence[int]) -> list[tuple[CardExpert, ProfileDisplay]] | None:
    """The directory's cards of the published experts among ``pks``, in that order: each expert's
    link and the display of the fields every reader may see (a card shows no other).

    One query for the cards and one for their terms (:func:`expert_terms`), with the city,
    country and term labels from the cached vocabularies (knowledge.labels), as
    :func:`expert_display` would show them. None when a label is not cached yet (a city saved in
    this very request): the caller then reads the rows.
    """
    if not pks:
        return []
    statement, attributes = _cards_statement(len(pks))
    connection = connections[router.db_for_read(Expert)]
    with connection.cursor() as cursor:
        cursor.execute(statement, [ExpertStatus.PUBLISHED, *pks])
        rows = {row[0]: row for row in cursor.fetchall()}
    labels = vocabularies_of(("city", "country"))
    terms = terms_of(model=Expert, pks=list(rows), relations=TAXONOMY_RELATIONS)
    if terms is None:
        return None
    languages_field = Expert._meta.get_field("languages")
    language = get_language() or DEFAULT_LANGUAGE
    visible = set(ALWAYS_PUBLIC_FIELDS)
    cards = []
    for pk in pks:
        row = rows.get(pk)
        if row is None:
            continue
        *values, city_slug, country_code = row
        if city_slug not in labels["city"] or country_code not in labels["country"]:
            return None
        # The row as the attributes shown_text() reads (position_vi, …): the one fallback rule.
        instance = types.SimpleNamespace(**dict(zip(attributes, values, strict=True)))
        shown: dict[str, Any] = {
            "name": instance.name,
            "organisation_type": instance.organisation_type,
            "city": PlaceLabel(
                city_slug, labels["city"][city_slug], TermLabel(country_code, labels["country"][country_code])
            ),
            "languages": languages_field.from_db_value(instance.languages, None, connection) or [],
            "text_languages": {},
            **terms[pk],
        }
        for field in _CARD_TEXT_FIELDS:
            shown[field], written = shown_text(instance=instance, field=field, language=language)
            if written != language:
                shown["text_languages"][field] = written
        cards.append((CardExpert(pk=pk, slug=instance.slug), profile_display(values=shown, visible=visible)))
    return cards


def published_experts_in(*, city: Any) -> QuerySet[Expert]:
    """A city's published experts, for its profile page (registered with knowledge.selectors)."""
    return published_experts().filter(city=city)


def untranslated_experts(languages: tuple[str, ...]) -> Iterator[MissingTranslation]:
    """Published profiles with text missing in some of `languages`, for the editors' translation
    report (registered in `ExpertsConfig.ready`). Drafts and nominations in review are not read
    by anyone yet."""
    experts = Expert.objects.filter(status=ExpertStatus.PUBLISHED).order_by("name")
    return snippet_rows("expert", experts, translated_fields(Expert), languages)
