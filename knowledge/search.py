"""What the search index holds of the knowledge base: one document per live case study,
training material and forum report, in every language it is written in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, Field
from wagtail.models import Page, Site

from knowledge.models import (
    Action,
    CaseStudyPage,
    City,
    Country,
    ForumReportPage,
    Pollutant,
    Sector,
    Theme,
    TrainingMaterialPage,
)
from knowledge.selectors import (
    AVAILABLE_IN_FILTER,
    PLACE_AND_TOPIC_FILTERS,
    YEAR_FILTER,
    iter_live_knowledge_pages,
    knowledge_pages,
)
from portal.filters import Filter
from portal.i18n import language_codes, language_name, localized_value, translations
from portal.search.document_text import texts_of
from portal.search.documents import (
    DocumentType,
    KeywordField,
    SortableField,
    TextField,
    register,
)
from portal.search.extract import linked_document_ids, plain_text
from portal.search.query import Hit
from portal.search.requests import ApiOperation, PageGroup, PickTarget, SearchSpec, register_spec

TYPE_SLUGS: dict[type[Page], str] = {
    CaseStudyPage: "case_study",
    TrainingMaterialPage: "training_material",
    ForumReportPage: "forum_report",
}
TYPE_LABELS = {
    "case_study": gettext_lazy("Case study"),
    "training_material": gettext_lazy("Training material"),
    "forum_report": gettext_lazy("Forum report"),
}
TAXONOMY = (("theme", "themes"), ("pollutant", "pollutants"), ("sector", "sectors"), ("action", "actions"))
TAXONOMY_BY_MODEL = ((Theme, "themes"), (Pollutant, "pollutants"), (Sector, "sectors"), (Action, "actions"))


def _site_root_path() -> str:
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    return site.root_page.url_path if site else "/"


class KnowledgeDocuments(DocumentType):
    name = "knowledge"
    models = tuple(TYPE_SLUGS)
    text_fields = (
        TextField("title", weight=6.0, snippet_chars=160),
        TextField("summary", weight=3.0),
        # Taxonomy labels and place names in all four languages, so a Thai query for PM2.5 or
        # "Hà Nội" finds an English page tagged with them.
        TextField("topics", weight=2.5, translated=False, highlight=False),
        TextField("places", weight=2.0, translated=False, highlight=False),
        TextField("body", weight=1.0, snippet_chars=220),
        # The words inside the PDFs and other files the page links (a forum report's report), in
        # whatever language the file is written: found, but below the page's own text.
        TextField("files", weight=0.8, translated=False, snippet_chars=220),
    )
    keyword_fields = (
        KeywordField("type"),
        KeywordField("country"),
        KeywordField("city"),
        KeywordField("theme"),
        KeywordField("pollutant"),
        KeywordField("sector"),
        KeywordField("action"),
        KeywordField("year"),
    )
    sortable_fields = (SortableField("date", kind="date"), SortableField("title"))
    facets = ("type", "country", "city", "theme", "pollutant", "sector", "action", "year", "language")
    label_models = (Theme, Pollutant, Sector, Action, City, Country)
    # Every page here is about what cities do for clean air: "city" in a question ("what can a city
    # do about diesel trucks", "thành phố nào có xe buýt điện") says where to look, not what to
    # find. Required, it ranked every page naming cities (city action plans, a training's "Thành
    # phố: Seoul") above the page about the trucks or buses; in Vietnamese it even counted twice
    # in a relaxed answer (two syllables, two words). It still adds to the score where it occurs,
    # and a query of city words only is searched as it is (portal.search.stopwords).
    collection_words = ("city", "cities", "thành phố", "kota", "เมือง")
    # Hybrid search embeds, per language, the title and the summary: what a page is about.
    semantic_fields = ("title", "summary")

    def get_queryset(self) -> QuerySet:
        return Page.objects.live().public().type(*self.models)

    def indexable_objects(self, chunk_size: int = 500):
        return iter_live_knowledge_pages(models=self.models)

    def get_object(self, model: type, pk: Any) -> Page | None:
        if model not in TYPE_SLUGS:
            return None
        return knowledge_pages(model=model).filter(pk=pk).first()

    def objects_using(self, label: Any) -> list[Page]:
        if isinstance(label, Country):
            where = Q(city__country=label) | Q(partner_cities__country=label)
        elif isinstance(label, City):
            where = Q(city=label) | Q(partner_cities=label)
        else:
            relation = dict(TAXONOMY_BY_MODEL)[type(label)]
            where = Q(**{relation: label})
        pages: list[Page] = []
        for model in self.models:
            pages.extend(model.objects.live().filter(where).distinct().only("pk"))
        return pages

    def documents(self) -> Iterator[dict[str, Any]]:
        # A rebuild asks for the site root once, not once per page (5,000 pages: 5,000 queries).
        root_path = _site_root_path()
        for page in self.indexable_objects():
            yield self._document(page, root_path)

    def to_document(self, page: Page) -> dict[str, Any]:
        return self._document(page, _site_root_path())

    def _document(self, page: Page, root_path: str) -> dict[str, Any]:
        cities = [city for city in [page.city, *page.partner_cities.all()] if city is not None]
        terms = {name: list(getattr(page, relation).all()) for name, relation in TAXONOMY}
        titles = translations(page, "title")
        document: dict[str, Any] = {
            "id": str(page.pk),
            "type": TYPE_SLUGS[page.specific_class],
            "language": list(titles),
            "path": "/" + page.url_path[len(root_path) :].lstrip("/"),
            "year": [str(page.year)] if page.year else [],
            "date": _page_date(page),
            "title": page.title_en or page.title,
            "city": [city.slug for city in cities],
            "country": sorted({city.country.code for city in cities}),
            "city_names": {
                language: translations(page.city, "name").get(language, "") for language in language_codes()
            }
            if page.city
            else {},
            "titles": titles,
            "summaries": translations(page, "summary"),
        }
        for name, _relation in TAXONOMY:
            document[name] = [term.slug for term in terms[name]]
        for language, title in titles.items():
            document[f"title_{language}"] = title
        for language, summary in document["summaries"].items():
            document[f"summary_{language}"] = summary
        for language in language_codes():
            body = " ".join(
                plain_text(localized_value(page, field, language))
                for field in page.reader_fields
                if field not in {"title", "summary"}
            ).strip()
            if body:
                document[f"body_{language}"] = body
        linked = [
            pk
            for language in language_codes()
            for field in page.reader_fields
            for pk in linked_document_ids(localized_value(page, field, language))
        ]
        files = texts_of(linked)
        if files:
            document["files"] = files
        document["topics"] = " ".join(
            str(label)
            for items in terms.values()
            for term in items
            for label in translations(term, "name").values()
        )
        document["places"] = " ".join(
            label
            for item in [*cities, *{city.country for city in cities}]
            for label in translations(item, "name").values()
        )
        return document


def _page_date(page: Page) -> str:
    start = getattr(page, "start", None)
    moment = start or page.first_published_at or page.last_published_at
    if moment:
        return moment.date().isoformat()
    return f"{page.year}-01-01" if page.year else ""


def present_knowledge_hit(hit: Hit, language: str) -> dict[str, Any]:
    """One knowledge result as the API answers it and the search page shows it."""
    document = hit.document
    titles: dict[str, str] = document.get("titles") or {}
    title_language = (
        language if language in titles else ("en" if "en" in titles else next(iter(titles), "en"))
    )
    summaries: dict[str, str] = document.get("summaries") or {}
    summary = summaries.get(language) or summaries.get("en") or ""
    city_names: dict[str, str] = document.get("city_names") or {}
    written_in = document.get("language") or []
    note = ""
    if language not in written_in and written_in:
        names = ", ".join(language_name(code) for code in written_in)
        note = _("Not yet available in your language; written in %(languages)s.") % {"languages": names}
    return {
        "type": document.get("type"),
        "type_label": str(TYPE_LABELS.get(document.get("type", ""), "")),
        "title": titles.get(title_language) or document.get("title", ""),
        "title_language": title_language,
        "url": f"/{language}{document.get('path', '/')}",
        "summary": summary,
        "language": title_language,
        "languages": written_in,
        "language_note": note,
        "city": city_names.get(language) or city_names.get("en") or "",
        "city_slug": (document.get("city") or [None])[0],
        "country": (document.get("country") or [None])[0],
        "countries": document.get("country") or [],
        "year": int(document["year"][0]) if document.get("year") else None,
        "highlights": hit.highlights,
        # The best passage to show under the title (already HTML-escaped, matches in <mark>).
        "snippet": hit.highlights.get("summary")
        or hit.highlights.get("body")
        or hit.highlights.get("files")
        or "",
    }


# The knowledge-type slugs, as a type the API answers and describes.
KnowledgeType = Literal[tuple(TYPE_SLUGS.values())]  # type: ignore[valid-type]


class KnowledgeResult(BaseModel):
    """One page of the library as the API answers it."""

    type: KnowledgeType
    type_label: str
    title: str = Field(description="In the language asked for, else English, else any")
    title_language: str
    url: str = Field(description="Path of the page in the language asked for")
    summary: str
    language: str
    languages: list[str] = Field(description="Languages the page is written in")
    language_note: str = Field(description="Says so when the page is not in the language asked for")
    city: str
    city_slug: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2 code of the page's city")
    countries: list[str]
    year: int | None
    highlights: dict[str, str] = Field(description="HTML-escaped passages per field, matches in <mark>")
    snippet: str


# The section index pages' filters (knowledge.selectors) and the type of page.
KNOWLEDGE_FILTERS = (
    Filter(
        "type",
        gettext_lazy("Type"),
        choices=lambda: {slug: str(label) for slug, label in TYPE_LABELS.items()},
    ),
    *PLACE_AND_TOPIC_FILTERS,
    YEAR_FILTER,
    AVAILABLE_IN_FILTER,
)

register(KnowledgeDocuments())
register_spec(
    SearchSpec(
        document_type="knowledge",
        filters=KNOWLEDGE_FILTERS,
        present=present_knowledge_hit,
        sorts={"relevance": "relevance", "date": "-date", "title": "title"},
        result_model=KnowledgeResult,
        page_group=PageGroup(
            scope="practices",
            label=gettext_lazy("Practices and reports"),
            hit_template="search/knowledge_hit.html",
            order=10,  # first on the search page
        ),
        api=ApiOperation(
            path="/knowledge",
            summary="Search case studies, training materials and forum reports",
            order=20,  # after /experts in the API description
        ),
        pick=PickTarget(column="page_id", page_types=tuple(model._meta.label for model in TYPE_SLUGS)),
    )
)
