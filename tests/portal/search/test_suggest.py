""" "Did you mean …": words found only by a typo are spelled as the results write them."""

import pytest

from portal.search.engines.embedded import fuzzy_distance
from portal.search.query import Hit
from portal.search.suggest import did_you_mean, typo_distance


def hit(**highlights: str) -> Hit:
    return Hit(id="1", document={}, score=1.0, highlights=highlights)


def test_a_word_only_a_typo_found_is_corrected_as_the_text_writes_it():
    hits = [hit(title="<mark>Emissions</mark> <mark>inventory</mark> of ports")]
    assert did_you_mean("emisions inventroy", hits) == "emissions inventory"
    # A word the reader capitalised keeps the text's capitals.
    assert did_you_mean("Emisions inventory", hits) == "Emissions inventory"


def test_nothing_to_correct_when_every_word_was_found_as_typed():
    hits = [hit(title="<mark>Emissions</mark> <mark>inventory</mark>")]
    assert did_you_mean("emissions inventory", hits) == ""
    assert did_you_mean("emissions", []) == ""


def test_the_last_word_is_not_corrected_while_it_may_still_be_typed():
    hits = [hit(title="Public <mark>bike</mark> <mark>sharing</mark>")]
    assert did_you_mean("bike shar", hits) == ""
    assert did_you_mean("bkie shar", hits) == "bike shar"


def test_tone_marks_are_not_typos_and_the_most_marked_form_wins():
    hits = [
        hit(title="<mark>Hà Nội</mark> <mark>quan trắc</mark>"),
        hit(summary="<mark>quan trắc</mark> ở <mark>Hà Nội</mark>", title="<mark>quan trác</mark>"),
    ]
    assert did_you_mean("ha noi quan trac", hits) == ""
    assert did_you_mean("ha noi quan trsc", hits) == "ha noi quan trắc"


def test_marked_text_is_unescaped_and_stop_words_are_never_corrected():
    hits = [hit(title="Smoke &amp; <mark>haze</mark>")]
    assert did_you_mean("what about haez", hits) == "what about haze"


@pytest.mark.parametrize("word", ["sox", "port", "monitor", "inventor", "inventory", "ฝุ่นละออง"])
def test_both_engines_and_the_suggestion_allow_the_same_typos(word):
    assert fuzzy_distance(word) == typo_distance(word)
