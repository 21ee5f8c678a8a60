"""portal.i18n: the one module that knows the portal's languages, their names and columns."""

import unicodedata
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from portal import i18n


def test_default_language_is_the_settings_and_modeltranslation_default():
    assert i18n.DEFAULT_LANGUAGE == settings.LANGUAGE_CODE == settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def test_portal_languages_come_from_the_settings_english_first():
    assert i18n.language_codes() == ("en", "vi", "id", "th")
    assert i18n.translation_languages() == ("vi", "id", "th")
    assert i18n.is_portal_language("id")
    assert not i18n.is_portal_language("ind")
    assert not i18n.is_portal_language(None)


def test_portal_languages_follow_a_changed_setting():
    with override_settings(LANGUAGES=[("en", "English"), ("km", "Khmer")]):
        assert i18n.language_codes() == ("en", "km")
        assert i18n.translation_languages() == ("km",)
        assert i18n.portal_language_names() == {"en": "English", "km": "Khmer"}


def test_iso_codes_are_the_closed_two_letter_list():
    assert len(i18n.ISO_639_1_CODES) == 183
    assert i18n.is_language_code("km")
    assert not i18n.is_language_code("in")  # withdrawn alias of `id`
    assert not i18n.is_language_code("ind")


def test_indonesian_columns_carry_modeltranslations_suffix():
    assert i18n.localized_field("title", "id") == "title_ind"
    assert i18n.localized_field("title", "vi") == "title_vi"
    assert i18n.localized_columns("summary") == (
        ("en", "summary_en"),
        ("vi", "summary_vi"),
        ("id", "summary_ind"),
        ("th", "summary_th"),
    )
    assert i18n.localized_fields(["name"], ["en", "id"]) == ["name_en", "name_ind"]


def test_language_names_are_in_the_readers_language_and_remembered_per_language():
    with translation.override("en"):
        assert i18n.language_name("vi") == "Vietnamese"
        assert i18n.language_name("tl") == "Tagalog"  # not in Django's list
    with translation.override("vi"):
        assert i18n.language_name("vi") == "Tiếng Việt"
        assert i18n.language_name("tl") == "Tiếng Tagalog"
    assert i18n.language_name("xx") == "xx"


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_every_code_an_expert_may_pick_has_a_name_in_each_portal_language(language):
    # About half of ISO 639-1 is missing from Django's list; CLDR (Babel) names the rest.
    with translation.override(language):
        unnamed = [code for code in sorted(i18n.ISO_639_1_CODES) if i18n.language_name(code) in ("", code)]
        local = [
            code for code in sorted(i18n.ISO_639_1_CODES) if i18n.language_name_local(code) in ("", code)
        ]
    assert unnamed == [] and local == []


def test_codes_django_cannot_name_read_as_words_in_the_readers_language():
    names = {}
    for language in ("en", "vi", "id", "th"):
        with translation.override(language):
            names[language] = (i18n.language_name("kw"), i18n.language_name("yo"))
    assert names["en"] == ("Cornish", "Yoruba")
    assert names["vi"] == ("Tiếng Cornwall", "Tiếng Yoruba")
    assert names["id"] == ("Kornish", "Yoruba")
    assert names["th"] == ("คอร์นิช", "โยรูบา")


def test_a_name_django_leaves_in_english_comes_from_cldr_instead():
    with translation.override("vi"):
        assert i18n.language_name("af") == "Tiếng Hà Lan (Nam Phi)"  # CLDR's Vietnamese name
    with translation.override("en"):
        assert i18n.language_name("af") == "Afrikaans"


def test_local_names_are_each_languages_own():
    assert i18n.language_name_local("th") == "ภาษาไทย"
    assert i18n.language_name_local("id") == "Bahasa Indonesia"
    assert i18n.language_name_local("xx") == "xx"


def test_portal_language_names_are_the_settings_labels_translated():
    with translation.override("en"):
        assert i18n.portal_language_names()["id"] == "Bahasa Indonesia"
    with translation.override("th"):
        assert i18n.portal_language_names()["en"] != "English"


@pytest.mark.parametrize(
    ("value", "written"),
    [(None, False), ("", False), ("  \n", False), ([], False), ("x", True), (["block"], True), (0, True)],
)
def test_is_written(value, written):
    assert i18n.is_written(value) is written


def test_set_translations_writes_portal_languages_and_clears_only_on_request():
    page = SimpleNamespace(title_en="Old", title_vi="Cũ", title_ind="Lama", title_th="เก่า")

    i18n.set_translations(page, "title", {"en": "New", "id": "Baru", "zh": "新"})

    assert (page.title_en, page.title_vi, page.title_ind, page.title_th) == ("New", "Cũ", "Baru", "เก่า")
    assert not hasattr(page, "title_zh")

    i18n.set_translations(page, "title", {"id": "Baru lagi"}, clear_missing=True)

    # English mirrors Wagtail's untranslated columns: never cleared.
    assert (page.title_en, page.title_vi, page.title_ind, page.title_th) == ("New", None, "Baru lagi", None)


def test_translations_are_keyed_by_iso_code_and_leave_out_empty_languages():
    city = SimpleNamespace(name_en="Jakarta", name_vi="", name_ind="Jakarta Raya", name_th=None)

    assert i18n.translations(city, "name") == {"en": "Jakarta", "id": "Jakarta Raya"}
    assert i18n.written_in(city, "name", "id")
    assert not i18n.written_in(city, "name", "vi")
    assert i18n.localized_value(city, "name", "th") is None


def test_language_names_are_composed_unicode():
    # Django's own table spells Vietnamese with combining marks; pages must carry NFC text.
    for code in ("vi", "th", "id", "en"):
        assert unicodedata.is_normalized("NFC", i18n.language_name_local(code))
        with translation.override("vi"):
            assert unicodedata.is_normalized("NFC", i18n.language_name(code))
