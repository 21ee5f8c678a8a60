"""Measure Thai misspelling handling: none, index-vocabulary correction, character n-grams.

Not part of the suite (the name does not start with test_): run it explicitly to see the figures,
    .venv/bin/pytest -s -p no:xdist tests/search_behaviour/measure_thai_typos.py
over the demo content and tests/search_behaviour/thai_misspellings.py. The n-gram variant is an in-memory
tantivy index of each document's Thai text as character 2-3-grams, queried with the query's
trigrams OR-ed, top 3 by BM25.
"""

import time
from io import StringIO

import pytest
import tantivy
from django.core.management import call_command

from portal.search import text as text_module
from portal.search.documents import get_document_type
from portal.search.engines.embedded import thai as embedded_thai
from portal.search.query import SearchQuery
from tests.search_behaviour.relevance import RELEVANCE_SET
from tests.search_behaviour.test_relevance import result_slug
from tests.search_behaviour.thai_misspellings import THAI_MISSPELLINGS

pytestmark = pytest.mark.django_db


def top3(engine, collection, text):
    result = engine.search(get_document_type(collection), SearchQuery(text=text, language="th", page_size=3))
    return [result_slug(hit.document) for hit in result.hits]


def test_measure(search_engine, site, monkeypatch):
    call_command("load_demo", stdout=StringIO())
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    correct_queries = [(t, c, e) for lang, t, c, e in RELEVANCE_SET if lang == "th"]

    found = sum(expected in top3(search_engine, c, q) for q, c, expected, _ in THAI_MISSPELLINGS)
    print(f"\ncorrection: misspellings top-3 {found}/{len(THAI_MISSPELLINGS)}")
    for q, c, expected, _slip in THAI_MISSPELLINGS:
        opened = search_engine._live(get_document_type(c))
        _, searcher, version = search_engine._versioned_searcher(get_document_type(c))
        vocab = search_engine._thai_vocabulary(opened, searcher, version)
        vocab.corrections.clear()  # time the correction itself, not the cache
        started = time.perf_counter()
        corrected = text_module.correct_thai(q, vocab)
        took = (time.perf_counter() - started) * 1000
        print(f"  {q} -> {corrected} ({took:.2f} ms) {expected in top3(search_engine, c, q)}")
    ok = sum(e in top3(search_engine, c, t) for t, c, e in correct_queries)
    print(f"correction: correct queries top-3 {ok}/{len(correct_queries)}")
    changed = []
    for t, c, _ in correct_queries:
        opened = search_engine._live(get_document_type(c))
        _, searcher, version = search_engine._versioned_searcher(get_document_type(c))
        vocab = search_engine._thai_vocabulary(opened, searcher, version)
        if text_module.correct_thai(t, vocab) != t:
            changed.append((t, text_module.correct_thai(t, vocab)))
    print(f"correct queries changed by correction: {changed}")
    for c in ("knowledge", "experts"):
        opened = search_engine._live(get_document_type(c))
        _, searcher, version = search_engine._versioned_searcher(get_document_type(c))
        started = time.perf_counter()
        opened.vocabulary = None
        vocab = search_engine._thai_vocabulary(opened, searcher, version)
        print(f"vocabulary {c}: {len(vocab)} words, read in {(time.perf_counter() - started) * 1000:.1f} ms")

    ood = ["สูตรต้มยำกุ้ง", "ผลฟุตบอลเมื่อคืน", "ราคาทองวันนี้"]
    for q in ood:
        print(
            f"out of domain {q}: correction -> {text_module.correct_thai(q, vocab)}, top-3 {top3(search_engine, 'knowledge', q)}"
        )
    # n-grams: every document's Thai text as character 2- and 3-grams, the query's n-grams OR-ed.
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("slug", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", tokenizer_name="ngram23")
    schema = builder.build()
    indexes = {}
    for c in ("knowledge", "experts"):
        index = tantivy.Index(schema)
        index.register_tokenizer(
            "ngram23", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 3, False)).build()
        )
        writer = index.writer()
        hits = search_engine.search(get_document_type(c), SearchQuery(page_size=100)).hits
        for hit in hits:
            thai = " ".join(
                str(v) for k, v in hit.document.items() if isinstance(v, str) and text_module.is_thai(v)
            )
            thai += " " + " ".join(
                str(x)
                for v in hit.document.values()
                if isinstance(v, list)
                for x in v
                if text_module.is_thai(str(x))
            )
            doc = tantivy.Document()
            doc.add_text("slug", result_slug(hit.document))
            doc.add_text("text", thai)
            writer.add_document(doc)
        writer.commit()
        index.reload()
        indexes[c] = index

    def ngram_top3(c, q):
        index = indexes[c]
        analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(3, 3, False)).build()
        grams = [g for g in analyzer.analyze(q) if text_module.is_thai(g)]
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "text", g)) for g in set(grams)]
        )
        searcher = index.searcher()
        return [searcher.doc(a).get_first("slug") for _, a in searcher.search(query, limit=3).hits]

    found = sum(e in ngram_top3(c, q) for q, c, e, _ in THAI_MISSPELLINGS)
    ok = sum(e in ngram_top3(c, t) for t, c, e in correct_queries)
    print(f"trigrams out of domain: {[ngram_top3('knowledge', q) for q in ood]}")
    print(
        f"trigrams: misspellings top-3 {found}/{len(THAI_MISSPELLINGS)}, correct {ok}/{len(correct_queries)}"
    )

    monkeypatch.setattr(embedded_thai, "correct_thai", lambda text, vocabulary: text)
    search_engine._layouts.clear()
    found = sum(expected in top3(search_engine, c, q) for q, c, expected, _ in THAI_MISSPELLINGS)
    print(f"no correction: misspellings top-3 {found}/{len(THAI_MISSPELLINGS)}")
