"""The JSON Lines importer (README, "Importing knowledge pages") through `manage.py import_knowledge`."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from knowledge.models import CaseStudyIndexPage, CaseStudyPage, ForumReportPage, TrainingMaterialPage
from knowledge.services import PageData, save_knowledge_page

pytestmark = pytest.mark.django_db

SAMPLE = Path("/work/shared/samples/knowledge.jsonl")


def run_import(path: Path) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_knowledge", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def write_rows(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text(
        "\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows), encoding="utf-8"
    )
    return path


@pytest.fixture
def sample(tmp_path, site) -> Path:
    if not SAMPLE.exists():
        pytest.skip("shared sample file not available")
    return Path(shutil.copy(SAMPLE, tmp_path / "knowledge.jsonl"))


def test_sample_imports_valid_rows_and_reports_the_bad_line(sample):
    code, out, err = run_import(sample)

    assert code == 1
    assert err.strip().splitlines() == ["line 4: unknown city 'atlantis'"]
    assert "3 created" in out
    case_study = CaseStudyPage.objects.get(slug="sample-da-nang-monitoring-network")
    assert case_study.live
    assert case_study.title_vi == "Mở rộng mạng lưới quan trắc ở Đà Nẵng"
    assert case_study.city.slug == "da-nang"
    assert [action.slug for action in case_study.actions.all()] == ["air-quality-monitoring"]
    assert case_study.get_parent().specific_class is CaseStudyIndexPage
    training = TrainingMaterialPage.objects.get(slug="sample-emissions-inventory-basics")
    assert training.title_ind == "Dasar-dasar inventarisasi emisi"
    assert (training.level, training.format, training.audience_en) == (
        "introductory",
        "course",
        "city environment staff",
    )


def test_live_false_leaves_a_draft_with_a_revision(sample):
    run_import(sample)

    forum = ForumReportPage.objects.get(slug="sample-chiang-mai-haze-forum-2024")
    assert not forum.live
    assert forum.latest_revision is not None
    assert forum.title_th == "เวทีหมอกควันภาคเหนือ 2567"
    assert forum.timezone == "Asia/Bangkok"
    assert forum.local_start.isoformat() == "2024-02-20T00:00:00+07:00"
    assert forum.is_all_day


def test_a_second_run_updates_instead_of_duplicating(sample, tmp_path):
    run_import(sample)
    row = {
        "type": "case_study",
        "slug": "sample-da-nang-monitoring-network",
        "city": "da-nang",
        "title": {"en": "Da Nang's monitoring network, updated"},
        "body": {"en": "<p>Now with twelve stations.</p>"},
    }

    code, out, err = run_import(write_rows(tmp_path, row))

    assert (code, err) == (0, "")
    assert "0 created, 1 updated" in out
    page = CaseStudyPage.objects.get(slug="sample-da-nang-monitoring-network")
    assert page.title_en == "Da Nang's monitoring network, updated"
    assert page.title_vi is None  # the row no longer carries a Vietnamese title
    assert CaseStudyPage.objects.filter(slug="sample-da-nang-monitoring-network").count() == 1


def test_body_html_is_sanitised_into_one_rich_text_block(site, tmp_path):
    row = {
        "type": "case_study",
        "slug": "dirty-body",
        "title": {"en": "Dirty body"},
        "body": {
            "en": '<p>Kept <strong>text</strong><script>alert("x")</script></p><a href="javascript:alert(1)">x</a>',
            "id": "<h2>Judul</h2><style>p{}</style><p>Isi</p>",
        },
    }
    run_import(write_rows(tmp_path, row))

    page = CaseStudyPage.objects.get(slug="dirty-body")
    assert len(page.body_en) == 1
    assert page.body_en[0].block_type == "rich_text"
    source = page.body_en[0].value.source
    assert "<strong>text</strong>" in source
    assert "alert" not in source
    assert "javascript" not in source
    assert page.body_ind[0].value.source == "<h2>Judul</h2><p>Isi</p>"


def test_every_problem_is_reported_on_its_own_line(site, tmp_path):
    rows = [
        "{not json",
        {"type": "podcast", "slug": "x", "title": {"en": "X"}},
        {"type": "case_study", "slug": "no-title", "title": {"vi": "Chỉ tiếng Việt"}},
        {
            "type": "case_study",
            "slug": "bad terms",
            "title": {"en": "X"},
            "themes": ["clean-air-for-all", "nope"],
            "year": "2020",
        },
        {
            "type": "forum_report",
            "slug": "bad-dates",
            "title": {"en": "X"},
            "start_date": "2024-13-01",
            "timezone": "Mars/Olympus",
        },
        {"type": "training_material", "slug": "bad-format", "title": {"en": "X"}, "format": "podcast"},
        {"type": "case_study", "slug": "fine", "title": {"en": "Fine"}},
    ]

    code, out, err = run_import(write_rows(tmp_path, *rows))

    lines = err.strip().splitlines()
    assert code == 1
    assert lines[0].startswith("line 1: invalid JSON")
    assert lines[1].startswith("line 2: unknown type 'podcast'")
    assert "line 3: title.en is required" in lines
    assert "line 4: invalid or missing slug 'bad terms'" in lines
    assert "line 4: unknown themes slug(s): nope" in lines
    assert any(line.startswith("line 4: year must be") for line in lines)
    assert any(line.startswith("line 5: unknown time zone") for line in lines)
    assert any(line.startswith("line 5: start_date must be an ISO date") for line in lines)
    assert any(line.startswith("line 6: format must be one of") for line in lines)
    assert not any(line.startswith("line 7") for line in lines)
    assert CaseStudyPage.objects.filter(slug="fine", live=True).exists()
    assert "1 created" in out


def test_a_clean_file_exits_zero_and_creates_missing_index_pages(site, tmp_path):
    CaseStudyIndexPage.objects.all().delete()
    code, _out, err = run_import(
        write_rows(tmp_path, {"type": "case_study", "slug": "one", "title": {"en": "One"}})
    )

    assert (code, err) == (0, "")
    assert CaseStudyIndexPage.objects.get().live
    assert CaseStudyPage.objects.get(slug="one").get_parent().specific_class is CaseStudyIndexPage


def test_save_knowledge_page_can_turn_a_live_page_into_a_draft(site):
    data = PageData(model=CaseStudyPage, slug="toggle", translated={"title": {"en": "Toggle"}})
    page, created = save_knowledge_page(data=data)
    assert created and page.live

    data.live = False
    page, created = save_knowledge_page(data=data)

    assert not created
    page.refresh_from_db()
    assert not page.live
