"""Highlight verdicts kept with query plans (planning._Plan): one copy of each word per worker."""

from portal.search.engines.embedded.planning import _Plan


def _fresh(word: str) -> str:
    # A new string object each call, as each analysis of a text makes its words.
    return "".join(list(word))


def test_plans_judging_the_same_word_keep_one_copy_of_it():
    first, second = _Plan(query=None, phrases={"bandung"}), _Plan(query=None)
    assert first.marked_among({_fresh("bandung"), _fresh("kota")}) == {"bandung"}
    assert second.marked_among({_fresh("bandung")}) == set()
    (kept_first,) = (word for word in first.verdicts if word == "bandung")
    (kept_second,) = second.verdicts
    assert kept_first is kept_second
    assert first.verdicts == {"bandung": True, "kota": False}
