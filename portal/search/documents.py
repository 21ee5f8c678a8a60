"""What gets indexed: one DocumentType declaration per kind of searchable thing, and a registry.

Why declarations: both engines (embedded tantivy and Meilisearch) are configured from the same
description of an index, and the code that knows a model (an app's ``search.py``) is the only
code that turns its objects into documents. Engines never import models; models never import
engines, and this package names no app: each registers its declarations when it loads.

A document is a flat, JSON-ready dict:

- ``id``: str, unique within the index (``DocumentType.document_id``).
- ``language``: list of the language codes the content exists in (``["en", "th"]``).
- translated text: ``{field}_{lang}`` per language the text exists in (``title_en``,
  ``title_th``); ISO codes (``id`` for Bahasa Indonesia, never modeltranslation's ``_ind``).
- untranslated text: ``{field}`` (e.g. a person's ``name``).
- keyword fields: ``{field}``: a list of slugs / ISO codes (a single str is accepted too).
- sortable fields: ``{field}``: str, number, or ISO 8601 date/datetime string for ``date``.
- anything else: stored as it is and handed back in each hit for display (URLs, image URLs…).
  Never put member-only data in a document: any visitor can retrieve every stored key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from portal.i18n import language_codes, localized_field

__all__ = [
    "DocumentType",
    "KeywordField",
    "SortableField",
    "TextField",
    "autodiscover",
    "document_type_for_model",
    "document_types",
    "document_types_for_model",
    "get_document_type",
    "iter_chunks",
    "localized_columns",
    "localized_values",
    "register",
    "site_languages",
    "translations",
    "unregister",
]


@dataclass(frozen=True)
class TextField:
    """Full-text field. ``weight`` boosts matches in it (title above summary above body).

    ``translated`` fields appear in documents as ``{name}_{lang}``; others as ``{name}`` and are
    analysed for every script. ``highlight`` asks for a snippet of at most ``snippet_chars``.
    """

    name: str
    weight: float = 1.0
    translated: bool = True
    highlight: bool = True
    snippet_chars: int = 200


@dataclass(frozen=True)
class KeywordField:
    """Exact-value field (slugs, ISO codes), possibly multi-valued: used by filters and facets."""

    name: str


@dataclass(frozen=True)
class SortableField:
    """A field results can be sorted by; ``kind`` says how its values compare.

    ``string`` sorts case- and accent-insensitively, ``number`` numerically, ``date`` by the ISO
    8601 date or datetime it holds. Documents without a value sort last in either direction.
    """

    name: str
    kind: Literal["string", "number", "date"] = "string"


def site_languages() -> tuple[str, ...]:
    """The portal's language codes (``settings.LANGUAGES``), English first."""
    return language_codes()


