"""Labels of the shared vocabularies, cached, and a page's own terms and places read through them.

The vocabularies (countries, cities, themes, pollutants, source sectors, actions) change only
when an editor saves a snippet, which replaces the content version (portal.content_cache), so
their labels in each language are read once per version and shared by every process. A
knowledge page shows its terms and partner cities by label; reading them as model rows took a
query per relation, each with every language's columns through django-modeltranslation (five
queries, about half the CPU of an uncached case study). :func:`page_terms` asks the database
only which slugs the page carries, in one query, and takes the labels from the cached
vocabularies.

Below the selectors (the knowledge pages' models use it, and models never import selectors).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Model
from django.utils.translation import get_language

from knowledge.models.taxonomy import Action, City, Country, Pollutant, Sector, Theme
from portal.collation import sort_key
from portal.content_cache import cached, cached_many

__all__ = [
    "VOCABULARY_MODELS",
    "PageTerms",
    "PlaceLabel",
    "TermLabel",
    "city_with_country",
    "page_terms",
    "partnership_with_actions",
    "terms_of",
    "vocabularies_of",
    "vocabulary",
    "vocabulary_labels",
]

VOCABULARY_MODELS: dict[str, type[Model]] = {
    "theme": Theme,
    "pollutant": Pollutant,
    "sector": Sector,
    "action": Action,
}
_VOCABULARY_OF = {model: name for name, model in VOCABULARY_MODELS.items()}
# The relations that hold each vocabulary's terms (on knowledge pages and experts alike).
_TERM_RELATIONS = ("themes", "pollutants", "sectors", "actions")


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
    # Terms in their own order (sort order, then slug), which pages and filters show.
    return {term.slug: str(term.name) for term in VOCABULARY_MODELS[name].objects.all()}


def vocabulary(name: str) -> dict[str, str]:
    """Value → label in the active language of one place or topic vocabulary readers filter by.

    One table each, so a filter reads only its own (the content cache may be off: no Redis);
    cached until the table changes (portal.content_cache).
    """
    return cached(f"vocabulary-labels:{name}", lambda: _read_vocabulary(name))


def vocabularies_of(names: Sequence[str]) -> dict[str, dict[str, str]]:
    """:func:`vocabulary` for each of ``names``, in one round trip to the cache."""
    found = cached_many(
        {f"vocabulary-labels:{name}": functools.partial(_read_vocabulary, name) for name in names}
    )
    return {name: found[f"vocabulary-labels:{name}"] for name in names}


def vocabulary_labels() -> dict[str, dict[str, str]]:
    """Every place and topic vocabulary, keyed by filter name (country codes, city and term slugs)."""
    return vocabularies_of(("country", "city", *VOCABULARY_MODELS))


def _read_cities() -> dict[int, City]:
    return {city.pk: city for city in City.objects.select_related("country")}


def city_with_country(pk: int) -> City | None:
    """The city ``pk`` with its country, from the cached rows of every city (a few dozen).

    A knowledge page shows its city and country by name (facts, JSON-LD); reading them with a
    ``select_related`` query was ~0.75 ms of CPU and one statement on every uncached page. The
    rows are shared by every request of the content version: callers must not change them.
    None when the city is not among them (deleted, or created in this very request).
    """
    return cached("city-rows", _read_cities, per_language=False).get(pk)


def _read_partnerships() -> dict[int, Any]:
    from knowledge.models.twinning import TwinningPartnership

    return {
        partnership.pk: partnership
        for partnership in TwinningPartnership.objects.select_related(
            "mentor_city__country", "learning_city__country"
        )
    }


def _read_partnership_actions() -> dict[int, dict[str, list[Any]]] | None:
    from knowledge.models.twinning import TwinningPartnership

    pks = sorted(cached("partnership-rows", _read_partnerships, per_language=False))
    return terms_of(model=TwinningPartnership, pks=pks, relations=("focus_actions",))


def partnership_with_actions(pk: int) -> tuple[Any, list[Any]] | None:
    """The twinning partnership ``pk`` with its two cities (and their countries), and its focus
    actions' labels in the active language, from the cached rows of every partnership (a handful).

    A case study with a partnership read it with a ``select_related`` query (every language's
    columns of the partnership and both cities, built by the ORM on every request: ~1.5 ms of
    CPU), then its actions' slugs with a second statement. Partnerships are snippets whose changes
    replace the content version (``watch_models``), so both are read once per version. The rows
    are shared by every request of the version: callers must not change them. None when the
    partnership is not among them (created in this very request), or the actions' labels are not
    all known yet, or without a shared cache (reading every partnership on each request would
    then cost more than the one): the caller reads them as before.
    """
    if settings.CONTENT_CACHE_SECONDS <= 0:
        return None
    partnership = cached("partnership-rows", _read_partnerships, per_language=False).get(pk)
    if partnership is None:
        return None
    actions = cached("partnership-actions", _read_partnership_actions)
    if actions is None or pk not in actions:
        return None
    return partnership, actions[pk]["focus_actions"]


@dataclass(frozen=True)
class TermLabel:
    """A term or country as a page shows it: its slug (or ISO code) and its label."""

    slug: str
    name: str

    @property
    def code(self) -> str:
        return self.slug

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class PlaceLabel:
    """A city as a page's facts show it: slug, label and its country."""

    slug: str
    name: str
    country: TermLabel

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class PageTerms:
    """A knowledge page's terms by vocabulary (in each vocabulary's order) and its partner cities
    (by slug, as the relation orders them): labels, or model rows with the same attributes."""

    themes: list[Any]
    pollutants: list[Any]
    sectors: list[Any]
    actions: list[Any]
    partner_cities: list[Any]


