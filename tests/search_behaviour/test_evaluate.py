"""The relevance figures (tests/search_behaviour/evaluate.py) on outcomes made by hand."""

from collections import Counter

from tests.search_behaviour.evaluate import Outcome, describe_misses, figures, summarise
from tests.search_behaviour.relevance_set import KINDS, LANGUAGES, RELEVANCE_SET, RelevanceQuery


def outcome(
    kind: str, language: str, expected: tuple[str, ...], ranked: tuple[str, ...], total: int
) -> Outcome:
    return Outcome(RelevanceQuery(language, kind, "q", "knowledge", expected), ranked, total)


def test_top3_mrr_and_dead_ends_count_answerable_queries_only():
    outcomes = [
        outcome("name", "en", ("a",), ("a", "b"), 2),  # rank 1
        outcome("name", "en", ("c", "a"), ("b", "x", "a"), 3),  # rank 3: a hit, 1/3
        outcome("name", "th", ("a",), ("b", "c", "d", "a"), 4),  # rank 4: a miss, 1/4
        outcome("name", "th", ("a",), (), 0),  # nothing
        outcome("out_of_domain", "th", (), (), 0),  # rightly nothing
        outcome("out_of_domain", "en", (), ("a",), 1),  # wrongly something
    ]
    overall = figures(outcomes)
    assert overall.answerable == 4
    assert overall.top3 == 0.5
    assert overall.mrr == (1 + 1 / 3 + 1 / 4 + 0) / 4
    assert overall.nothing == 0.25
    assert overall.out_of_domain == 2
    assert overall.out_of_domain_nothing == 0.5

    report = summarise(outcomes)
    assert report.by_kind["name"].top3 == 0.5
    assert report.by_kind["out_of_domain"].top3 is None
    assert report.by_kind["out_of_domain"].out_of_domain_nothing == 0.5
    assert report.by_language["th"].top3 == 0.0 and report.by_language["th"].nothing == 0.5
    assert report.by_language["en"].top3 == 1.0 and report.by_language["en"].out_of_domain_nothing == 0.0
    assert report.by_kind["typo"].answerable == 0 and report.by_kind["typo"].top3 is None


def test_a_result_beyond_the_first_ten_does_not_count():
    ranked = tuple(f"d{number}" for number in range(10))
    assert outcome("name", "en", ("d10",), ranked, 50).reciprocal_rank == 0.0
    assert outcome("name", "en", ("d9",), ranked, 50).reciprocal_rank == 0.1


def test_misses_name_what_was_expected_and_what_came_back():
    lines = describe_misses(
        [
            outcome("typo", "vi", ("a",), ("a",), 1),
            outcome("typo", "vi", ("a",), ("b", "c", "d", "a"), 4),
            outcome("out_of_domain", "en", (), ("b",), 1),
        ]
    )
    assert lines == [
        "vi typo knowledge 'q': expected a; got b, c, d (4 results)",
        "en out_of_domain knowledge 'q': expected nothing; got b (1 results)",
    ]


def test_the_relevance_set_is_as_large_and_varied_as_the_issue_asks():
    assert len(RELEVANCE_SET) >= 200
    by_language = Counter(query.language for query in RELEVANCE_SET)
    by_kind = Counter(query.kind for query in RELEVANCE_SET)
    assert set(by_language) == set(LANGUAGES) and min(by_language.values()) >= 40
    assert set(by_kind) == set(KINDS) and min(by_kind.values()) >= 25
    thai_typos = [query for query in RELEVANCE_SET if query.kind == "typo" and query.language == "th"]
    assert len(thai_typos) >= 8
    assert len({(q.language, q.text, q.collection, str(q.filters)) for q in RELEVANCE_SET}) == len(
        RELEVANCE_SET
    )
    for query in RELEVANCE_SET:
        assert query.collection in {"knowledge", "experts"}, query
        assert query.answerable == (query.kind != "out_of_domain"), query
        assert (query.text == "") == (query.kind == "filter_only"), query
        assert bool(query.filters) == (query.kind == "filter_only"), query
