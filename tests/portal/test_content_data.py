"""Content as data: every data file is declared, well-formed and translated where the demo is, and
a broken file is refused with one `file: item N: reason` line per problem."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.conf import settings

from portal.content_data import (
    ContentDataError,
    DataFile,
    Either,
    Email,
    ListOf,
    Record,
    Slug,
    Text,
    Time,
    TimeZone,
    Translated,
    optional,
)
from portal.i18n import language_codes

ROOT = Path(settings.BASE_DIR)
APPS = ("portal", "knowledge", "experts")
# The modules that declare the data files: load_demo's, and the seeding migrations' (frozen copies).
DEMO_MODULES = (
    "portal.search.glossary",
    "portal.demo",
    "experts.demo",
    "knowledge.demo_content",
    "knowledge.twinning.demo",
    "knowledge.events.demo",
    "knowledge.migrations.0002_seed_taxonomy",
    "knowledge.migrations.0004_seed_twinning_partnerships",
    "knowledge.migrations.0007_seed_certification_levels",
)
# Data files with a reader of their own, documented in that module.
OWN_READERS = {"knowledge/data/map_countries.json": "knowledge.maps"}  # built by manage.py build_map
# Knowledge pages: texts left untranslated on purpose so readers see the fallback notice.
PAGE_FILES = (
    "knowledge/data/case_studies.json",
    "knowledge/data/training_materials.json",
    "knowledge/data/forum_reports.json",
)


def _declared() -> dict[str, DataFile]:
    return {
        data_file.name: data_file
        for module in DEMO_MODULES
        for data_file in importlib.import_module(module).DATA_FILES
    }


def _texts(value, path=""):
    """Every {language: text} object in a data file's value, with where it is."""
    if isinstance(value, dict):
        if value and set(value) <= set(language_codes()) and all(isinstance(v, str) for v in value.values()):
            yield path, value
            return
        for key, inner in value.items():
            yield from _texts(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for position, inner in enumerate(value, start=1):
            yield from _texts(inner, f"{path}[{position}]")


def test_every_data_file_of_an_app_is_declared_and_read_by_one_loader():
    declared = _declared()
    on_disk = {str(path.relative_to(ROOT)) for app in APPS for path in (ROOT / app).glob("**/data/*.json")}

    assert on_disk - set(OWN_READERS) == set(declared)


@pytest.mark.parametrize("name", sorted(_declared()))
def test_each_data_file_is_well_formed(name):
    data_file = _declared()[name]

    assert data_file.problems() == []
    assert len(data_file.items()) > 0
    assert json.loads(data_file.path.read_text(encoding="utf-8"))["about"]


# The glossary's groups hold terms where a language has them; experts and pages are checked below.
@pytest.mark.parametrize(
    "name",
    sorted(set(_declared()) - {"portal/search/data/glossary.json", "experts/data/experts.json", *PAGE_FILES}),
)
def test_every_text_of_the_demo_is_in_all_four_languages(name):
    items = _declared()[name].items()

    incomplete = [
        f"item {number}{path}: {sorted(set(language_codes()) - set(texts))}"
        for number, item in enumerate(items, start=1)
        for path, texts in _texts(item)
        if set(texts) != set(language_codes())
        # The demo expert account's profile is written by its expert alone, as before.
        and not path.startswith(".profile")
    ]

    assert language_codes() == ("en", "vi", "id", "th")
    assert incomplete == []


def test_knowledge_pages_are_translated_but_for_the_documented_gaps():
    from knowledge.demo import DEMO_UNTRANSLATED

    gaps: dict[str, dict[str, list[str]]] = {}
    for name in PAGE_FILES:
        for item in _declared()[name].items():
            for path, texts in _texts(item):
                for language in sorted(set(language_codes()) - set(texts)):
                    gaps.setdefault(item["slug"], {}).setdefault(language, []).append(path.lstrip("."))

    assert gaps == DEMO_UNTRANSLATED


def test_expert_profiles_are_translated_but_for_the_two_left_in_their_authors_language():
    from experts.demo import EXPERTS, untranslated_profiles

    untranslated = untranslated_profiles()
    for item in EXPERTS:
        for field in ("position", "organisation", "bio"):
            languages = set(item[field])
            assert set(item["authored"][field]) <= languages
            if item["email"] in untranslated:
                assert languages == {untranslated[item["email"]]}
            else:
                assert languages == set(language_codes()), (item["email"], field)

    assert untranslated == {"duc.nguyen@example.org": "vi", "somchai.w@example.org": "th"}
    assert len(EXPERTS) == 43


def _file(tmp_path, items, *, name="things.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"about": "test", "items": items}, ensure_ascii=False), encoding="utf-8")
    return path


SCHEMA = Record(
    {
        "slug": Slug(),
        "title": Translated(complete=True),
        "summary": optional(Translated()),
        "contacts": ListOf(Email()),
        "time": optional(Either(Text(), Translated(complete=True))),
        "zone": optional(TimeZone()),
        "at": optional(Time()),
    }
)
GOOD = {
    "slug": "haze-plan",
    "title": {"en": "Haze plan", "vi": "Kế hoạch khói mù", "id": "Rencana kabut asap", "th": "แผนหมอกควัน"},
    "contacts": ["a@example.org"],
}


def test_a_well_formed_file_gives_its_items(tmp_path):
    data_file = DataFile(
        _file(
            tmp_path, [GOOD, {**GOOD, "slug": "dust", "time": "09:00", "zone": "Asia/Bangkok", "at": "14:30"}]
        ),
        SCHEMA,
        key="slug",
    )

    assert [item["slug"] for item in data_file] == ["haze-plan", "dust"]
    assert data_file.by_key()["dust"]["time"] == "09:00"


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({k: v for k, v in GOOD.items() if k != "contacts"}, "item 2: contacts: missing"),
        ({**GOOD, "colour": "grey"}, "item 2: unknown fields: colour"),
        ({**GOOD, "slug": "Haze Plan"}, "item 2: slug: 'Haze Plan' is not a slug"),
        ({**GOOD, "title": {"en": "Haze plan"}}, "item 2: title: missing vi, id, th"),
        ({**GOOD, "title": {**GOOD["title"], "fr": "Plan"}}, "item 2: title: unknown language(s) fr"),
        ({**GOOD, "title": {**GOOD["title"], "th": ""}}, "item 2: title.th: must not be empty"),
        ({**GOOD, "summary": {"vi": "Tóm tắt"}}, "item 2: summary: missing en"),
        ({**GOOD, "contacts": ["a@example.org", "nobody"]}, "item 2: contacts[2]: 'nobody' is not an e-mail"),
        ({**GOOD, "time": 9}, "item 2: time: matches none of its forms"),
        ({**GOOD, "zone": "Asia/Atlantis"}, "item 2: zone: 'Asia/Atlantis' is not a time zone"),
        ({**GOOD, "at": "9 o'clock"}, 'item 2: at: "9 o\'clock" is not a time of day'),
        (GOOD, "item 2: slug 'haze-plan' is also item 1's"),
    ],
)
def test_a_malformed_item_is_named_with_its_file_number_and_reason(tmp_path, item, reason):
    other = {**GOOD, "slug": "dust"} if item is not GOOD else GOOD
    data_file = DataFile(_file(tmp_path, [other, item]), SCHEMA, key="slug")

    with pytest.raises(ContentDataError) as raised:
        data_file.items()

    [problem] = raised.value.problems
    assert problem.startswith(f"{tmp_path / 'things.json'}: {reason}")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    data_file = DataFile(
        _file(tmp_path, [{**GOOD, "slug": "A"}, GOOD, {**GOOD, "contacts": "a@example.org"}]), SCHEMA
    )

    problems = data_file.problems()

    assert [problem.split(": ")[1] for problem in problems] == ["item 1", "item 3"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("{", "not valid JSON"), ('{"items": {}}', "expected an object with an 'items' list")],
)
def test_a_file_that_is_not_a_list_of_items_is_refused(tmp_path, text, reason):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ContentDataError, match=reason):
        DataFile(path, SCHEMA).items()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ContentDataError, match=r"missing\.json: cannot be read"):
        DataFile(tmp_path / "missing.json", SCHEMA).items()
