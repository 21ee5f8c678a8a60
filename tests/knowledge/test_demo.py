import io
import json
import re
import unicodedata
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader
from wagtail.documents import get_document_model

from knowledge.models import CaseStudyPage, ForumReportPage, TrainingMaterialPage, TwinningPartnership
from portal.i18n import language_name_local
from portal.search.models import DocumentText

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_loaded_once, site):
    """The demo, loaded once for the module; each test's changes are rolled back (tests/conftest.py)."""


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


def _pdf_text(client: Client, document) -> str:
    response = client.get(document.url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(" ".join(pdf_page.extract_text().split()) for pdf_page in reader.pages)


LANGUAGE_IN_THAI = {"en": "ภาษาอังกฤษ", "vi": "ภาษาเวียดนาม", "id": "ภาษาอินโดนีเซีย", "th": "ภาษาไทย"}


@pytest.mark.parametrize(
    "model,field,link",
    [
        (ForumReportPage, "report_documents", "รายงาน (PDF"),
        (TrainingMaterialPage, "downloads", "สรุปเนื้อหาการฝึกอบรม (PDF"),
    ],
)
def test_every_demo_forum_report_and_training_material_offers_a_pdf_in_each_of_its_languages(
    demo, client: Client, model, field, link
):
    for page in model.objects.live():
        written_in = [code for code, suffix in (("en", "en"), ("vi", "vi"), ("id", "ind"), ("th", "th"))
                      if getattr(page, f"title_{suffix}")]  # fmt: skip
        blocks = list(getattr(page, f"{field}_th"))
        html = client.get(f"/th{page.url[3:]}").content.decode()
        assert len(blocks) == len(written_in) >= 3, page.slug  # every language the page is in
        languages = []
        for block in blocks:
            document = block.value["document"]
            language = next(code for code, name in LANGUAGE_IN_THAI.items() if name in block.value["title"])
            languages.append(language)
            # Listed with what it is, its language and its size; served as a PDF; searchable.
            assert document.url in html and link in html and block.value["title"] in html, page.slug
            link_html = f'href="{document.url}">{block.value["title"]}</a> <span class="meta">(PDF, '
            assert document.file_size and link_html in html, page.slug
            # The link says which language the file is in: hreflang for browsers and assistive
            # technology, and for a file in another language its name in that language.
            assert f'hreflang="{language}" {link_html}' in html, (page.slug, language)
            own_name = f'<span lang="{language}">{language_name_local(language)}</span>)</span>'
            assert (own_name in html) == (language != "th"), (page.slug, language)
            title = " ".join(getattr(page, f"title_{'ind' if language == 'id' else language}").split())
            text = _pdf_text(client, document)
            # A Thai line breaks between words, and pypdf reads a shaped sara am (ำ) as followed by
            # a tab: both come back as spaces, so compare the letters.
            assert re.sub(r"\s", "", title) in re.sub(r"\s", "", text), (page.slug, language)
            assert "?" not in text, (page.slug, language)  # no letter replaced
            indexed = " ".join(DocumentText.objects.get(document=document).text.split())
            assert re.sub(r"\s", "", title) in re.sub(r"\s", "", indexed), (page.slug, language)
        # The reader's own language first, then the others.
        assert languages[0] == ("th" if "th" in written_in else "en"), page.slug
        assert sorted(languages) == sorted(written_in), page.slug


def _letters(text: str, language: str) -> str:
    """``text`` as a reader compares it: NFC, and with Thai's line breaks between words (no space
    in the text, a line end in the PDF) taken out; other languages break lines at spaces."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s", "", text) if language == "th" else " ".join(text.split())


def test_every_demo_pdf_reads_back_as_the_text_it_was_written_in(demo, client: Client):
    # What a reader copying text, a screen reader or a search engine gets from the file: the
    # letters that were set, never a control character where a glyph was drawn from several parts
    # (a Vietnamese dot below, Thai sara am), and its summary sentences whole.
    checked = set()
    pages = [*ForumReportPage.objects.live(), *TrainingMaterialPage.objects.live()]
    for page in pages:
        field = "report_documents" if isinstance(page, ForumReportPage) else "downloads"
        for block in getattr(page, f"{field}_en"):
            document = block.value["document"]
            language = re.search(r"\((vi|id|th)\)$", document.title)
            language = language.group(1) if language else "en"
            response = client.get(document.url)
            reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
            text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
            controls = sorted({hex(ord(c)) for c in text if unicodedata.category(c) == "Cc" and c != "\n"})
            assert not controls, (document.title, controls)
            summary = getattr(page, f"summary_{'ind' if language == 'id' else language}")
            assert summary and _letters(summary, language) in _letters(text, language), document.title
            checked.add(language)
    assert checked == {"en", "vi", "id", "th"}


def test_demo_reports_carry_their_dates_sessions_and_outcomes_in_each_language(demo, client: Client):
    escap = ForumReportPage.objects.get(slug="escap-regional-workshop-city-action-plans-2022")
    english = DocumentText.objects.get(document=escap.report_documents_en[0].value["document"]).text
    assert "Dates: 2 December 2022" in english
    assert "Increase the knowledge base on air pollution in the region." in english
    thai = _pdf_text(client, escap.report_documents_th[0].value["document"])
    # Dates in the Thai calendar, the page's outcomes in Thai.
    assert "2 ธันวาคม 2565" in thai and "Asia/Bangkok" in thai
    assert "ความรู้ที่ดีขึ้นเกี่ยวกับวิธีลดมลพิษทางอากาศในเมือง" in thai.replace(" ", "")
    vietnamese = _pdf_text(client, escap.report_documents_vi[0].value["document"])
    assert "Kết quả" in vietnamese and "Hiểu rõ hơn cách giảm ô nhiễm không khí trong thành phố" in vietnamese

    training = TrainingMaterialPage.objects.get(slug="iclei-shrdc-air-quality-training")
    english = _pdf_text(client, training.downloads_en[0].value["document"])
    # The course summary lists the five editions of the training with their dates.
    for when in (
        "24-28 November 2016",
        "24-28 November 2017",
        "24-28 November 2018",
        "19-23 May 2019",
        "1-8 September 2019",
    ):
        assert when in english
    indonesian = _pdf_text(client, training.downloads_ind[0].value["document"])
    assert "Penyelenggaraan dan tanggal" in indonesian and "Pejabat pemerintah daerah di Asia" in indonesian


def test_loading_the_demo_again_keeps_its_report_files(demo):
    documents = {document.pk: document.file_hash for document in get_document_model().objects.all()}
    call_command("load_demo", stdout=StringIO())
    assert {document.pk: document.file_hash for document in get_document_model().objects.all()} == documents


def test_every_demo_page_shows_a_picture_described_in_each_language(demo, client):
    pages = [
        *CaseStudyPage.objects.live(),
        *TrainingMaterialPage.objects.live(),
        *ForumReportPage.objects.live(),
    ]
    for page in pages:
        assert page.card_image is not None, page.slug
        for suffix in ("en", "vi", "ind", "th"):
            assert getattr(page, f"card_image_alt_{suffix}"), (page.slug, suffix)
    course = client.get("/th/training/emissions-inventory-course/").content.decode()
    assert 'alt="ภาพประกอบที่วาดขึ้นสำหรับเว็บไซต์: เส้นขอบฟ้าของเมือง' in course
    assert '<source type="image/webp"' in course


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
