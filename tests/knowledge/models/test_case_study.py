import json
import re

import pytest
import wagtail_factories
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from knowledge.factories import CaseStudyPageFactory, translations
from knowledge.models import Action, City, TwinningPartnership
from tests.knowledge.helpers import query_count

pytestmark = pytest.mark.django_db

TITLES = {
    "en": "Haiphong's emissions inventory",
    "vi": "Kiểm kê phát thải của Hải Phòng",
    "id": "Inventarisasi emisi Haiphong",
    "th": "บัญชีการปล่อยมลพิษของไฮฟอง",
}
SUMMARIES = {
    "en": "Port and industrial sources mapped with Kitakyushu's help.",
    "vi": "Lập bản đồ nguồn thải cảng và công nghiệp với sự hỗ trợ của Kitakyushu.",
    "id": "Sumber pelabuhan dan industri dipetakan dengan bantuan Kitakyushu.",
    "th": "ทำแผนที่แหล่งกำเนิดจากท่าเรือและอุตสาหกรรมด้วยความช่วยเหลือของคิตะคีวชู",
}


@pytest.fixture
def case_study(case_study_index, terms):
    partnership = TwinningPartnership.objects.get(slug="kitakyushu-haiphong")
    return CaseStudyPageFactory(
        parent=case_study_index,
        slug="haiphong-inventory",
        city=terms["city"]["haiphong"],
        twinning_partnership=partnership,
        **translations("title", TITLES),
        **translations("summary", SUMMARIES),
        **translations("period", {"en": "2015–2017", "vi": "2015–2017", "id": "2015–2017"}),
        terms={
            "themes": [terms["theme"]["clean-air-for-all"]],
            "actions": [terms["action"]["emissions-inventory"]],
            "partner_cities": [terms["city"]["kitakyushu"]],
        },
    )


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_case_study_renders_in_each_language(client: Client, case_study, language):
    html = client.get(f"/{language}/case-studies/haiphong-inventory/").content.decode()

    assert TITLES[language] in html
    assert SUMMARIES[language] in html
    assert f'<html lang="{language}">' in html


def test_the_fallback_notice_appears_only_where_a_shown_field_is_missing(client: Client, case_study):
    thai = client.get("/th/case-studies/haiphong-inventory/").content.decode()
    vietnamese = client.get("/vi/case-studies/haiphong-inventory/").content.decode()
    english = client.get("/en/case-studies/haiphong-inventory/").content.decode()

    # Only the Thai period is missing: it is shown in English, marked as English, with a notice.
    assert "translation-notice" in thai
    # Its years are written as Thai pages write years (Buddhist era, Gregorian beside it).
    assert '<dd lang="en">2558 (2015)–2560 (2017)</dd>' in thai
    assert "translation-notice" not in vietnamese
    assert "translation-notice" not in english


def test_the_twinning_partnership_is_shown_on_the_case_study(client: Client, case_study):
    html = client.get("/vi/case-studies/haiphong-inventory/").content.decode()

    assert "Kitakyushu" in html
    assert "Hải Phòng" in html
    assert "Kiểm kê phát thải" in html  # the focus action, in Vietnamese
    assert "Kitakyushu chia sẻ kinh nghiệm với Hải Phòng" in html


def test_json_ld_article_carries_the_csp_nonce_and_escapes_markup(client: Client, case_study):
    case_study.summary_en = "Before </script><script>alert(1)</script> after"
    case_study.save_revision().publish()

    response = client.get("/en/case-studies/haiphong-inventory/")
    html = response.content.decode()
    match = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)

    assert match, "JSON-LD script missing"
    nonce, payload = match.groups()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "<script>alert" not in payload
    data = json.loads(payload)
    assert data["@type"] == "Article"
    assert data["headline"] == TITLES["en"]
    assert data["contentLocation"]["name"] == "Haiphong"


def test_page_metadata_has_description_open_graph_and_feed_link(client: Client, case_study):
    html = client.get("/en/case-studies/haiphong-inventory/").content.decode()

    assert f'<meta name="description" content="{SUMMARIES["en"]}' in html.replace("&#x27;", "'")
    assert '<meta property="og:title"' in html
    assert 'type="application/rss+xml"' in html
    assert "/en/case-studies/feed/" in html


def test_no_inline_style_attributes(client: Client, case_study):
    assert "style=" not in client.get("/en/case-studies/haiphong-inventory/").content.decode()


def test_query_count_does_not_grow_with_tags_and_partner_cities(
    client: Client, case_study_index, terms, django_assert_num_queries
):
    few = CaseStudyPageFactory(
        parent=case_study_index,
        slug="few",
        city=terms["city"]["hanoi"],
        terms={"themes": [terms["theme"]["clean-air-for-all"]], "partner_cities": [terms["city"]["seoul"]]},
    )
    many = CaseStudyPageFactory(
        parent=case_study_index,
        slug="many",
        city=terms["city"]["hanoi"],
        terms={
            "themes": list(terms["theme"].values()),
            "pollutants": list(terms["pollutant"].values()),
            "sectors": list(terms["sector"].values()),
            "actions": list(terms["action"].values()),
            "partner_cities": list(terms["city"].values())[:10],
        },
    )
    expected = query_count(client, few.url)
    client.get(many.url)

    with django_assert_num_queries(expected):
        client.get(many.url)


