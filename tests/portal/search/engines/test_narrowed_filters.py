"""Words narrowed to selective filters (planning.NARROW_SHARE) answer exactly what the words
under the filters answer: the same hits in the same order with the same scores, totals, facet
counts (each facet still leaving its own filter out), highlights and relaxed answers."""

import random

import pytest

from portal.search.engines.embedded import EmbeddedEngine, planning
from portal.search.query import SearchQuery
from tests.portal.search.conftest import ArticleDocuments, article

COUNTRIES = ["VN", "TH", "ID", "PH", "Hà Nội"]
ACTIONS = ["monitoring", "open-burning", "transport"]
KINDS = ["case-study", "forum-report", "toolkit"]
WORDS = ["monsoon", "monitoring", "bicycle", "furnace", "harbour", "haze", "clean", "air"]


def generated(count: int) -> list[dict]:
    rng = random.Random(15)
    return [
        article(
            f"doc-{number}",
            title_en=" ".join(rng.sample(WORDS, rng.randint(1, 3))),
            summary_en=" ".join(rng.choices(WORDS, k=rng.randint(2, 8))),
            author=rng.choice(["Lan Nguyen", "Somchai", "Budi", "Maria"]),
            country=rng.sample(COUNTRIES, rng.randint(0, 2)),
            action=rng.sample(ACTIONS, rng.randint(1, 2)),
            kind=rng.choice(KINDS),
            name=f"name {rng.randint(0, 999):03d}",
        )
        for number in range(count)
    ]


ARTICLES = ArticleDocuments()
FACETS = ["country", "action", "kind", "language"]
QUERIES = [
    SearchQuery(text="clean air", filters={"country": ["VN"]}, facets=FACETS),
    SearchQuery(text="clean air", filters={"country": ["VN"], "kind": ["toolkit"]}, facets=FACETS),
    SearchQuery(
        text="monsoon haze", filters={"country": ["Hà Nội", "PH"]}, facets=FACETS, page=2, page_size=5
    ),
    SearchQuery(text="harbor", filters={"kind": ["case-study"]}, facets=FACETS),  # a typo
    SearchQuery(text="furn", filters={"action": ["transport"]}, facets=FACETS),  # a prefix
    SearchQuery(text="bicycle monsoon zyzzyva", filters={"country": ["TH"]}, facets=FACETS),  # relaxed
    SearchQuery(text="clean haze", filters={"country": ["ID"]}, facets=FACETS, sort="name"),
    SearchQuery(text="budi air", filters={"country": ["nowhere"]}, facets=FACETS),  # nothing passes
]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> EmbeddedEngine:
    engine = EmbeddedEngine(index_dir=tmp_path_factory.mktemp("narrowed") / "index", facet_cache_size=0)
    engine.index_documents(ARTICLES, generated(400))
    return engine


def answered(engine: EmbeddedEngine, query: SearchQuery) -> tuple:
    engine._searcher(ARTICLES)[0].layout.narrowed.clear()  # decided afresh under NARROW_SHARE
    result = engine.search(ARTICLES, query)
    hits = [(hit.id, hit.score, hit.highlights) for hit in result.hits]
    facets = {name: list(counts.items()) for name, counts in result.facets.items()}
    return hits, result.total, facets, result.matched_all_words


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: f"{query.text}-{sorted(query.filters)}")
def test_narrowed_words_answer_what_the_words_under_the_filters_answer(indexed, query, monkeypatch):
    monkeypatch.setattr(planning, "NARROW_SHARE", -1.0)  # never narrowed
    plain = answered(indexed, query)
    monkeypatch.setattr(planning, "NARROW_SHARE", 1.0)  # always narrowed
    narrowed = answered(indexed, query)

    assert narrowed == plain
    layout = indexed._searcher(ARTICLES)[0].layout
    plain_plan = indexed._text_plan(
        layout, query.text, typos=indexed._typo_terms(*indexed._searcher(ARTICLES))
    )
    kept = [plan for key, plan in layout.narrowed.items() if key[1] == query.text]
    assert kept and kept[-1].query is not plain_plan.query  # the narrowed queries answered


def test_the_same_words_under_other_filters_are_narrowed_to_those(indexed, monkeypatch):
    """A narrowed plan is kept per filter set: another set never reads the first set's documents."""
    monkeypatch.setattr(planning, "NARROW_SHARE", 1.0)
    first = indexed.search(ARTICLES, SearchQuery(text="clean air", filters={"country": ["VN"]}))
    other = indexed.search(ARTICLES, SearchQuery(text="clean air", filters={"country": ["TH"]}))

    assert first.total and other.total
    assert all("VN" in hit.document["country"] for hit in first.hits)
    assert all("TH" in hit.document["country"] for hit in other.hits)


def test_filters_keeping_most_documents_are_not_narrowed(indexed, monkeypatch):
    """Narrowing costs a query per term; filters that keep most documents would not repay it."""
    monkeypatch.setattr(planning, "NARROW_SHARE", 0.2)
    indexed._searcher(ARTICLES)[0].layout.narrowed.clear()
    query = SearchQuery(text="monsoon", filters={"action": ["monitoring", "open-burning", "transport"]})
    indexed.search(ARTICLES, query)

    layout = indexed._searcher(ARTICLES)[0].layout
    kept = [plan for key, plan in layout.narrowed.items() if key[1] == "monsoon"]
    plain = indexed._text_plan(layout, "monsoon", typos=indexed._typo_terms(*indexed._searcher(ARTICLES)))
    assert kept and kept[-1].query is plain.query
