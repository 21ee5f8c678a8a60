"""Names sorted as each language's readers expect (portal.collation), and the country and city
lists that use it (issue 21: they were sorted by ISO code in every language)."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from knowledge.models import Country
from knowledge.selectors import city_listing, vocabulary_labels
from portal.collation import sort_key


def _sorted(names: list[str], language: str) -> list[str]:
    return sorted(names, key=lambda name: sort_key(name, language))


def test_thai_files_a_leading_vowel_under_the_consonant_after_it():
    # เวียดนาม is said "wiat-nam": a Thai dictionary files it under ว, after ล (ลาว), before ส.
    names = ["สิงคโปร์", "เวียดนาม", "ลาว", "ไทย", "กัมพูชา", "เกาหลีใต้", "จีน"]

    assert _sorted(names, "th") == ["กัมพูชา", "เกาหลีใต้", "จีน", "ไทย", "ลาว", "เวียดนาม", "สิงคโปร์"]


def test_thai_tone_marks_only_break_ties():
    assert _sorted(["ก้า", "กา", "กาก"], "th") == ["กา", "ก้า", "กาก"]


def test_vietnamese_letters_with_marks_follow_their_base_letter_and_tones_break_ties():
    names = ["Đài Loan", "Ấn Độ", "Dubai", "Anh", "Ăng-gô-la", "Bỉ", "Úc", "Ô-man", "Ý", "Hàn Quốc", "Hà Lan"]

    assert _sorted(names, "vi") == [
        "Anh",
        "Ăng-gô-la",  # ă after a
        "Ấn Độ",  # â after ă
        "Bỉ",
        "Dubai",
        "Đài Loan",  # đ after every d
        "Hà Lan",  # word by word: "Hà" before "Hàn"
        "Hàn Quốc",
        "Ô-man",
        "Úc",
        "Ý",
    ]
    assert _sorted(["má", "mà", "ma", "mạ"], "vi") == ["ma", "mà", "má", "mạ"]


def test_composed_and_decomposed_spellings_sort_together_and_accents_do_not_lead_in_latin_languages():
    decomposed = "Vie\u0302\u0323t Nam"
    assert sort_key(decomposed, "vi") == sort_key("Việt Nam", "vi")
    assert _sorted(["Zambia", "Égypte", "Ecuador", "Filipina"], "id") == [
        "Ecuador",
        "Égypte",
        "Filipina",
        "Zambia",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_country_and_city_filters_list_places_by_their_name_in_the_readers_language(language):
    with translation.override(language):
        labels = vocabulary_labels()
        countries, cities = list(labels["country"].values()), list(labels["city"].values())

    assert len(countries) > 5
    assert countries == _sorted(countries, language)
    assert cities == _sorted(cities, language)


@pytest.mark.django_db
def test_thai_country_lists_are_not_in_iso_code_order(client: Client, site):
    with translation.override("th"):
        codes = list(vocabulary_labels()["country"])
        listing = city_listing(params={})
    assert codes != sorted(codes)
    assert [country.name_th for country in listing.countries] == _sorted(
        [country.name_th for country in listing.countries], "th"
    )

    soup = BeautifulSoup(client.get("/th/cities/").content, "html.parser")
    shown = [option.get_text() for option in soup.select('select[name="country"] option[value!=""]')]
    assert shown == [country.name_th for country in listing.countries]
    assert set(shown) == {
        country.name_th for country in Country.objects.filter(cities__isnull=False).distinct()
    }