@functools.lru_cache(maxsize=64)
def _slugs_statement(model: type[Model], relations: tuple[str, ...], count: int) -> str:
    """The SQL of :func:`_slugs_rows` for ``count`` keys (any number on PostgreSQL, where the keys
    are one array parameter per relation), written from the models' metadata.

    Built through the ORM (a filtered, annotated ``values_list`` per relation and their union),
    this one statement cost more CPU than any other step of a case study but routing (9 % of its
    profile, every request), for a shape that depends only on the model and the relations. Written
    here once per shape, with the columns in the order the caller unpacks them and only the keys
    as parameters; the relation names are the models' own field names (Python identifiers), so
    they are safe as literals.
    """
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    # On PostgreSQL the keys are one array: a statement with more than 50 parameters (a directory
    # page's twenty experts, four relations) is parsed again by psycopg on every execution (it
    # caches the parsing of statements of up to 50), ~0.15 ms of CPU a page.
    keys = "= ANY(%s)" if connection.vendor == "postgresql" else f"IN ({', '.join(['%s'] * count)})"
    parts = []
    for relation in relations:
        field = model._meta.get_field(relation)
        through = field.remote_field.through._meta
        target = field.related_model._meta
        link, owner = quote(through.db_table), quote(through.get_field(field.m2m_field_name()).column)
        term = quote(through.get_field(field.m2m_reverse_field_name()).column)
        table, slug = quote(target.db_table), quote(target.get_field("slug").column)
        country_code, joins = "''", ""
        if field.related_model is City:
            country = Country._meta
            country_code = f"{quote(country.db_table)}.{quote(country.get_field('code').column)}"
            joins = (
                f" INNER JOIN {quote(country.db_table)} ON {table}."
                f"{quote(target.get_field('country').column)} = {quote(country.db_table)}.{quote(country.pk.column)}"
            )
        # Identifiers quoted by the backend, the relation a field name get_field() found: no value
        # of a reader's reaches this text (the keys are parameters).
        parts.append(
            f"SELECT {link}.{owner}, '{relation}', {table}.{slug}, {country_code} FROM {link}"  # noqa: S608
            f" INNER JOIN {table} ON {link}.{term} = {table}.{quote(target.pk.column)}{joins}"
            f" WHERE {link}.{owner} {keys}"
        )
    return " UNION ALL ".join(parts)


def _slugs_rows(model: type[Model], pks: Sequence[int], relations: Sequence[str]) -> list[tuple[Any, ...]]:
    """(owner, relation, slug, country code) of every term or city linked to the ``pks`` rows of
    ``model`` through ``relations``: one UNION ALL over their link tables."""
    keys = list(pks)
    connection = connections[router.db_for_read(model)]
    if connection.vendor == "postgresql":
        statement, params = _slugs_statement(model, tuple(relations), 0), [keys] * len(relations)
    else:
        statement, params = _slugs_statement(model, tuple(relations), len(keys)), keys * len(relations)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def terms_of(
    *, model: type[Model], pks: Sequence[int], relations: Sequence[str]
) -> dict[int, dict[str, list[Any]]] | None:
    """The terms (``TermLabel``) and cities (``PlaceLabel``) each of the ``pks`` rows of ``model``
    carries through ``relations`` (many-to-many fields to a vocabulary or to cities), labelled in
    the active language: one query, the labels from the cached vocabularies. Terms come in their
    vocabulary's order (sort order, then slug), cities by slug: the order of the rows' relations.

    None when a slug is missing from its vocabulary (a term created in this very request, before
    the cache saw it): the caller reads the rows instead, so a reader never sees a bare slug.
    """
    vocabularies = {}
    for relation in relations:
        target = model._meta.get_field(relation).related_model
        vocabularies[relation] = "city" if target is City else _VOCABULARY_OF[target]
    result: dict[int, dict[str, list[Any]]] = {pk: {relation: [] for relation in relations} for pk in pks}
    if not pks or not relations:
        return result
    rows = _slugs_rows(model, pks, relations)
    needed = {vocabularies[row[1]] for row in rows}
    if "city" in needed:
        needed.add("country")
    labels = vocabularies_of(sorted(needed))
    found: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for owner, relation, slug, country_code in rows:
        name = vocabularies[relation]
        if slug not in labels[name] or (name == "city" and country_code not in labels["country"]):
            return None
        found.setdefault((owner, relation), []).append((slug, country_code))
    orders = {
        name: {slug: position for position, slug in enumerate(labels[name])}
        for name in labels
        if name not in ("city", "country")
    }
    for (owner, relation), linked in found.items():
        name = vocabularies[relation]
        if name == "city":
            result[owner][relation] = [
                PlaceLabel(slug, labels["city"][slug], TermLabel(code, labels["country"][code]))
                for slug, code in sorted(linked)
            ]
        else:
            slugs = sorted((slug for slug, _code in linked), key=orders[name].__getitem__)
            result[owner][relation] = [TermLabel(slug, labels[name][slug]) for slug in slugs]
    return result


def page_terms(*, page: Model) -> PageTerms | None:
    """The terms and partner cities ``page`` (a saved knowledge page) shows: :func:`terms_of`."""
    found = terms_of(model=type(page), pks=[page.pk], relations=(*_TERM_RELATIONS, "partner_cities"))
    if found is None:
        return None
    terms = found[page.pk]
    return PageTerms(
        themes=terms["themes"],
        pollutants=terms["pollutants"],
        sectors=terms["sectors"],
        actions=terms["actions"],
        partner_cities=terms["partner_cities"],
    )
