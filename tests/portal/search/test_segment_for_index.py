"""Text prepared for the embedded index: the one-pass path for text without Thai script must put
separators exactly where the word-by-word path does (documents indexed either way must match)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.search.text import THAI_SEPARATOR, _segment, _segment_spans, normalise, segment_for_index

# Letters with and without marks, digits, punctuation that touches words, spaces of several kinds,
# underscores (punctuation to the word pattern), combining marks and compatibility forms.
LATIN_PIECES = st.sampled_from(
    [*"aZé9_.,;:()-/'\"%&", " ", "  ", "\t", "\n", "\u00a0", "\u0301", "ǅ", "Ｐ", "²", "Đà", "Nẵng", "PM2.5"]
)


def assert_segmented_as_word_by_word(text: str) -> None:
    normalised = normalise(text, lower=False)
    expected = _segment_spans(normalised) if normalised else ""
    assert _segment(text) == expected


@settings(max_examples=2000, deadline=None)
@given(pieces=st.lists(LATIN_PIECES, max_size=25))
def test_text_without_thai_is_separated_as_word_by_word(pieces):
    assert_segmented_as_word_by_word("".join(pieces))


# Thai words, vowel and tone marks alone, Thai digits, and Latin pieces to mix in.
THAI_PIECES = st.one_of(
    LATIN_PIECES,
    st.sampled_from(["ฝุ่น", "ละออง", "คุณภาพอากาศ", "กรุงเทพมหานคร", "\u0e31", "\u0e48", "๒", "ๆ", "ำ", "การ"]),
)


@settings(max_examples=3000, deadline=None)
@given(pieces=st.lists(THAI_PIECES, max_size=25))
def test_text_with_thai_is_segmented_piece_by_piece_as_a_whole(pieces):
    assert_segmented_as_word_by_word("".join(pieces))


@pytest.mark.parametrize(
    ("text", "segmented"),
    [
        ("Air quality (PM2.5) in Hà Nội.", "Air quality (\tPM2\t.\t5\t) in Hà Nội\t."),
        ("hello .", f"hello{THAI_SEPARATOR} ."),
        ("...", f"{THAI_SEPARATOR}..."),
        ("  ", ""),
        ("ฝุ่นPM2.5 ในเมือง", "ฝุ่น\tPM2\t.\t5 ใน\tเมือง"),
    ],
)
def test_separators_go_where_words_touch(text, segmented):
    assert segment_for_index(text) == segmented
