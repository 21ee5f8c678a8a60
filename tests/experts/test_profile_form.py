"""The expert's profile form as the expert sees it: text instead of HTML, languages by name."""

import re

import pytest
from django.test import Client
from django.utils import translation

from experts.factories import ExpertFactory, expert_user
from portal.i18n import language_name
from tests.experts.moderation import draft_of, review_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(site):
    expert = ExpertFactory(
        name="Maria Santos",
        languages=["en", "tl", "dz"],
        biography="<p>Runs <strong>Manila</strong> sensors.</p><ul><li>PM2.5</li><li>NO2</li></ul>",
        public_fields=["biography"],
    )
    expert_user(expert)
    return expert


def signed_in(expert) -> Client:
    client = Client()
    client.force_login(expert.user)
    return client


def form_data(**changes) -> dict:
    data = {"position_en": "Engineer", "city": "hanoi", "languages": ["en"], "biography_en": ""}
    data.update(changes)
    return data


def test_the_biography_is_edited_as_text_with_light_marks_not_html(expert):
    page = signed_in(expert).get("/en/accounts/profile/").content.decode()
    assert "Runs **Manila** sensors.\n\n- PM2.5\n- NO2</textarea>" in page
    assert "&lt;p&gt;" not in page and "&lt;strong&gt;" not in page
    assert "Leave an empty line between paragraphs" in page
    assert "(&lt;p&gt;)" not in page  # the old help text listing tags is gone


LANGUAGE_TICK = re.compile(
    r'<input type="checkbox" name="languages" value="(?P<code>[a-z]{2})" id="[^"]+"(?P<checked> checked)?>\s*(?P<name>[^<]+)</label>'
)


def language_ticks(page: str) -> dict[str, tuple[str, bool]]:
    """{code: (the name beside the box, ticked?)} of the form's language checkboxes."""
    return {m["code"]: (m["name"].strip(), bool(m["checked"])) for m in LANGUAGE_TICK.finditer(page)}


def test_languages_are_ticked_by_name_in_the_readers_language(expert):
    page = signed_in(expert).get("/en/accounts/profile/").content.decode()
    assert "ISO 639-1" not in page
    ticks = language_ticks(page)
    assert ticks["tl"] == ("Tagalog", True) and ticks["en"] == ("English", True)
    assert ticks["lo"] == ("Lao", False) and ticks["vi"] == ("Vietnamese", False)
    # Dzongkha is not on the short list, but the expert speaks it, so it stays offered and ticked.
    assert ticks["dz"] == ("Dzongkha", True)
    assert [code for code, (_name, ticked) in ticks.items() if ticked] == ["dz", "en", "tl"]
    names = [name for name, _ticked in ticks.values()]
    assert names == sorted(names, key=str.casefold), "sorted by name, so a reader can find theirs"

    thai = language_ticks(signed_in(expert).get("/th/accounts/profile/").content.decode())
    with translation.override("th"):
        assert thai["tl"] == (language_name("tl"), True)
    assert thai["tl"][0] not in ("tl", "Tagalog")


def test_sending_text_stores_clean_html_and_language_codes(expert):
    response = signed_in(expert).post(
        "/en/accounts/profile/",
        form_data(
            biography_en="Air-quality modeller.\n\n- CMAQ\n- WRF\n\nSee [our lab](https://lab.example.org/).",
            languages=["en", "lo"],
            submit="1",
        ),
    )
    assert response.status_code == 302
    draft = draft_of(expert)
    assert draft.biography_en == (
        '<p>Air-quality modeller.</p><ul><li>CMAQ</li><li>WRF</li></ul><p>See <a href="https://lab.example.org/">our lab</a>.</p>'
    )
    assert draft.languages == ["en", "lo"]


def test_a_language_that_is_not_one_is_refused_with_a_clear_error(expert):
    response = signed_in(expert).post("/en/accounts/profile/", form_data(languages=["en", "xx"], submit="1"))
    assert response.status_code == 400
    assert "Select a valid choice. xx is not one of the available choices." in response.content.decode()
    assert review_task(expert) is None


def test_the_preview_names_members_only_fields_in_words(expert):
    page = (
        signed_in(expert)
        .post("/en/accounts/profile/", form_data(public_fields=["photo"], preview="1"))
        .content.decode()
    )
    shown = page.split("Shown to members only:")[1].split("</p>")[0]
    assert "Biography" in shown and "Links and publications" in shown
    assert "biography" not in shown and "nominated_by" not in shown


def test_public_pages_name_languages_never_codes(expert):
    visitor = Client()
    profile = visitor.get(expert.get_absolute_url()).content.decode()
    assert "<dd>English, Tagalog, Dzongkha</dd>" in profile
    thai = visitor.get(f"/th{expert.get_absolute_url()[3:]}").content.decode()
    with translation.override("th"):
        names = ", ".join(language_name(code) for code in ("en", "tl", "dz"))
    assert f"<dd>{names}</dd>" in thai


@pytest.mark.parametrize(("language", "bold"), [("en", "Bold"), ("th", "ตัวหนา")])
def test_the_biography_boxes_get_a_small_formatting_toolbar(expert, language, bold):
    page = signed_in(expert).get(f"/{language}/accounts/profile/").content.decode()
    # Each biography box is marked for the toolbar script, which clones the page's translated
    # buttons above it (static/js/text-marks.js); without the script the help text says the same.
    assert page.count("data-text-marks") == 4
    toolbar = page.split('<template id="text-marks-toolbar">')[1].split("</template>")[0]
    assert 'role="toolbar"' in toolbar
    assert [m for m in re.findall(r'data-mark="(\w+)"', toolbar)] == [
        "bold",
        "italic",
        "list",
        "numbered",
        "link",
    ]
    assert f"<strong>{bold}</strong>" in toolbar
    assert re.search(r'<script src="/static/js/text-marks[.\w]*\.js" nonce="[^"]+" defer></script>', page)


@pytest.mark.parametrize("language", ["en", "th"])
def test_the_directorys_language_filter_and_cards_name_languages(indexed, expert, language):
    page = Client().get(f"/{language}/experts/")
    html = page.content.decode()
    facet = next(facet for facet in page.context["result"].facets if facet.name == "language")
    labels = {option.value: option.label for option in facet.options}
    with translation.override(language):
        expected = {code: language_name(code) for code in ("en", "tl", "dz")}
    assert {code: labels[code] for code in expected} == expected
    assert all(label != code for code, label in labels.items())
    assert ", ".join(expected.values()) in html  # the card: "English, Tagalog, Dzongkha"
