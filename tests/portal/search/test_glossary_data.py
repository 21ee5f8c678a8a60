"""The glossary file: well-formed, one group per thing, every language, and one loader."""

import json

import pytest
from django.conf import settings

from portal.search import glossary
from portal.search.glossary import (
    CONTROLLED_TERMS,
    DATA_FILE,
    FILE_GLOSSARY,
    GLOSSARY,
    Glossary,
    GlossaryError,
    TermGroup,
    canonical_words,
    load_groups,
)


def test_the_file_has_no_problems():
    # Two different terms a group, no term in two groups, every term matchable.
    assert FILE_GLOSSARY.problems() == []


def test_the_file_languages_are_the_sites_and_every_group_speaks_all_of_them():
    site = {code for code, _name in settings.LANGUAGES}
    assert set(glossary.LANGUAGES) == site
    for group in GLOSSARY:
        assert set(group.terms) == site, group.key


def test_controlled_groups_are_declared_in_the_file():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    marked = [entry["key"] for entry in data["groups"] if entry.get("controlled")]
    assert list(CONTROLLED_TERMS) == marked
    assert {"pm25", "twinning", "expert", "case-study"} <= set(CONTROLLED_TERMS)


def test_the_module_functions_answer_from_the_file():
    assert glossary.synonyms() == FILE_GLOSSARY.synonyms()
    assert glossary.glossary_group("pm25") is FILE_GLOSSARY.group("pm25")
    [match] = glossary.find_matches(["kiem", "ke", "phat", "thai"])
    assert match.groups == (glossary.glossary_group("emissions-inventory"),)
    assert ("en", ("emissions", "inventory")) in match.alternatives


@pytest.mark.parametrize(
    ("everyday", "key"),
    [
        ("smog", "haze"),
        ("kabut asap", "haze"),
        ("khói bụi", "haze"),
        ("หมอกควัน", "haze"),
        ("xe máy", "motorcycles"),
        ("motor", "motorcycles"),
        ("มอเตอร์ไซค์", "motorcycles"),
        ("lorries", "trucks"),
        ("diesel trucks", "trucks"),
        ("debu", "dust"),
        ("ฝุ่น", "dust"),
        ("ฝุ่นพิษ", "pm25"),
        ("bụi mịn", "pm25"),
        ("BRT", "bus-rapid-transit"),
        ("low-cost sensors", "low-cost-sensors"),
        ("burning rubbish", "waste-burning-bans"),
        ("đốt rác", "waste-burning-bans"),
        ("pembakaran sampah", "waste-burning-bans"),
        ("เผาขยะ", "waste-burning-bans"),
        ("street food stalls", "commercial-cooking"),
        ("kẹt xe", "traffic-congestion"),
        ("macet", "traffic-congestion"),
        ("รถติด", "traffic-congestion"),
    ],
)
def test_everyday_words_belong_to_the_group_of_the_thing(everyday, key):
    [match] = FILE_GLOSSARY.find_matches(canonical_words(everyday))
    assert [group.key for group in match.groups] == [key]


def test_synonyms_are_multi_way_a_map_of_each_term_to_the_others():
    sent = FILE_GLOSSARY.synonyms()
    group = FILE_GLOSSARY.group("traffic-congestion")
    for term in group.all_terms():
        assert sorted(sent[term.lower()]) == sorted(other for other in group.all_terms() if other != term)


def write(tmp_path, groups) -> object:
    path = tmp_path / "glossary.json"
    path.write_text(json.dumps({"groups": groups}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ([{"key": "a", "vi": ["khói mù"]}], "at least one English term"),
        ([{"key": "a", "en": ["haze"], "fr": ["brume"]}], "unknown fields"),
        ([{"key": "a", "en": ["haze", ""]}], "non-empty strings"),
        ([{"key": "a", "en": ["haze", "smog"]}, {"key": "a", "en": ["dust", "debu"]}], "more than one group"),
        ([{"key": "", "en": ["haze"]}], "non-empty 'key'"),
        ([{"key": "a", "en": ["haze"], "preferred": {"th": "หมอกควัน"}}], "'preferred'"),
    ],
)
def test_the_loader_rejects_a_malformed_file(tmp_path, groups, message):
    with pytest.raises(GlossaryError, match=message):
        load_groups(write(tmp_path, groups))


def test_the_loader_reads_groups_with_the_languages_side_by_side(tmp_path):
    path = write(
        tmp_path,
        [
            {
                "key": "haze",
                "controlled": True,
                "en": ["haze", "smog"],
                "id": ["kabut asap"],
                "th": ["หมอกควัน"],
            }
        ],
    )
    [group], controlled = load_groups(path)
    assert group.terms == {"en": ("haze", "smog"), "id": ("kabut asap",), "th": ("หมอกควัน",)}
    assert controlled == ("haze",)


def test_problems_name_a_lonely_term_a_shared_term_and_a_repeated_one():
    problems = Glossary(
        [
            TermGroup("one", {"en": ("haze",)}),
            TermGroup("two", {"en": ("smog", "Haze")}),
            TermGroup("three", {"en": ("dust", "DUST", "debu")}),
        ]
    ).problems()
    assert "one: needs at least two different terms" in problems
    assert "two: 'Haze' is also a term of one" in problems
    assert "three: 'DUST' is listed twice" in problems


def test_an_addition_that_shares_a_term_extends_that_group_and_others_stand_alone():
    extended = FILE_GLOSSARY.with_additions(
        [
            TermGroup("editors-1", {"th": ("ฝุ่นพิษ", "ฝุ่นพิษ PM2.5"), "en": ("toxic dust",)}),
            TermGroup("editors-2", {"en": ("bird flu",), "vi": ("cúm gia cầm",)}),
        ]
    )
    [match] = extended.find_matches(canonical_words("toxic dust"))
    [group] = match.groups
    assert group.key == "pm25"
    assert ("en", ("pm2", "5")) in match.alternatives  # every term for PM2.5, not only ฝุ่นพิษ
    [match] = extended.find_matches(canonical_words("cum gia cam"))
    assert [group.key for group in match.groups] == ["editors-2"]
    assert extended.fingerprint != FILE_GLOSSARY.fingerprint
    # The file's glossary is unchanged: there "toxic dust" is only a word and "dust".
    assert [match.groups[0].key for match in FILE_GLOSSARY.find_matches(["toxic", "dust"])] == ["dust"]
    assert FILE_GLOSSARY.with_additions([]) is FILE_GLOSSARY


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("hiện đại hóa xe jeepney", ["modernisation", "jeepney"]),
        ("jeepney modernization", ["jeepney", "modernisation"]),
        ("bangkok department of environment", ["bangkok", "environment-department"]),
        ("กรุงเทพฯ", ["bangkok"]),
        ("air quality and noise management division", ["air-quality-and-noise-management-division"]),
        (
            "trưởng phòng quản lý chất lượng không khí và tiếng ồn",
            ["air-quality-and-noise-management-division"],
        ),
    ],
)
def test_a_term_written_in_one_language_is_found_from_the_others(text, keys):
    from portal.search.text import tokens_for_query

    found = [group.key for match in glossary.find_matches(tokens_for_query(text)) for group in match.groups]
    assert found == keys