def test_preview_renders_unsaved_changes(case_study):
    # What the admin's preview panel renders: the latest revision, unsaved relations included.
    draft = case_study.get_latest_revision_as_object()
    draft.title_en = "A draft title"
    draft.partner_cities = [City.objects.get(slug="osaka")]

    response = draft.make_preview_request(preview_mode="")

    assert response.status_code == 200
    html = response.content.decode()
    assert "A draft title" in html
    assert "Osaka" in html


def test_body_images_are_responsive_with_alt_text_and_documents_download(client: Client, case_study):
    # Wide enough for every width of the srcset (a smaller picture lists only the sizes it has).
    image = wagtail_factories.ImageFactory(title="Port of Haiphong", file__width=1600, file__height=900)
    document = wagtail_factories.DocumentFactory(title="Inventory report")
    case_study.body_en = [
        (
            "image",
            {"image": image, "alt_text": "Container cranes at the port", "caption": "The port in 2016"},
        ),
        ("document", {"document": document, "title": ""}),
        ("quote", {"text": "Cities have something to share and to learn.", "attribution": "C3 programme"}),
        (
            "indicator",
            {
                "indicator": "Sources inventoried",
                "baseline": 0,
                "result": 120,
                "unit": "sources",
                "year": 2017,
            },
        ),
    ]
    case_study.save_revision().publish()

    html = client.get("/en/case-studies/haiphong-inventory/").content.decode()

    assert 'alt="Container cranes at the port"' in html
    assert "srcset=" in html and ".width-800." in html
    assert "<figcaption>The port in 2016</figcaption>" in html
    assert f'href="{document.url}">Inventory report</a>' in html
    assert "Cities have something to share and to learn." in html
    assert "Sources inventoried, 2017" in html


def test_scheduled_publishing_makes_the_page_live_when_due(case_study_index):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    page = CaseStudyPageFactory(parent=case_study_index, slug="scheduled", live=False)
    page.go_live_at = timezone.now() + timedelta(minutes=5)
    revision = page.save_revision()
    revision.publish()  # with a future go-live date this only schedules
    page.refresh_from_db()
    assert not page.live

    # Time passes: the scheduled moment is now behind us.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live


@pytest.mark.parametrize(
    ("language", "baseline", "result", "year"),
    [("vi", "1.250,5", "987,25", "2017"), ("th", "1,250.5", "987.25", "2560 (2017)")],
)
def test_indicator_values_use_the_reader_number_format(
    client: Client, case_study, language, baseline, result, year
):
    block = {"indicator": "PM2.5", "baseline": 1250.5, "result": 987.25, "unit": "µg/m³", "year": 2017}
    setattr(case_study, f"body_{language}", [("indicator", block)])
    case_study.save_revision().publish()

    html = client.get(f"/{language}/case-studies/haiphong-inventory/").content.decode()

    assert f"{baseline} µg/m³" in html and f"{result} µg/m³" in html
    assert f"PM2.5, {year}" in html  # a year is never grouped like a number; Thai's is in its era


def _tags_of_partnership_block(html: str) -> list[str]:
    block = re.search(r'<section class="partnership".*?</section>', html, re.S)
    assert block, "the partnership block is missing"
    return re.findall(r'<span class="tag">(.*?)</span>', block.group(0))


@pytest.mark.parametrize("language", ["en", "th"])
def test_the_partnership_block_lists_its_focus_actions_as_the_relation_orders_them(
    client: Client, case_study, language
):
    partnership = case_study.twinning_partnership
    partnership.focus_actions.set(list(Action.objects.order_by("-slug")[:3]))
    partnership.save()

    html = client.get(f"/{language}/case-studies/haiphong-inventory/").content.decode()

    with translation.override(language):
        expected = [escape(str(action.name)) for action in partnership.focus_actions.all()]
    assert len(expected) == 3
    assert _tags_of_partnership_block(html) == expected


def test_the_focus_actions_cost_one_statement_however_many(client: Client, case_study):
    partnership = case_study.twinning_partnership
    partnership.focus_actions.set([])
    partnership.save()
    none = query_count(client, "/en/case-studies/haiphong-inventory/")
    partnership.focus_actions.set(list(Action.objects.all()[:4]))
    partnership.save()
    four = query_count(client, "/en/case-studies/haiphong-inventory/")

    assert four == none


def test_a_focus_action_the_cached_labels_do_not_know_is_read_from_its_row(
    client: Client, case_study, monkeypatch
):
    # terms_of answers None when a slug is missing from its cached vocabulary (a term created
    # in this very request): the block then shows the rows' names, never nothing.
    import knowledge.labels

    monkeypatch.setattr(knowledge.labels, "terms_of", lambda **kwargs: None)
    partnership = case_study.twinning_partnership
    action = Action.objects.get(slug="emissions-inventory")
    partnership.focus_actions.set([action])
    partnership.save()

    html = client.get("/en/case-studies/haiphong-inventory/").content.decode()

    assert _tags_of_partnership_block(html) == [escape(str(action.name_en))]
