"""The relevance figures (tests/search/evaluate.py) on outcomes made by hand."""

from tests.search.evaluate import Outcome, describe_misses, figures, summarise
from tests.search.relevance_set import RelevanceQuery


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
