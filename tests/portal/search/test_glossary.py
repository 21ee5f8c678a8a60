"""One glossary, one word for one thing: the catalogues and the demo content use its terms."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from portal.search.glossary import CONTROLLED_TERMS, glossary_group
from tests.portal.test_catalogues import catalogue, read_po

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("vi", "id", "th")
# Where load_demo takes its text from: the data files of every app (portal.content_data), but for
# the glossary itself, the map's country shapes and the migrations' frozen seeds (history, never
# edited; the vocabulary's labels were not written against the glossary).
DEMO_DATA = tuple(
    str(path.relative_to(ROOT))
    for app in ("portal", "knowledge", "experts")
    for path in sorted((ROOT / app).glob("**/data/*.json"))
    if path.name not in ("glossary.json", "map_countries.json") and "migrations" not in path.parts
)
# Names that contain a term but are not the term: organisations keep their own names.
PROPER_NAMES = ("Clean Air Asia", "Climate & Clean Air Coalition")


def _english_pattern(key: str) -> re.Pattern[str]:
    """The English preferred term, singular or plural ("case study", "case studies").

    Only the preferred term asks for the preferred translation: an English text that says
    "fine particles" rather than "PM2.5" may be translated as plainly ("bụi mịn").
    """
    term = glossary_group(key).preferred_term("en")
    spelled = re.escape(term[:-1]) + "(?:y|ies)" if term.endswith("y") else re.escape(term) + "(?:s|es)?"
    return re.compile(r"(?<![\w-])" + spelled + r"(?![\w-])", re.IGNORECASE)


PATTERNS = {key: _english_pattern(key) for key in CONTROLLED_TERMS}


def deviations(english: str, translated: str, language: str) -> list[str]:
    """The controlled terms `english` uses whose preferred `language` form `translated` lacks."""
    for name in PROPER_NAMES:
        english = english.replace(name, "")
    found = []
    for key, pattern in PATTERNS.items():
        if pattern.search(english):
            preferred = glossary_group(key).preferred_term(language)
            if preferred.lower() not in translated.lower():
                found.append(f"{key} → {preferred!r}")
    return found


def test_every_controlled_term_has_a_preferred_form_in_each_language():
    for key in CONTROLLED_TERMS:
        group = glossary_group(key)
        for language in ("en", *LANGUAGES):
            assert group.preferred_term(language), (key, language)


def test_the_check_flags_a_translation_that_uses_another_word():
    assert deviations("Find a mentor city", "Tìm thành phố hướng dẫn", "vi") == []
    assert deviations("Find a mentor city", "Tìm thành phố cố vấn", "vi") == [
        "mentor-city → 'thành phố hướng dẫn'"
    ]
    assert deviations("Case studies and experts", "Studi kasus dan ahli", "id") == ["expert → 'pakar'"]
    assert deviations("Expertise", "Keahlian", "id") == []
    assert deviations("Two case studies", "Dua studi kasus", "id") == []
    assert deviations("Two case studies", "Dua kajian", "id") == ["case-study → 'studi kasus'"]
    assert deviations("Where fine particles come from", "Bụi mịn đến từ đâu", "vi") == []
    assert deviations("PM2.5 levels", "Nồng độ bụi mịn", "vi") == ["pm25 → 'PM2.5'"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_uses_the_glossary_terms(language):
    found = {
        entry.msgid: problems
        for entry in read_po(catalogue(language))
        if not entry.obsolete
        for translated in [" ".join(entry.msgstr)]
        if (problems := deviations(entry.msgid, translated, language))
    }

    assert not found, "\n".join(f"{msgid!r}: {problems}" for msgid, problems in found.items())


def data_translations(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Every {language: text} object of a data file with an English text and another, with where."""
    found = []

    def walk(value, where: str) -> None:
        if isinstance(value, dict):
            texts = {
                key: text
                for key, text in value.items()
                if key in ("en", *LANGUAGES) and isinstance(text, str)
            }
            if "en" in texts and len(texts) > 1:
                found.append((where, texts))
            for key, inner in value.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for position, inner in enumerate(value, start=1):
                walk(inner, f"{where}[{position}]")

    walk(json.loads(path.read_text(encoding="utf-8"))["items"], "items")
    return found


def test_the_demo_data_files_are_found_and_read_text_by_text():
    found = {name: len(data_translations(ROOT / name)) for name in DEMO_DATA}

    # Every page's title and summary at least, and every translated expert's three texts.
    assert found["knowledge/data/case_studies.json"] >= 2 * 14
    assert found["knowledge/data/forum_reports.json"] >= 2 * 15
    assert found["knowledge/events/data/events.json"] >= 4 * 4
    assert found["experts/data/experts.json"] >= 3 * 41


def test_the_demo_content_uses_the_glossary_terms():
    found = []
    for module in DEMO_DATA:
        for line, texts in data_translations(ROOT / module):
            for language in LANGUAGES:
                if language in texts and (problems := deviations(texts["en"], texts[language], language)):
                    found.append(f"{module}:{line} [{language}] {texts[language][:70]!r}: {problems}")

    assert not found, "\n".join(found)


def test_the_demo_expert_profiles_use_the_glossary_terms():
    # The experts' own words and the secretariat's translations, side by side in one data file.
    from experts.demo import EXPERTS

    found = []
    for entry in EXPERTS:
        for field in ("position", "organisation", "bio"):
            texts = entry[field]
            for language in LANGUAGES:
                if (
                    "en" in texts
                    and language in texts
                    and (problems := deviations(texts["en"], texts[language], language))
                ):
                    found.append(
                        f"{entry['email']} {field} [{language}] {texts[language][:70]!r}: {problems}"
                    )

    assert not found, "\n".join(found)
