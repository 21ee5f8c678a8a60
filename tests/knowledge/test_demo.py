import io
import json
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader
from wagtail.documents import get_document_model

from knowledge.models import CaseStudyPage, ForumReportPage, TrainingMaterialPage, TwinningPartnership
from portal.search.models import DocumentText

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

    assert counts == (14, 6, 15)
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
    documents = get_document_model().objects.count()
    call_command("load_demo", stdout=StringIO())  # loading again reuses the documents
    assert get_document_model().objects.count() == documents
    document = get_document_model().objects.get(title__startswith="Haiphong emissions inventory")
    path = "case-studies/haiphong-emissions-inventory-industrial-zones-and-ports/"

    pages = {language: client.get(f"/{language}/{path}").content.decode() for language in ("en", "th")}
    download = client.get(document.url)

    assert document.url in pages["en"] and "summary report (PDF)" in pages["en"]
    assert document.url in pages["th"] and "รายงานสรุป (PDF)" in pages["th"]
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_demo_case_studies_show_their_results_as_charts_with_tables(demo, client):
    with_results = [page for page in CaseStudyPage.objects.live() if page.results]
    assert {page.slug for page in with_results} >= {
        "beijing-air-quality-management",
        "bangkok-pm25-action-plan",
        "ulaanbaatar-ger-district-heating",
    }
    for page in with_results:
        html = client.get(page.url).content.decode()
        assert '<svg viewBox="0 0 360 220" role="img"' in html, page.slug
        assert '<table class="indicator-chart__table">' in html, page.slug

    beijing = client.get("/en/case-studies/beijing-air-quality-management/").content.decode()
    # The published series (2013 baseline, three results) is drawn as one line with four points.
    assert beijing.count('class="chart-point"') == 4
    assert "Annual mean PM2.5 concentration fell 53 % from 2013 to 2019" in beijing
    assert '<th scope="row">2013 <span class="meta">(baseline)</span></th><td>89.5</td>' in beijing
    thai = client.get("/th/case-studies/beijing-air-quality-management/").content.decode()
    assert "ความเข้มข้นเฉลี่ยรายปีของ PM2.5 ลดลง 53 % ระหว่าง ค.ศ. 2013 ถึง 2019" in thai
    vietnamese = client.get("/vi/case-studies/beijing-air-quality-management/").content.decode()
    # Vietnamese writes a decimal comma in the table; the chart's coordinates keep their dots.
    assert "<td>89,5</td>" in vietnamese
    # Figures the seeds do not give are marked as illustrative in every language.
    bangkok = CaseStudyPage.objects.get(slug="bangkok-pm25-action-plan")
    for suffix, marker in (("en", "illustrative"), ("vi", "minh họa"), ("ind", "ilustrasi"), ("th", "สมมติ")):
        names = [block.value["indicator"] for block in getattr(bangkok, f"results_{suffix}")]
        assert names and all(marker in name for name in names), suffix


def test_demo_forum_reports_hold_the_eacac_programme_with_its_dates(demo):
    starts = {
        page.slug: page.start.astimezone(ZoneInfo(page.timezone)).date().isoformat()
        for page in ForumReportPage.objects.filter(slug__regex=r"^(eacac-workshop|iclei-shrdc-training)")
    }
    assert starts == {
        "eacac-workshop-2016": "2016-05-20",
        "eacac-workshop-2017": "2017-05-31",
        "iclei-shrdc-training-2016": "2016-11-24",
        "iclei-shrdc-training-2017": "2017-11-24",
        "iclei-shrdc-training-2018": "2018-11-24",
        "iclei-shrdc-training-2019-i": "2019-05-19",
        "iclei-shrdc-training-2019-ii": "2019-09-01",
    }
    escap = ForumReportPage.objects.get(slug="escap-regional-workshop-city-action-plans-2022")
    assert "three objectives" in str(escap.body_en)


def test_every_demo_forum_report_offers_a_multi_page_pdf_of_its_own_facts(demo, client: Client):
    for page in ForumReportPage.objects.live():
        [block] = page.report_documents_th
        document = block.value["document"]
        html = client.get(f"/th{page.url[3:]}").content.decode()
        assert document.url in html and "รายงาน (PDF" in html, page.slug
        assert document.file_size and '<span class="meta">(PDF, ' in html, page.slug  # with its size

        reader = PdfReader(io.BytesIO(b"".join(client.get(document.url).streaming_content)))
        text = " ".join(pdf_page.extract_text() for pdf_page in reader.pages)
        assert len(reader.pages) >= 2, page.slug
        assert " ".join(page.title_en.split()) in " ".join(text.split()), page.slug
        assert str(page.local_start.year) in text and page.timezone in text, page.slug
        # Search reads the same text (portal/search/document_text.py).
        assert page.title_en.split()[0] in DocumentText.objects.get(document=document).text

    escap = ForumReportPage.objects.get(slug="escap-regional-workshop-city-action-plans-2022")
    text = DocumentText.objects.get(document=escap.report_documents_en[0].value["document"]).text
    assert "Dates: 2 December 2022" in text
    assert "Increase the knowledge base on air pollution in the region." in text


def test_demo_case_studies_and_forum_reports_show_a_map_picture_described_in_each_language(demo, client):
    pages = [*CaseStudyPage.objects.live().exclude(city=None), *ForumReportPage.objects.live()]
    assert pages
    for page in pages:
        assert page.card_image is not None, page.slug
        for suffix in ("en", "vi", "ind", "th"):
            assert getattr(page, f"card_image_alt_{suffix}"), (page.slug, suffix)

    haiphong = CaseStudyPage.objects.get(slug="haiphong-emissions-inventory-industrial-zones-and-ports")
    thai = client.get(
        "/th/case-studies/haiphong-emissions-inventory-industrial-zones-and-ports/"
    ).content.decode()
    assert 'alt="แผนที่ทำเครื่องหมายไฮฟองและคิตะคีวชู เชื่อมกันด้วยเส้น"' in thai
    assert "width-480.png 480w" in thai and "width-1200.png 1200w" in thai
    english = client.get(f"/en/case-studies/{haiphong.slug}/").content.decode()
    assert 'alt="Map with Haiphong and Kitakyushu marked, joined by lines"' in english
    [data] = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', english, re.S)
        if '"Article"' in block
    ]
    assert data["image"].endswith(".width-1200.png")
    assert data["author"]["name"] == "Clean Air Knowledge Exchange"
