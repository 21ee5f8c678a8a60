from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.documents import get_document_model

from knowledge.models import CaseStudyPage, ForumReportPage, TrainingMaterialPage, TwinningPartnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(site):
    # Speed is a benchmark concern, never a unit-test assertion.
    call_command("load_demo", stdout=StringIO())


def test_demo_loads_idempotently(demo):
    counts = (
        CaseStudyPage.objects.count(),
        TrainingMaterialPage.objects.count(),
        ForumReportPage.objects.count(),
    )

    call_command("load_demo", stdout=StringIO())

    assert counts == (13, 6, 8)
    assert counts == (
        CaseStudyPage.objects.count(),
        TrainingMaterialPage.objects.count(),
        ForumReportPage.objects.count(),
    )


def test_demo_covers_the_twinning_pairs_and_the_forums(demo):
    linked = set(
        CaseStudyPage.objects.exclude(twinning_partnership=None).values_list(
            "twinning_partnership__slug", flat=True
        )
    )
    assert linked == set(TwinningPartnership.objects.values_list("slug", flat=True))
    titles = set(ForumReportPage.objects.values_list("title_en", flat=True))
    for year in (2016, 2017, 2018, 2019):
        assert f"Seoul International Forum on Air Quality Improvement {year}" in titles
    for year in (2018, 2019):
        assert f"Beijing International Forum for Metropolitan Clean Air Actions {year}" in titles
    workshop = ForumReportPage.objects.get(slug="escap-regional-workshop-city-action-plans-2022")
    assert (workshop.timezone, workshop.local_start.date().isoformat()) == ("Asia/Bangkok", "2022-12-02")
    assert workshop.interpretation_languages == "vi, id, th"
    assert workshop.online_participation


def test_demo_pages_render_in_every_language_and_some_show_the_fallback_notice(client: Client, demo):
    notices = 0
    for page in [
        *CaseStudyPage.objects.all(),
        *TrainingMaterialPage.objects.all(),
        *ForumReportPage.objects.all(),
    ]:
        for language in ("en", "vi", "id", "th"):
            response = client.get(f"/{language}{page.url[3:]}")
            assert response.status_code == 200, (language, page.slug)
            notices += "translation-notice" in response.content.decode()
    assert notices >= 3
    html = client.get("/en/forum-reports/escap-regional-workshop-city-action-plans-2022/").content.decode()

    assert html.count('<time datetime="2022-12-02') == 1  # a one-day workshop shows one date


def test_demo_has_four_upcoming_events_and_certified_cities(demo, client: Client):
    from django.utils import timezone

    from knowledge.models import CityCertification, EventPage

    events = EventPage.objects.live()
    assert events.count() == 4
    assert all(event.start > timezone.now() for event in events)
    assert set(events.values_list("kind", flat=True)) == {
        "workshop",
        "expert-group-meeting",
        "forum",
        "training",
    }
    workshop = events.get(city__slug="bangkok", kind="workshop")
    assert workshop.online_participation and workshop.interpretation_languages == "vi, id, th"
    assert all(event.title_vi and event.title_ind and event.title_th for event in events)
    assert CityCertification.objects.values("city").distinct().count() >= 5

    listing = client.get("/th/events/").content.decode()
    assert workshop.title_th in listing
    assert "Seoul" in client.get("/en/events/").content.decode()
    assert "Level 3" in client.get("/en/cities/haiphong/").content.decode()
    assert "meet.example.org" not in listing


def test_the_haiphong_case_study_offers_its_report_as_a_pdf_in_every_language(demo, client: Client):
    call_command("load_demo", stdout=StringIO())  # loading again reuses the document
    document = get_document_model().objects.get()
    path = "case-studies/haiphong-emissions-inventory-industrial-zones-and-ports/"

    pages = {language: client.get(f"/{language}/{path}").content.decode() for language in ("en", "th")}
    download = client.get(document.url)

    assert document.url in pages["en"] and "summary report (PDF)" in pages["en"]
    assert document.url in pages["th"] and "รายงานสรุป (PDF)" in pages["th"]
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
