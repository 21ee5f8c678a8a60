import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from knowledge.factories import ForumReportPageFactory, translations
from tests.knowledge.helpers import query_count

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")
TITLES = {
    "en": "Regional workshop on city clean-air action plans",
    "vi": "Hội thảo khu vực về kế hoạch hành động không khí sạch cấp thành phố",
    "id": "Lokakarya regional rencana aksi udara bersih kota",
    "th": "การประชุมเชิงปฏิบัติการระดับภูมิภาคว่าด้วยแผนปฏิบัติการอากาศสะอาดของเมือง",
}


@pytest.fixture
def workshop(forum_index, terms):
    return ForumReportPageFactory(
        parent=forum_index,
        slug="escap-workshop-2022",
        city=terms["city"]["bangkok"],
        # 09:00–17:00 in Bangkok is 02:00–10:00 UTC: the page must show the Bangkok times.
        start=datetime(2022, 12, 2, 9, 0, tzinfo=BANGKOK),
        end=datetime(2022, 12, 2, 17, 0, tzinfo=BANGKOK),
        timezone="Asia/Bangkok",
        venue_latitude=13.7587,
        venue_longitude=100.5119,
        interpretation_languages="vi, id, th",
        online_participation=True,
        **translations("title", TITLES),
        **translations("venue", {"en": "United Nations Conference Centre, Bangkok"}),
        **translations("summary", {lang: f"Summary {lang}" for lang in TITLES}),
    )


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_forum_report_renders_in_each_language(client: Client, workshop, language):
    html = client.get(f"/{language}/forum-reports/escap-workshop-2022/").content.decode()

    assert TITLES[language] in html
    assert f"Summary {language}" in html
    assert "Asia/Bangkok" in html


def test_dates_are_shown_in_the_event_time_zone_with_its_label(client: Client, workshop):
    html = client.get("/en/forum-reports/escap-workshop-2022/").content.decode()

    assert 'datetime="2022-12-02T09:00:00+07:00"' in html
    assert "9 a.m." in html  # not 2 a.m. UTC
    assert "(time zone: Asia/Bangkok, UTC+07:00)" in html


def test_venue_links_to_openstreetmap_without_embedding_tiles(client: Client, workshop):
    html = client.get("/en/forum-reports/escap-workshop-2022/").content.decode()

    assert "https://www.openstreetmap.org/?mlat=13.7587&amp;mlon=100.5119#map=17/13.7587/100.5119" in html
    assert "<iframe" not in html
    assert (
        'lang="en">United Nations Conference Centre'
        in client.get("/th/forum-reports/escap-workshop-2022/").content.decode()
    )


def test_interpretation_languages_are_named_in_the_reader_language(client: Client, workshop):
    html = client.get("/en/forum-reports/escap-workshop-2022/").content.decode()

    assert "Vietnamese, Indonesian, Thai" in html


def test_map_link_falls_back_to_a_search_query(workshop):
    workshop.venue_latitude = workshop.venue_longitude = None
    workshop.map_query = "UNCC Bangkok"

    assert workshop.map_url == "https://www.openstreetmap.org/search?query=UNCC+Bangkok"


def test_json_ld_is_an_event_in_local_time(client: Client, workshop):
    html = client.get("/en/forum-reports/escap-workshop-2022/").content.decode()

    data = json.loads(
        re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Event"
    assert data["startDate"] == "2022-12-02T09:00:00+07:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


def test_query_count_does_not_grow_with_tags(client: Client, forum_index, terms, django_assert_num_queries):
    few = ForumReportPageFactory(
        parent=forum_index, slug="few", terms={"themes": [terms["theme"]["clean-air-for-all"]]}
    )
    many = ForumReportPageFactory(
        parent=forum_index,
        slug="many",
        terms={"themes": list(terms["theme"].values()), "pollutants": list(terms["pollutant"].values())},
    )
    expected = query_count(client, few.url)
    client.get(many.url)

    with django_assert_num_queries(expected):
        client.get(many.url)
