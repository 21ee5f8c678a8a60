"""Which query words never decide a result: function words as written, a collection's own words."""

import pytest

from portal.search.stopwords import optional_positions
from portal.search.text import tokens_for_query

EXPERT_WORDS = ("expert", "experts", "chuyên gia", "ahli", "pakar", "ผู้เชี่ยวชาญ")


def optional_words(text: str, **options) -> list[str]:
    words = tokens_for_query(text)
    return [words[index] for index in sorted(optional_positions(text, **options))]


@pytest.mark.parametrize(
    ("text", "optional"),
    [
        ("What can a city do about diesel trucks?", ["what", "can", "a", "do", "about"]),
        ("Thành phố nào có xe buýt điện", ["nao", "co"]),
        ("giảm bụi như thế nào", ["nhu", "the", "nao"]),
        ("Bagaimana kota mengurangi polusi udara", ["bagaimana"]),
        ("เมืองไหนมีรถเมล์ไฟฟ้า", ["ไหน", "มี"]),
    ],
)
def test_function_words_of_each_language_are_optional(text, optional):
    assert optional_words(text) == optional


@pytest.mark.parametrize(
    "text",
    [
        # Folded, "thị" (urban) would be "thì", "dầu" (oil) "đâu", "chợ" (market) "cho".
        "thi xa xanh",
        "dau diesel",
        "khoi tu cho",
        # "ô nhiễm" is pollution, whatever "ở" folds to.
        "ô nhiễm",
    ],
)
def test_toneless_vietnamese_keeps_every_word(text):
    assert optional_words(text) == []


def test_the_collections_own_words_are_optional_however_they_are_typed():
    assert optional_words("Chuyen gia o nhiem", collection_words=EXPERT_WORDS) == ["chuyen", "gia"]
    assert optional_words("ผู้เชี่ยวชาญคุณภาพอากาศ", collection_words=EXPERT_WORDS) == ["ผู้เชี่ยวชาญ"]
    assert optional_words("expert", collection_words=()) == []


def test_a_query_of_optional_words_only_keeps_them_all():
    assert optional_words("what is the", collection_words=EXPERT_WORDS) == []
    assert optional_words("experts", collection_words=EXPERT_WORDS) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # มี (to have) + a noun is one entry of PyThaiNLP's dictionary; cut as two words, the noun
        # is a word the query looks for and มี is a stop word like any other.
        ("กรุงเทพฯ มีแผนแก้ปัญหาฝุ่นอย่างไร", ["กรุงเทพฯ", "มี", "แผน", "แก้ปัญหา", "ฝุ่น", "อย่างไร"]),
        ("ระบบที่มีประสิทธิภาพ", ["ระบบ", "ที่", "มี", "ประสิทธิภาพ"]),
        # มีนาคม (March) is no "have + noun": left whole.
        ("มีนาคม", ["มีนาคม"]),
    ],
)
def test_thai_have_phrases_are_cut_into_have_and_the_noun(text, words):
    assert tokens_for_query(text) == words
    found = tokens_for_query(text)
    optional = optional_positions(text)
    assert [found[index] for index in sorted(optional)] == [
        word for word in words if word in {"มี", "อย่างไร", "ที่"}
    ]