class DocumentType:
    """Declares one index: its fields, its objects, and how an object becomes a document.

    Subclass it next to the models and register an instance::

        class ArticleDocuments(DocumentType):
            name = "articles"
            models = (Article,)
            text_fields = (TextField("title", 5, highlight=True), ...)
            keyword_fields = (KeywordField("country"), KeywordField("topic"))
            sortable_fields = (SortableField("title"),)
            facets = ("country", "topic")

            def get_queryset(self): return Article.objects.filter(status="published")
            def to_document(self, obj): ...

        register(ArticleDocuments())

    (its request contract and place on the page and in the API: a SearchSpec, see
    portal.search.requests.register_spec)

    ``text_fields`` are listed in ranking order, most important first; their ``weight`` is the
    boost an engine gives a match in that field.
    """

    name: ClassVar[str] = ""
    models: ClassVar[tuple[type[models.Model], ...]] = ()
    text_fields: ClassVar[tuple[TextField, ...]] = ()
    keyword_fields: ClassVar[tuple[KeywordField, ...]] = ()
    sortable_fields: ClassVar[tuple[SortableField, ...]] = ()
    facets: ClassVar[tuple[str, ...]] = ()
    # Models whose labels documents copy (taxonomy terms, cities): when one is saved, the objects
    # that use it are indexed again, so a relabelled term is found under its new name.
    label_models: ClassVar[tuple[type[models.Model], ...]] = ()
    # Words that name the collection itself, as readers add them to a query ("air quality expert
    # Hanoi" in the directory): they never filter a document out (see portal.search.stopwords).
    collection_words: ClassVar[tuple[str, ...]] = ()
    # Text fields (by name) whose text, per language, makes the passage hybrid search embeds:
    # a title and a summary rather than a whole body (the model reads 512 tokens). Empty: this
    # index is searched by its words only.
    semantic_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.check()

    # -- the declaration -------------------------------------------------------------------

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages translated text fields exist in (the site's languages)."""
        return site_languages()

    def text_field_keys(self) -> list[tuple[TextField, str | None, str]]:
        """Every document key holding full text: (field, language or None, key)."""
        keys: list[tuple[TextField, str | None, str]] = []
        for field in self.text_fields:
            if field.translated:
                keys.extend((field, language, f"{field.name}_{language}") for language in self.languages)
            else:
                keys.append((field, None, field.name))
        return keys

    def keyword_field_names(self) -> tuple[str, ...]:
        """Names of keyword fields, plus ``language`` which every document has."""
        return (*(field.name for field in self.keyword_fields), "language")

    def sortable_field(self, name: str) -> SortableField | None:
        """The sortable field called ``name``, if declared."""
        return next((field for field in self.sortable_fields if field.name == name), None)

    def check(self) -> None:
        """Refuse a declaration engines could not build an index from (at registration time)."""
        if not self.name or not self.name.replace("_", "").replace("-", "").isalnum():
            raise ImproperlyConfigured(f"{type(self).__name__}.name must be letters, digits, - or _")
        names = [key for _, _, key in self.text_field_keys()]
        names += [field.name for field in self.keyword_fields]
        names += [field.name for field in self.sortable_fields]
        reserved = {"id", "language"}
        clashes = {name for name in names if names.count(name) > 1 or name in reserved}
        if clashes:
            raise ImproperlyConfigured(f"{self.name}: field names used twice or reserved: {sorted(clashes)}")
        unknown_semantic = set(self.semantic_fields) - {field.name for field in self.text_fields}
        if unknown_semantic:
            raise ImproperlyConfigured(
                f"{self.name}: semantic_fields must be text fields, not {sorted(unknown_semantic)}"
            )
        unknown = set(self.facets) - set(self.keyword_field_names())
        if unknown:
            raise ImproperlyConfigured(f"{self.name}: facets must be keyword fields, not {sorted(unknown)}")

    # -- objects ---------------------------------------------------------------------------

    def get_queryset(self) -> models.QuerySet:
        """Objects that may be indexed (live / published only). Override for anything but one model."""
        if len(self.models) != 1:
            raise ImproperlyConfigured(f"{type(self).__name__} must define get_queryset() for its models")
        return self.models[0]._default_manager.all()

    def should_index(self, obj: models.Model) -> bool:
        """Whether ``obj`` (already in get_queryset()) belongs in the index; override to exclude."""
        return True

    def to_document(self, obj: models.Model) -> dict[str, Any]:
        """The document for ``obj`` (see the module docstring for the conventions)."""
        raise NotImplementedError(f"{type(self).__name__} must define to_document()")

    def semantic_extras(self, document: dict[str, Any], language: str) -> list[str]:
        """Text beyond ``semantic_fields`` that the ``language`` passage of ``document`` embeds.

        What a reader searches for is not always a text field of its own language: an expert's
        skills (written once, in one language) and topic labels (kept in every language in one
        field) are what a Thai or Vietnamese query about a skill must reach by meaning. Only text
        already in the document (so visitor-safe) belongs here. None by default.
        """
        return []

    def objects_using(self, label: models.Model) -> Iterable[models.Model]:
        """The indexed objects whose documents carry ``label`` (an instance of a label model)."""
        return ()

    def document_id(self, model: type[models.Model], pk: Any) -> str:
        """The id of the document for object ``pk`` of ``model``, computable after deletion.

        The primary key by default; override when several models share an index and their
        keys could collide (Wagtail pages cannot: they share one key space).
        """
        return str(pk)

    def get_object(self, model: type[models.Model], pk: Any) -> models.Model | None:
        """The object to index for ``pk`` of ``model``, or None when it must not be in the index."""
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None or not self.should_index(obj):
            return None
        return obj

    def indexable_objects(self, chunk_size: int = 500) -> Iterator[models.Model]:
        """Every object the index should hold, streamed from the database."""
        for obj in self.get_queryset().iterator(chunk_size=chunk_size):
            if self.should_index(obj):
                yield obj

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every document the index should hold (what a rebuild writes)."""
        for obj in self.indexable_objects():
            yield self.to_document(obj)

    def handles(self, model: type[models.Model]) -> bool:
        """Whether objects of ``model`` (or a subclass of a declared model) become documents here."""
        return any(issubclass(model, declared) for declared in self.models)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def translations(obj: Any, attribute: str) -> dict[str, str]:
    """``{lang: text}`` for every site language in which ``obj.attribute`` has text.

    Reads modeltranslation's columns (``title_en``, ``title_ind``…) through
    ``portal.i18n.localized_field`` and keys the result by ISO code (``id``). Missing translations
    are left out, so no English text is indexed or shown as Thai.
    """
    values: dict[str, str] = {}
    for language, column in localized_columns(attribute, site_languages()):
        value = getattr(obj, column, None)
        if value:
            values[language] = str(value)
    return values


@lru_cache(maxsize=256)
def localized_columns(attribute: str, languages: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``(language, column)`` for ``attribute`` in each language, worked out once: a rebuild
    asks for the same few attributes hundreds of thousands of times."""
    return tuple((language, localized_field(attribute, language)) for language in languages)


def localized_values(obj: Any, attribute: str, *, key: str | None = None) -> dict[str, str]:
    """``{"{key}_{lang}": text}`` for every site language in which ``obj.attribute`` has text:
    the document keys of a translated text field."""
    key = key or attribute
    return {f"{key}_{language}": value for language, value in translations(obj, attribute).items()}


_registry: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> DocumentType:
    """Add ``document_type`` to the registry (idempotent for the same instance); returns it."""
    existing = _registry.get(document_type.name)
    if existing is not None and existing is not document_type:
        raise ImproperlyConfigured(f"a document type named {document_type.name!r} is already registered")
    _registry[document_type.name] = document_type
    return document_type


def unregister(name: str) -> None:
    """Remove a document type (tests register throw-away types)."""
    _registry.pop(name, None)


def get_document_type(name: str) -> DocumentType:
    """The registered document type called ``name`` (KeyError names the known ones)."""
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"no search document type {name!r}; known: {sorted(_registry)}") from None


