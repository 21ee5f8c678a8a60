"""Highlights on whole words: the marks both engines hand over, as a reader then sees them."""

import pytest

from portal.search.engines.meilisearch.responses import _has_marks, _marked_html
from portal.search.text import THAI_SEPARATOR, whole_word_ranges

PRE, POST = "\ue000", "\ue001"


def marked(text: str, *pieces: str) -> str:
    """``text`` with <mark> around the first occurrence of each piece, after whole_word_ranges."""
    ranges = []
    for piece in pieces:
        start = text.index(piece)
        ranges.append((start, start + len(piece)))
    out, position = [], 0
    for start, end in whole_word_ranges(text, ranges):
        out += [text[position:start], "<mark>", text[start:end], "</mark>"]
        position = end
    return "".join([*out, text[position:]])


def test_a_prefix_match_marks_the_whole_word():
    assert marked("Emissions inventory of ports", "Emis") == "<mark>Emissions</mark> inventory of ports"
    assert marked("Kiểm kê phát thải", "phá") == "Kiểm kê <mark>phát</mark> thải"


def test_a_mark_that_begins_inside_a_word_is_dropped():
    assert marked("reinventory", "inventory") == "reinventory"
    # ผู้ว่าการ (governor) is one word: the "การ" at its end is not a word the query found.
    assert marked("ผู้ว่าการกรุงเทพมหานคร", "การ") == "ผู้ว่าการกรุงเทพมหานคร"


def test_a_thai_bound_prefix_is_marked_only_with_the_word_it_makes_a_noun_of():
    text = "บัญชีการปล่อยมลพิษและการจัดการคุณภาพอากาศ"
    # A lone การ (of การปล่อย, emission) is not marked; การ with จัดการ is the word การจัดการ.
    assert marked(text, "การ", "การจัดการ") == "บัญชีการปล่อยมลพิษและ<mark>การจัดการ</mark>คุณภาพอากาศ"
    assert marked(text, "การ") == text
    # Where the segmenter keeps the noun whole (ความเสี่ยง, risk), a mark at its start is a prefix
    # match like any other and marks the whole word.
    assert marked("ความเสี่ยง", "ความ") == "<mark>ความเสี่ยง</mark>"


def test_segmented_text_keeps_its_words_and_marks_that_touch_become_one():
    text = THAI_SEPARATOR.join(["บัญชี", "การ", "ปล่อย", "มลพิษ"])
    start = text.index("การ")
    end = text.index("ปล่อย") + len("ปล่อย")
    assert whole_word_ranges(text, [(start, start + 3), (end - len("ปล่อย"), end)]) == [(start, end)]
    assert whole_word_ranges(text, [(start, start + 3)]) == []


def test_marks_on_no_word_are_dropped():
    assert whole_word_ranges("a - b", [(2, 3)]) == []
    assert whole_word_ranges("a - b", []) == []


@pytest.mark.parametrize(
    ("formatted", "html"),
    [
        # Meilisearch marks only what a prefix matched: the reader sees the whole word.
        (f"{PRE}Emis{POST}sions & <b>ports</b>", "<mark>Emissions</mark> &amp; &lt;b&gt;ports&lt;/b&gt;"),
        (f"{PRE}Electric{POST} {PRE}buses{POST}", "<mark>Electric buses</mark>"),
        # Its Thai segmenter may cut การ off ผู้ว่าการ (governor), a word of its own here.
        (f"ผู้ว่า{PRE}การ{POST}กรุงเทพมหานคร", "ผู้ว่าการกรุงเทพมหานคร"),
        (
            f"บัญชี{PRE}การ{POST}ปล่อยมลพิษและ{PRE}การ{POST}{PRE}จัดการ{POST}",
            "บัญชีการปล่อยมลพิษและ<mark>การจัดการ</mark>",
        ),
    ],
)
def test_meilisearch_highlights_are_whole_words(formatted, html):
    assert _marked_html(formatted) == html


def test_a_meilisearch_hit_whose_only_mark_is_a_piece_of_a_word_has_no_word_of_the_query():
    assert not _has_marks({"_formatted": {"bio_th": f"บัญชี{PRE}การ{POST}ปล่อยมลพิษ"}})
    assert _has_marks({"_formatted": {"bio_th": f"บัญชี{PRE}การ{POST}ปล่อย{PRE}มลพิษ{POST}"}})
