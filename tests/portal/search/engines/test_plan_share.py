"""The share of the documents a plan's words match (planning._Plan.share) is counted only where
it is read: facet counting of a search without filters. Filtered searches, searches without
facets and searches whose counts are known never walk the matches for it; a plan counts it once
however often (and from however many threads) it is asked."""

import threading

import pytest

from portal.search.engines.embedded import EmbeddedEngine, facets, planning
from portal.search.engines.embedded.typo_matching import TypoTerms
from portal.search.query import SearchQuery
from tests.portal.search.conftest import ArticleDocuments, article

FACETS = ["country", "kind"]
DOCUMENTS = [
    article(
        f"doc-{number}",
        title_en="monsoon harbour" if number % 4 else "bicycle",
        country=["VN"] if number % 2 else ["TH"],
        kind="toolkit" if number % 3 else "case-study",
    )
    for number in range(40)
]


@pytest.fixture
def indexed(tmp_path) -> EmbeddedEngine:
    engine = EmbeddedEngine(index_dir=tmp_path / "index", facet_cache_size=0)
    engine.index_documents(ArticleDocuments(), DOCUMENTS)
    return engine


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    """How many times a share was counted (TypoTerms.count: its only caller)."""
    calls: list[int] = []
    original = TypoTerms.count

    def counting(self, query):
        found = original(self, query)
        calls.append(found)
        return found

    monkeypatch.setattr(TypoTerms, "count", counting)
    return calls


def test_a_filtered_search_does_not_count_the_share(indexed, counted):
    query = SearchQuery(text="monsoon", filters={"country": ["VN"]}, facets=FACETS)

    result = indexed.search(ArticleDocuments(), query)

    assert result.total == 20  # the odd numbers: none divisible by 4
    assert result.facets["kind"]
    assert counted == []


def test_a_search_without_facets_does_not_count_the_share(indexed, counted):
    result = indexed.search(ArticleDocuments(), SearchQuery(text="monsoon"))

    assert result.total == 30
    assert counted == []


def test_a_broad_search_counts_its_share_once_per_plan(indexed, counted):
    query = SearchQuery(text="monsoon", facets=FACETS)

    first = indexed.search(ArticleDocuments(), query)
    paged = SearchQuery(text="monsoon", facets=FACETS, page=2, page_size=5)
    again = indexed.search(ArticleDocuments(), paged)

    assert counted == [30]  # 30 of 40 documents: counted over what the words leave out
    assert indexed._everything_cache
    expected = {"country": {"VN": 20, "TH": 10}, "kind": {"toolkit": 20, "case-study": 10}}
    assert first.facets == expected
    assert again.facets == expected


def test_a_narrow_search_counts_its_matches_the_plain_way(indexed, counted):
    result = indexed.search(ArticleDocuments(), SearchQuery(text="bicycle", facets=FACETS))

    assert counted == [10]
    assert not indexed._everything_cache  # below BROAD_SHARE: counted over its matches
    assert result.facets == {"country": {"TH": 10}, "kind": {"case-study": 4, "toolkit": 6}}


def test_a_new_searcher_counts_the_share_afresh(indexed, counted):
    query = SearchQuery(text="monsoon", facets=FACETS)
    indexed.search(ArticleDocuments(), query)

    extra = [
        article(f"new-{number}", title_en="monsoon", country=["LA"], kind="toolkit") for number in range(10)
    ]
    indexed.index_documents(ArticleDocuments(), extra)
    result = indexed.search(ArticleDocuments(), query)

    assert counted == [30, 40]
    assert result.facets["country"] == {"VN": 20, "TH": 10, "LA": 10}


def test_threads_asking_at_once_count_the_share_once(indexed, counted, monkeypatch):
    monkeypatch.setattr(facets, "BROAD_SHARE", 0.0)
    opened, searcher, _ = indexed._versioned_searcher(ArticleDocuments())
    plan = indexed._text_plan(opened.layout, "harbour", typos=indexed._typo_terms(opened, searcher))
    start = threading.Barrier(8)
    shares: list[float] = []

    def ask() -> None:
        start.wait()
        shares.append(plan.share())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert shares == [0.75] * 8
    assert counted == [30]


def test_a_plan_built_without_a_searcher_has_no_share(indexed, counted):
    opened, _searcher, _ = indexed._versioned_searcher(ArticleDocuments())

    plan = indexed._text_plan(opened.layout, "monsoon", guesses=False)

    assert plan.share() == 0.0
    assert counted == []


def test_plans_as_typed_do_not_push_out_the_plans_with_guesses(indexed, monkeypatch):
    """Hybrid search asks an "as typed" plan beside most plans: kept in one list, a mix of texts
    larger than half the list rebuilt every plan (its typo lists, verdicts and share) each time."""
    monkeypatch.setattr(planning, "PLAN_CACHE_SIZE", 2)
    opened, searcher, _ = indexed._versioned_searcher(ArticleDocuments())
    typos = indexed._typo_terms(opened, searcher)
    first = [indexed._text_plan(opened.layout, text, typos=typos) for text in ("monsoon", "harbour")]

    typed = [indexed._text_plan(opened.layout, text, guesses=False) for text in ("bicycle", "monsoon")]
    again = [indexed._text_plan(opened.layout, text, typos=typos) for text in ("monsoon", "harbour")]

    assert [a is b for a, b in zip(first, again, strict=True)] == [True, True]
    assert typed[1] is not first[0] and not typed[1].guesses
    assert typed[0] is indexed._text_plan(opened.layout, "bicycle", guesses=False)
    indexed._text_plan(opened.layout, "furnace", typos=typos)  # a third: the oldest goes
    assert indexed._text_plan(opened.layout, "monsoon", typos=typos) is not first[0]
