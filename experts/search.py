"""What the search index holds of the directory: one visitor-safe document per published expert.

Only fields every visitor may see go in (ALWAYS_PUBLIC_FIELDS and the optional fields the expert
made public): any visitor can retrieve everything stored in a document, so member-only details
and e-mail addresses never enter it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, Field

from experts.models import Expert
from experts.selectors import DIRECTORY_FILTERS, EXPERT_FILTERS, published_experts
from knowledge.models import Action, City, Country, Pollutant, Sector, Theme
from portal.i18n import language_codes, language_name, localized_columns, translations
from portal.search.documents import (
    DocumentType,
    KeywordField,
    SortableField,
    TextField,
    register,
)
from portal.search.extract import plain_text
from portal.search.query import Hit
from portal.search.requests import ApiOperation, PageGroup, PickTarget, SearchSpec, register_spec

TAXONOMY = (("theme", "themes"), ("pollutant", "pollutants"), ("sector", "sectors"), ("action", "actions"))

ROWS_PER_QUERY = 500
"""Experts read per query in a rebuild (and ids per IN list, within every database's limit)."""

# The columns a document reads, plain values: model instances cost more to make than the document.
_PLAIN_COLUMNS = (
    "pk",
    "name",
    "slug",
    "city_id",
    "organisation_type",
    "languages",
    "skills",
    "availability",
    "public_fields",
    "photo",
)


def _in_language(values: dict[str, str], language: str) -> str:
    """The reader's language, else English, else whatever the expert wrote."""
    return values.get(language) or values.get("en") or next(iter(values.values()), "")


class ExpertDocuments(DocumentType):
    name = "experts"
    models = (Expert,)
    text_fields = (
        TextField("name", weight=6.0, translated=False, snippet_chars=120),
        TextField("position", weight=3.0),
        TextField("organisation", weight=3.0),
        # Expertise labels in all four languages and public skills: a Thai query for an action
        # finds an expert whose profile is in English.
        TextField("expertise", weight=2.5, translated=False),
        TextField("places", weight=2.0, translated=False, highlight=False),
        TextField("biography", weight=1.0, snippet_chars=200),
    )
    keyword_fields = (
        KeywordField("country"),
        KeywordField("city"),
        KeywordField("theme"),
        KeywordField("pollutant"),
        KeywordField("sector"),
        KeywordField("action"),
        KeywordField("availability"),
        KeywordField("organisation_type"),
    )
    sortable_fields = (SortableField("sort_name"),)
    # The directory filters on exactly what this index counts.
    facets = DIRECTORY_FILTERS

    label_models = (Theme, Pollutant, Sector, Action, City, Country)
    # Every document here is an expert: "expert" in a query says where to look, not what to find.
    collection_words = (
        "expert",
        "experts",
        "specialist",
        "specialists",
        "chuyên gia",
        "ahli",
        "pakar",
        "ผู้เชี่ยวชาญ",
    )
    # Hybrid search embeds, per language, who the expert is and what they do (the biography is cut
    # to what the model reads).
    semantic_fields = ("name", "position", "organisation", "biography")

    def get_queryset(self) -> QuerySet:
        return published_experts()

    def semantic_extras(self, document: dict[str, Any], language: str) -> list[str]:
        # A reader looks an expert up by a skill, in any language, but skills are written once,
        # in whatever language the expert used: they join every passage, so "การสื่อสารความเสี่ยง"
        # finds by meaning an expert who wrote "risk communication". Topic labels are left out:
        # the words already find them in all four languages (the expertise field), and in the
        # passage they made every expert about "PM2.5, road transport" and blurred names and skills.
        skills = [str(skill) for skill in document.get("skills") or []]
        return [", ".join(skills)] if skills else []

    def objects_using(self, label: Any) -> QuerySet:
        relation = {
            Theme: "themes",
            Pollutant: "pollutants",
            Sector: "sectors",
            Action: "actions",
            City: "city",
        }.get(type(label), "city__country")
        return Expert.objects.filter(status="published", **{relation: label}).only("pk")

    def to_document(self, expert: Expert) -> dict[str, Any]:
        terms = {name: list(getattr(expert, relation).all()) for name, relation in TAXONOMY}
        photo = expert.photo.url if expert.photo and expert.is_field_public("photo") else ""
        return _document(expert, expert.city, terms, photo, expert.is_field_public)

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every document, read as plain rows: the same dicts as to_document(), at a fraction of the cost.

        A rebuild reads every published expert; model instances with modeltranslation's columns
        and four prefetched relations cost more than the documents themselves. Here each expert
        is one row of the columns a document reads, the taxonomy links one query per relation and
        per ROWS_PER_QUERY experts, and cities, countries and terms (a few hundred rows) are read
        once. The order is get_queryset()'s, ROWS_PER_QUERY experts in memory at a time.
        """
        translated = [
            column
            for field in ("position", "organisation", "biography")
            for _language, column in localized_columns(field, language_codes())
        ]
        columns = (*_PLAIN_COLUMNS, *translated)
        cities = {city.pk: city for city in City.objects.select_related("country")}
        labels = {relation: _terms_by_id(relation) for _name, relation in TAXONOMY}
        storage = Expert._meta.get_field("photo").storage
        experts = self.get_queryset().prefetch_related(None)
        ids = list(experts.values_list("pk", flat=True))
        for start in range(0, len(ids), ROWS_PER_QUERY):
            chunk = ids[start : start + ROWS_PER_QUERY]
            rows = {row["pk"]: row for row in experts.filter(pk__in=chunk).order_by().values(*columns)}
            links = {relation: _links(relation, chunk) for _name, relation in TAXONOMY}
            for pk in chunk:
                row = rows.get(pk)
                if row is None:  # deleted or unpublished since the ids were read
                    continue
                expert = SimpleNamespace(**row)
                terms = {
                    name: sorted(
                        (labels[relation][term_id] for term_id in links[relation].get(pk, ())),
                        key=_term_order,
                    )
                    for name, relation in TAXONOMY
                }
                # Expert.is_field_public reads only public_fields, which the row holds.
                public = partial(Expert.is_field_public, expert)
                photo = storage.url(expert.photo) if expert.photo and public("photo") else ""
                yield _document(expert, cities[expert.city_id], terms, photo, public)


def _term_order(term: Any) -> tuple[int, str]:
    """The order published_experts() prefetches terms in."""
    return (term.sort_order, term.slug)


def _terms_by_id(relation: str) -> dict[int, Any]:
    return {term.pk: term for term in Expert._meta.get_field(relation).related_model.objects.all()}


def _links(relation: str, expert_ids: list[int]) -> dict[int, list[int]]:
    """``{expert id: [term id, …]}`` for one taxonomy relation of these experts."""
    through = getattr(Expert, relation).through
    target = f"{Expert._meta.get_field(relation).related_model._meta.model_name}_id"
    links: dict[int, list[int]] = {}
    for expert_id, term_id in through.objects.filter(expert_id__in=expert_ids).values_list(
        "expert_id", target
    ):
        links.setdefault(expert_id, []).append(term_id)
    return links


def _document(
    expert: Any, city: City, terms: dict[str, list[Any]], photo: str, public: Callable[[str], bool]
) -> dict[str, Any]:
    """The document for ``expert`` (an Expert, or a row with the same attributes) in ``city``,
    with its taxonomy ``terms``, ``photo`` URL and ``public`` (whether an optional field is public):
    one function for both ways of reading experts, so they cannot drift apart."""
    document: dict[str, Any] = {
        "id": str(expert.pk),
        # For experts, `language` is what they speak: the directory's language filter.
        "language": list(expert.languages),
        "slug": expert.slug,
        "name": expert.name,
        "sort_name": expert.name,
        "country": [city.country.code],
        "city": [city.slug],
        "organisation_type": [expert.organisation_type] if expert.organisation_type else [],
        "positions": translations(expert, "position"),
        "organisations": translations(expert, "organisation"),
        "city_names": translations(city, "name"),
        "country_names": translations(city.country, "name"),
        "photo": photo,
    }
    for name, _relation in TAXONOMY:
        document[name] = [term.slug for term in terms[name]]
    for key in ("position", "organisation"):
        for language, text in document[f"{key}s"].items():
            document[f"{key}_{language}"] = text
    if public("biography"):
        for language, html in translations(expert, "biography").items():
            document[f"biography_{language}"] = plain_text(html)
    public_skills = list(expert.skills) if public("skills") else []
    document["availability"] = list(expert.availability) if public("availability") else []
    document["expertise"] = " ".join(
        [label for items in terms.values() for term in items for label in translations(term, "name").values()]
        + [str(skill) for skill in public_skills]
    )
    # Public skills on their own too: hybrid search embeds them (ExpertDocuments.semantic_extras).
    document["skills"] = [str(skill) for skill in public_skills]
    document["places"] = " ".join([*document["city_names"].values(), *document["country_names"].values()])
    return document


def present_expert_hit(hit: Hit, language: str) -> dict[str, Any]:
    """One expert as the API answers it and the search page shows it: public fields only."""
    document = hit.document
    languages = document.get("language") or []
    return {
        "name": document.get("name", ""),
        "url": f"/{language}/experts/{document.get('slug', '')}/",
        "position": _in_language(document.get("positions") or {}, language),
        "organisation": _in_language(document.get("organisations") or {}, language),
        "organisation_type": (document.get("organisation_type") or [""])[0],
        "city": _in_language(document.get("city_names") or {}, language),
        "city_slug": (document.get("city") or [""])[0],
        "country": (document.get("country") or [""])[0],
        "country_name": _in_language(document.get("country_names") or {}, language),
        "languages": languages,
        "language_names": [language_name(code) for code in languages],
        "availability": document.get("availability") or [],
        "photo": document.get("photo", ""),
        "highlights": hit.highlights,
        # Expertise labels are indexed in all four languages; only the biography reads well as a passage.
        "snippet": hit.highlights.get("biography") or "",
    }


class ExpertResult(BaseModel):
    """The public expert card: never member-only fields or the e-mail address."""

    name: str
    url: str = Field(description="Path of the profile in the language asked for")
    position: str
    organisation: str
    organisation_type: str = Field(description="An organisation-type slug, or empty")
    city: str
    city_slug: str
    country: str = Field(description="ISO 3166-1 alpha-2 code")
    country_name: str
    languages: list[str] = Field(description="ISO 639-1 codes of the languages the expert speaks")
    language_names: list[str]
    availability: list[str] = Field(description="Availability slugs, where the expert made them public")
    photo: str = Field(description="Address of the photo where public, else empty")
    highlights: dict[str, str]
    snippet: str


register(ExpertDocuments())
register_spec(
    SearchSpec(
        document_type="experts",
        filters=EXPERT_FILTERS,
        present=present_expert_hit,
        result_model=ExpertResult,
        sorts={"relevance": "relevance", "name": "sort_name"},
        page_group=PageGroup(
            scope="experts",
            label=gettext_lazy("Experts"),
            hit_template="search/expert_hit.html",
            order=20,  # after practices on the search page
        ),
        api=ApiOperation(
            path="/experts",
            summary="Search the experts directory (published profiles, public fields only)",
            order=10,  # first in the API description
        ),
        pick=PickTarget(column="expert_id"),
    )
)
