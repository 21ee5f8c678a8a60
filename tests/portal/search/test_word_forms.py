"""Indonesian roots are found in Python, the same way for documents and for query words."""

import pytest

from portal.search.engines.embedded import ANALYZERS, STEMMED_EN
from portal.search.text import stem_indonesian, stem_indonesian_text, tokens_for_query


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("pemantauan", "pantau"),
        ("memantau", "pantau"),
        ("dipantau", "pantau"),
        ("mengurangi", "kurang"),
        ("pengurangan", "kurang"),
        ("pembakaran", "bakar"),
        ("kualitas", "kualitas"),
    ],
)
def test_indonesian_affixes_are_stripped_to_the_root(word, root):
    assert stem_indonesian(word) == root


def test_names_numbers_and_other_scripts_are_left_alone():
    for word in ("surabaya", "pm2", "2024", "hà", "มลพิษ"):
        assert stem_indonesian(word) == word


def test_document_text_and_query_words_are_stemmed_alike():
    text = "Warga MEMANTAU udara; pengurangan asap (PM2.5) di Surabaya."
    assert stem_indonesian_text(text).split() == [stem_indonesian(word) for word in tokens_for_query(text)]
    assert stem_indonesian_text(text).split()[:5] == ["warga", "pantau", "udara", "kurang", "asap"]
    long = " ".join([text] * 20)  # past the cache for short texts: the same answer
    assert stem_indonesian_text(long).split() == stem_indonesian_text(text).split() * 20


def test_english_forms_share_a_stem():
    stems = {tuple(ANALYZERS[STEMMED_EN].analyze(word)) for word in ("monitored", "monitoring", "monitors")}
    assert stems == {("monitor",)}
