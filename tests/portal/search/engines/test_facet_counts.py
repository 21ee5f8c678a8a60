"""Facet counts are exact: every filtered facet counted in one walk, or a broad search counted over
the documents it leaves out, gives what counting each matching document by hand gives,
multi-valued keywords and unusual values included."""

import random
from collections import Counter

import pytest

from portal.search.engines.embedded import EmbeddedEngine, facets
from portal.search.engines.embedded.facets import FacetCounting
from portal.search.query import SearchQuery
from tests.portal.search.conftest import ArticleDocuments, article

# Values a query string would misread unless quoted and escaped.
COUNTRIES = ["VN", "TH", "ID", 'say "hi"', "back\\slash", "Hà Nội", "k:v", "AND"]
ACTIONS = ["monitoring", "open-burning", "clean air (plan)", "it's", "transport"]
KINDS = ["case-study", "forum-report", "toolkit"]
WORDS = ["monsoon", "bicycle", "furnace", "harbour"]


def generated(count: int) -> list[dict]:
    rng = random.Random(24)
    return [
        article(
            f"doc-{number}",
            title_en=" ".join(rng.sample(WORDS, rng.randint(1, 2))),
            country=rng.sample(COUNTRIES, rng.randint(0, 3)),
            action=rng.sample(ACTIONS, rng.randint(1, 2)),
            kind=rng.choice(KINDS),
        )
        for number in range(count)
    ]


DOCUMENTS = generated(150)
FACETS = ["country", "action", "kind"]


@pytest.fixture
def indexed(tmp_path) -> EmbeddedEngine:
    engine = EmbeddedEngine(index_dir=tmp_path / "index", facet_cache_size=0)
    engine.index_documents(ArticleDocuments(), DOCUMENTS)
    return engine


def matching_ids(engine: EmbeddedEngine, text: str) -> set[str]:
    """Every document the words find, page by page, without filters."""
    found: set[str] = set()
    page = 1
    while True:
        result = engine.search(ArticleDocuments(), SearchQuery(text=text, page=page, page_size=100))
        found |= {hit.id for hit in result.hits}
        if len(found) >= result.total or not result.hits:
            return found
        page += 1


def by_hand(engine: EmbeddedEngine, text: str, filters: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Each facet counted over the matching documents that pass every filter but its own."""
    matched = matching_ids(engine, text)

    def values(document: dict, name: str) -> list[str]:
        value = document.get(name, [])
        return [value] if isinstance(value, str) else value

    counts = {}
    for name in FACETS:
        passing = [
            document
            for document in DOCUMENTS
            if document["id"] in matched
            and all(
                set(values(document, key)) & set(wanted) for key, wanted in filters.items() if key != name
            )
        ]
        counts[name] = dict(Counter(value for document in passing for value in set(values(document, name))))
    return counts


CASES = [
    ("", {}),
    ("monsoon", {}),
    ("", {"country": ["VN"]}),
    ("monsoon", {"country": ['say "hi"', "back\\slash"]}),
    ("bicycle", {"country": ["Hà Nội"], "action": ["clean air (plan)"]}),
    ("", {"country": ["k:v", "AND"], "action": ["it's"], "kind": ["toolkit"]}),
    ("harbour", {"kind": ["forum-report"], "action": ["monitoring", "transport"]}),
    ("furnace", {"country": ["nowhere"], "kind": ["case-study"]}),  # nothing passes the country filter
    ("zyzzyva", {"country": ["VN"], "kind": ["toolkit"]}),  # no document has the word
]


@pytest.mark.parametrize(("text", "filters"), CASES)
def test_facet_counts_are_those_counted_document_by_document(indexed, text, filters):
    result = indexed.search(ArticleDocuments(), SearchQuery(text=text, filters=filters, facets=FACETS))

    expected = by_hand(indexed, text, filters)
    assert result.facets == {name: counts for name, counts in expected.items()}
    for counts in result.facets.values():
        assert list(counts.values()) == sorted(counts.values(), reverse=True)  # commonest first


@pytest.mark.parametrize(("text", "filters"), CASES)
def test_one_walk_gives_the_counts_and_order_of_a_walk_per_filtered_facet(
    indexed, text, filters, monkeypatch
):
    """The counts the reader sees, values in the same order, whichever way they are counted."""
    query = SearchQuery(text=text, filters=filters, facets=FACETS)
    one_walk = indexed.search(ArticleDocuments(), query).facets

    counted = FacetCounting._facets

    def walk_per_facet(searcher, text, filters, names, *, filter_values=None):
        return counted(searcher, text, filters, names)

    monkeypatch.setattr(FacetCounting, "_facets", staticmethod(walk_per_facet))
    per_facet = indexed.search(ArticleDocuments(), query).facets

    assert {name: list(counts.items()) for name, counts in one_walk.items()} == {
        name: list(counts.items()) for name, counts in per_facet.items()
    }


@pytest.mark.parametrize(
    ("text", "filters"),
    [*CASES, ("bicycle", {}), ("harbour", {}), ("monsoon furnace", {}), ("zyzzyva", {})],
)
def test_a_broad_search_shows_the_same_counts_counted_over_what_it_leaves_out(
    indexed, text, filters, monkeypatch
):
    """A search without filters matching most documents has its facets counted over the
    documents it does not match, taken from every document's counts: the reader sees the same
    counts in the same order (here every search with words and no filter is counted so)."""
    query = SearchQuery(text=text, filters=filters, facets=FACETS)
    over_matches = indexed.search(ArticleDocuments(), query).facets

    monkeypatch.setattr(facets, "BROAD_SHARE", 0.0)
    left_out = indexed.search(ArticleDocuments(), query).facets

    assert bool(indexed._everything_cache) == bool(text and not filters)  # counted the other way
    assert {name: list(counts.items()) for name, counts in left_out.items()} == {
        name: list(counts.items()) for name, counts in over_matches.items()
    }
    assert left_out == by_hand(indexed, text, filters)


def test_a_new_document_counts_at_once_in_a_broad_search(indexed, monkeypatch):
    monkeypatch.setattr(facets, "BROAD_SHARE", 0.0)
    query = SearchQuery(text="monsoon", facets=FACETS)
    before = indexed.search(ArticleDocuments(), query).facets

    new = article("doc-new", title_en="monsoon", country=["LA"], action=["monitoring"], kind="toolkit")
    indexed.index_documents(ArticleDocuments(), [new])
    after = indexed.search(ArticleDocuments(), query).facets

    assert "LA" not in before["country"]
    assert after["country"]["LA"] == 1
    assert after["kind"]["toolkit"] == before["kind"].get("toolkit", 0) + 1
