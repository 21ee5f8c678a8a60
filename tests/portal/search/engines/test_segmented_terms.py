"""A segmented text's terms worked out word by word give what tantivy's analysis of the whole text
gives: highlighting uses them to tell which names and expertise a query's words are in."""

import unicodedata

import pytest

from portal.search.engines.embedded import analysis
from portal.search.engines.embedded.analysis import (
    ANALYZERS,
    SEGMENTED,
    segmented_word_terms,
    segmented_words,
)
from portal.search.text import segment_for_index


def analysed(text: str) -> set[str]:
    return set(ANALYZERS[SEGMENTED].analyze(text))


def segmented_terms(text: str) -> set[str]:
    """The terms of ``text`` word by word, as highlighting works them out."""
    words = set(segmented_words(text))
    words.discard("")
    word_terms = segmented_word_terms(words)
    assert word_terms is not None
    return set(word_terms.values())


@pytest.mark.parametrize(
    "text",
    [
        "Clean air for all Không khí sạch cho mọi người Udara bersih untuk semua",
        segment_for_index("อากาศสะอาดเพื่อทุกคน การจัดการคุณภาพอากาศ ผู้ว่าการกรุงเทพมหานคร"),
        "Nguyễn Thị Hà  ĐÀO\tVĂN\nAN\r\x0cPM2.5 (PCD), ÉCOLE école",
        "a\x0bb a\xa0b a\u2003b a\x1cb a\x85b",  # no cut there: one term each
        "",
        "   \t\n",
    ],
)
def test_terms_of_a_text_are_those_tantivy_makes_of_it(text):
    assert segmented_terms(text) == analysed(text)
    assert segmented_terms(text) == analysed(text)  # again, from the words already seen


def test_only_ascii_whitespace_separates_words():
    # Every character Python calls a space, a separator, a control or a format character: the word-by-word
    # terms cut exactly where tantivy's whitespace tokenizer does.
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or not (
            char.isspace() or unicodedata.category(char) in {"Zs", "Zl", "Zp", "Cc", "Cf"}
        ):
            continue
        text = f"Ab{char}Cd"
        assert segmented_terms(text) == analysed(text), hex(code)


def test_a_full_memory_of_words_starts_again(monkeypatch):
    monkeypatch.setattr(analysis, "_WORD_TERMS_LIMIT", 3)
    monkeypatch.setattr(analysis, "_word_terms", {})
    assert segmented_terms("one two") == {"one", "two"}
    assert segmented_terms("Three Four two") == {"three", "four", "two"}
    assert len(analysis._word_terms) <= 3


def test_each_word_gets_its_own_term():
    assert segmented_word_terms({"Hà", "NỘI", "pm2.5,"}) == {"Hà": "ha", "NỘI": "noi", "pm2.5,": "pm2.5,"}
