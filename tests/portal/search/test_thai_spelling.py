"""Misspelt Thai query words are re-read against the words of the index."""

import pytest

from portal.search.text import ThaiVocabulary, correct_thai, reads_as_words, tokens_for_query

INDEX_WORDS = {
    "ตรวจวัด": 3,
    "คุณภาพ": 5,
    "อากาศ": 6,
    "ฮานอย": 1,
    "จักรยาน": 2,
    "สาธารณะ": 2,
    "มลพิษ": 4,
    "เชียงใหม่": 1,
    "เขต": 1,
    "ปล่อย": 3,
    "ต่ำ": 1,
    "air": 9,  # Latin words of a mixed field: not Thai vocabulary
}


@pytest.fixture
def vocabulary():
    return ThaiVocabulary(INDEX_WORDS)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("คุณภาพอากาษ", ["คุณภาพ", "อากาศ"]),  # wrong final consonant
        ("ตรวจวัตคุณภาพอากาศฮานอย", ["ตรวจวัด", "คุณภาพ", "อากาศ", "ฮานอย"]),
        ("จักยานสาธารณะ", ["จักรยาน", "สาธารณะ"]),  # a cluster consonant left out
        ("เขตปล่อยมลพิดต่ำ", ["เขต", "ปล่อย", "มลพิษ", "ต่ำ"]),
        ("เชียงไหม่", ["เชียงใหม่"]),  # swapped vowel
        ("เขตปล่อยมลพิษตำ", ["เขต", "ปล่อย", "มลพิษ", "ต่ำ"]),  # a short word's tone mark left out
    ],
)
def test_a_misspelt_thai_word_becomes_the_index_word(vocabulary, typed, meant):
    assert tokens_for_query(correct_thai(typed, vocabulary)) == meant


def test_correctly_spelt_thai_is_left_as_typed(vocabulary):
    for text in ("ตรวจวัดคุณภาพอากาศฮานอย", "จักรยานสาธารณะ", "มลพิษ PM2.5 เชียงใหม่"):
        assert correct_thai(text, vocabulary) == text


def test_a_real_word_the_index_lacks_is_not_turned_into_another(vocabulary):
    # "ฟุตบอล" (football) is in the dictionary, not in the index: nothing to correct it to.
    assert correct_thai("ฟุตบอล", vocabulary) == "ฟุตบอล"
    # "อากาศยาน" (aircraft) is a word too, though "อากาศ" is one letter-run away inside it.
    assert correct_thai("อากาศยาน", vocabulary) == "อากาศยาน"


def test_short_words_are_reached_only_through_a_vowel_or_tone_mark():
    vocabulary = ThaiVocabulary({"ต่ำ": 2, "ตา": 9})
    assert vocabulary.nearest("ตำ") == "ต่ำ"  # the tone mark left out
    assert vocabulary.nearest("ต้ำ") == "ต่ำ"  # the wrong tone mark
    assert vocabulary.nearest("ตี") is None  # another vowel: a different word, not a slip
    assert vocabulary.nearest("ดา") is None  # another consonant


def test_latin_text_and_an_empty_vocabulary_change_nothing(vocabulary):
    assert correct_thai("air qualty", vocabulary) == "air qualty"
    assert correct_thai("คุณภาพอากาษ", ThaiVocabulary({})) == "คุณภาพอากาษ"
    assert "air" not in vocabulary


def test_the_most_frequent_of_two_equally_near_words_wins():
    vocabulary = ThaiVocabulary({"อากาศ": 1, "อากาส": 7})
    assert vocabulary.nearest("อากาษ") == "อากาส"
    assert vocabulary.nearest("อากาศ") == "อากาส"
    assert vocabulary.nearest("อากาษษษ") is None  # three edits away


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("ฟหกดเ่าสว", False),  # the home row typed on a Thai keyboard: no Thai word in it
        ("อากาษ", True),  # misspelt, but its pieces are words
        ("ฝุ่น PM2.5", True),
        ("ฟหกดเ่าสว PM2.5", True),  # a word outside Thai script reads
        ("zxqv plorb", True),  # Latin nonsense is left to the similarity floor
        ("", True),
    ],
)
def test_thai_text_without_a_single_word_does_not_read_as_words(text, reads):
    assert reads_as_words(text) is reads
