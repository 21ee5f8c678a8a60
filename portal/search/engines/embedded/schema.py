"""The tantivy schema a DocumentType declares (``_Layout``), and documents converted to it.

Owns which keys are indexed how (text per analyzer, stems, toned text, keywords, sort keys) and
the schema fingerprint that names an index generation: a changed declaration means a new one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import tantivy

from portal.search import hybrid
from portal.search.documents import DocumentType, TextField
from portal.search.engines.base import SearchEngineError, canonical_json, content_hash, hash_of_canonical
from portal.search.engines.base import epoch_seconds as _epoch_seconds
from portal.search.engines.embedded.analysis import (
    LATIN,
    SEGMENTED,
    SEGMENTED_LANGUAGES,
    STEMMED_EN,
    STEMMED_LANGUAGES,
    TONED,
    TONED_LANGUAGES,
    _analyse,
)
from portal.search.engines.embedded.sorting import order_field, order_key
from portal.search.text import fold, normalise, segment_for_index, stem_indonesian, stem_indonesian_text

if TYPE_CHECKING:
    from portal.search.engines.embedded.planning import _Plan


@dataclass(frozen=True)
class _TextKey:
    field: TextField
    language: str | None
    key: str
    analyzer: str


@dataclass(frozen=True)
class _StemKey:
    """Where the stems of a translated text field in an inflecting language are indexed."""

    source: str
    language: str
    key: str
    analyzer: str
    weight: float

    def index_text(self, value: str) -> str:
        """The text indexed for ``value``: English is stemmed by the analyzer, Indonesian here."""
        return stem_indonesian_text(value) if self.language == "id" else value

    def query_stem(self, word: str) -> str | None:
        """The stem of canonical query ``word`` as this key indexes it (None: no single stem)."""
        if self.language == "id":
            return stem_indonesian(word)
        analysed = _analyse(self.analyzer, word)
        return analysed[0] if len(analysed) == 1 else None


@dataclass
class _Layout:
    """The tantivy schema a DocumentType declares, and how document keys map onto it."""

    document_type: DocumentType
    text: list[_TextKey]
    stems: list[_StemKey]
    schema: tantivy.Schema
    fingerprint: str
    # (text key, its ``_tone_`` key, weight) of the text indexed with marks kept (TONED_LANGUAGES).
    toned: list[tuple[str, str, float]] = field(default_factory=list)
    # (glossary fingerprint, query text) -> its plan, most recently used last. Plans depend only
    # on the schema and the glossary (editors may change it), never on what is indexed, so they
    # outlive commits.
    plans: OrderedDict[tuple[str, ...], _Plan] = field(default_factory=OrderedDict)
    # The plans that find the words only as typed (no typos, no prefix), kept apart: hybrid search
    # asks one beside nearly every plan (MeaningSearch._typed_words_fill_page), and in one list
    # they pushed the dearer plans out (see QueryPlanning._text_plan).
    typed_plans: OrderedDict[tuple[str, ...], _Plan] = field(default_factory=OrderedDict)
    plans_lock: threading.Lock = field(default_factory=threading.Lock)
    # (glossary fingerprint, query text, searcher serial, filters) -> the plan's queries narrowed
    # to those filters (QueryPlanning._narrowed_plan), under plans_lock; kept apart so that the
    # filter sets of a mix do not push out the plain plans (whose first build counts their share).
    narrowed: OrderedDict[tuple[Any, ...], _Plan] = field(default_factory=OrderedDict)

    @classmethod
    def build(cls, document_type: DocumentType) -> _Layout:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("_hash", stored=True, tokenizer_name="raw")
        builder.add_bytes_field("_source", stored=True)
        text: list[_TextKey] = []
        for text_field, language, key in document_type.text_field_keys():
            analyzer = SEGMENTED if language is None or language in SEGMENTED_LANGUAGES else LATIN
            # Segmented text is stored as indexed, for highlighting; other text is in _source.
            builder.add_text_field(key, stored=analyzer == SEGMENTED, tokenizer_name=analyzer)
            text.append(_TextKey(text_field, language, key, analyzer))
        stems: list[_StemKey] = []
        for item in text:
            if item.language in STEMMED_LANGUAGES:
                analyzer = STEMMED_EN if item.language == "en" else LATIN
                stem = _StemKey(item.key, item.language, f"_stem_{item.key}", analyzer, item.field.weight)
                # Frequencies without positions: stems are matched word by word, never as phrases.
                builder.add_text_field(stem.key, tokenizer_name=analyzer, index_option="freq")
                stems.append(stem)
        toned = [
            (item.key, f"_tone_{item.key}", item.field.weight)
            for item in text
            if item.language in TONED_LANGUAGES
        ]
        for _, key, _ in toned:
            builder.add_text_field(key, tokenizer_name=TONED, index_option="freq")
        for name in document_type.keyword_field_names():
            builder.add_text_field(name, tokenizer_name="raw", fast=True)
        for sortable in document_type.sortable_fields:
            key = f"_sort_{sortable.name}"
            if sortable.kind == "string":
                builder.add_text_field(key, tokenizer_name="raw", fast=True)
                # Its order key, so that deep pages sort integers (see sorting.py).
                builder.add_unsigned_field(order_field(sortable.name), fast=True)
            elif sortable.kind == "number":
                builder.add_float_field(key, fast=True)
            else:
                builder.add_integer_field(key, fast=True)
        description = {
            "text": [(item.key, item.analyzer) for item in text],
            "stems": [(item.key, item.analyzer) for item in stems],
            "toned": [key for _, key, _ in toned],
            "keywords": list(document_type.keyword_field_names()),
            "sort": [(item.name, item.kind) for item in document_type.sortable_fields],
            # 3: the u64 order key beside each text sort key (a rebuild writes it).
            "version": 3,
        }
        return cls(document_type, text, stems, builder.build(), content_hash(description)[:12], toned)

    def to_tantivy(self, document: dict[str, Any]) -> tantivy.Document:
        """The tantivy document for ``document`` (which must have an ``id``)."""
        document, _ = hybrid.split_vectors(document)  # vectors go to the vector store
        doc_id = document.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise SearchEngineError(f"{self.document_type.name}: every document needs a non-empty str id")
        doc = tantivy.Document()
        doc.add_text("id", doc_id)
        # The stored source is the canonical JSON the hash is taken of: one serialisation, not two.
        source = canonical_json(document)
        doc.add_text("_hash", hash_of_canonical(source))
        doc.add_bytes("_source", source)
        for item in self.text:
            for value in _strings(document.get(item.key)):
                doc.add_text(item.key, segment_for_index(value) if item.analyzer == SEGMENTED else value)
        for stem in self.stems:
            for value in _strings(document.get(stem.source)):
                doc.add_text(stem.key, stem.index_text(value))
        for source_key, key, _ in self.toned:
            for value in _strings(document.get(source_key)):
                doc.add_text(key, normalise(value))
        for name in self.document_type.keyword_field_names():
            for value in _strings(document.get(name)):
                doc.add_text(name, value)
        for sortable in self.document_type.sortable_fields:
            value = document.get(sortable.name)
            if value is None or value == "":
                continue
            key = f"_sort_{sortable.name}"
            if sortable.kind == "string":
                text = fold(normalise(str(value)))
                doc.add_text(key, text)
                doc.add_unsigned(order_field(sortable.name), order_key(text))
            elif sortable.kind == "number":
                doc.add_float(key, float(value))
            else:
                doc.add_integer(key, _epoch_seconds(value))
        return doc


def _strings(value: Any) -> Iterator[str]:
    if value is None:
        return
    values = value if isinstance(value, list | tuple | set) else [value]
    for item in values:
        if item is not None and str(item) != "":
            yield str(item)