def document_types() -> list[DocumentType]:
    """Every registered document type, by name."""
    return [_registry[name] for name in sorted(_registry)]


def document_types_for_model(model: type[models.Model]) -> list[DocumentType]:
    """Every document type whose documents come from ``model`` (or one of its parents)."""
    return [document_type for document_type in document_types() if document_type.handles(model)]


def document_type_for_model(model: type[models.Model]) -> DocumentType | None:
    """The document type for ``model``, preferring one that declares it exactly; None if none."""
    candidates = document_types_for_model(model)
    for document_type in candidates:
        if model in document_type.models:
            return document_type
    return candidates[0] if candidates else None


def autodiscover() -> list[DocumentType]:
    """Import ``<app>.search`` of every project app (not third-party ones) so it can register.

    Called from the portal's AppConfig.ready(), like the admin's autodiscovery; returns what
    is registered afterwards.
    """
    import importlib
    import importlib.util
    from pathlib import Path

    from django.apps import apps

    base_dir = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        app_path = Path(app_config.path).resolve()
        # The virtual environment may live inside the project: its packages are not ours.
        if not app_path.is_relative_to(base_dir) or "site-packages" in app_path.parts:
            continue
        module_name = f"{app_config.name}.search"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name)
    return document_types()


def iter_chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last may be shorter), for batched index writes."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
