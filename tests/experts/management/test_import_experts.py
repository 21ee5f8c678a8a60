import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from modeltranslation.utils import build_localized_fieldname

from experts.models import Expert, ExpertStatus

SAMPLE = Path("/work/shared/samples/experts.csv")
pytestmark = pytest.mark.django_db


def run_import(path: Path) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_experts", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_sample_imports_good_rows_and_reports_line_6(site):
    code, out, err = run_import(SAMPLE)

    assert code == 1
    assert err.strip().splitlines() == ["line 6: email is missing"]
    assert "4 created" in out
    linh = Expert.objects.get(email="linh.pham@example.net")
    assert linh.name == "Phạm Thùy Linh"
    assert linh.city.slug == "da-nang"
    assert linh.city.country.code == "VN"
    assert linh.status == ExpertStatus.PUBLISHED
    assert linh.languages == ["vi", "en"]
    assert list(linh.pollutants.values_list("slug", flat=True)) == ["pm25", "pm10"] or set(
        linh.pollutants.values_list("slug", flat=True)
    ) == {"pm25", "pm10"}
    assert linh.position_vi == "Kỹ sư chất lượng không khí"
    arief = Expert.objects.get(email="arief.h@example.net")
    assert getattr(arief, build_localized_fieldname("position", "id")) == "Dosen"
    assert arief.availability == ["review", "advise"]
    nattaya = Expert.objects.get(email="nattaya.k@example.net")
    assert nattaya.biography_th.startswith("<p>สื่อสาร")
    assert Expert.objects.get(email="retired.sample@example.net").status == ExpertStatus.ARCHIVED


def test_a_second_import_updates_instead_of_duplicating(site):
    run_import(SAMPLE)
    Expert.objects.filter(email="linh.pham@example.net").update(position_en="Changed")

    code, out, _err = run_import(SAMPLE)

    assert code == 1
    assert "0 created, 4 updated" in out
    assert Expert.objects.count() == 4
    assert Expert.objects.get(email="linh.pham@example.net").position_en == "Air quality engineer"


def test_json_lines_with_arrays_sanitises_bios_and_exits_0(tmp_path, site):
    path = tmp_path / "experts.jsonl"
    rows = [
        {
            "email": "Somchai@Example.org",
            "name": "สมชาย ใจดี",
            "city": "bangkok",
            "themes": ["clean-air-for-all"],
            "actions": ["emissions-inventory", "source-apportionment"],
            "languages": ["th", "en"],
            "bio": '<p onclick="x()">Inventory lead<script>alert(1)</script></p>',
            "bio_th": "<p>หัวหน้าทีม</p>",
            "links": ["https://example.org/report.pdf"],
            "availability": ["mentor"],
        }
    ]
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")

    code, _out, err = run_import(path)

    assert code == 0, err
    expert = Expert.objects.get(email="somchai@example.org")
    assert expert.biography_en == "<p>Inventory lead</p>"
    assert expert.biography_th == "<p>หัวหน้าทีม</p>"
    assert set(expert.actions.values_list("slug", flat=True)) == {
        "emissions-inventory",
        "source-apportionment",
    }
    assert expert.status == ExpertStatus.PUBLISHED
    assert expert.links == ["https://example.org/report.pdf"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"email": "a@example.org", "name": "A", "city": "atlantis"}, "unknown city 'atlantis'"),
        ({"email": "not-an-address", "name": "A", "city": "hanoi"}, "not a valid address"),
        ({"email": "a@example.org", "city": "hanoi"}, "name is missing"),
        (
            {"email": "a@example.org", "name": "A", "city": "hanoi", "pollutants": ["pm3"]},
            "unknown pollutant 'pm3'",
        ),
        ({"email": "a@example.org", "name": "A", "city": "hanoi", "languages": ["english"]}, "ISO 639-1"),
        (
            {"email": "a@example.org", "name": "A", "city": "hanoi", "links": ["javascript:alert(1)"]},
            "http(s)",
        ),
        ({"email": "a@example.org", "name": "A", "city": "hanoi", "status": "gone"}, "unknown status"),
        (
            {"email": "a@example.org", "name": "A", "city": "hanoi", "organisation_type": "club"},
            "organisation_type",
        ),
    ],
)
def test_bad_rows_are_reported_with_their_line_and_good_rows_still_imported(tmp_path, site, row, reason):
    path = tmp_path / "experts.jsonl"
    good = {"email": "good@example.org", "name": "Good", "city": "hanoi"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(row) + "\nnot json\n", encoding="utf-8")

    code, _out, err = run_import(path)

    lines = err.strip().splitlines()
    assert code == 1
    assert lines[0].startswith("line 2: ") and reason in lines[0]
    assert lines[1].startswith("line 3: not valid JSON")
    assert Expert.objects.filter(email="good@example.org").exists()
    assert not Expert.objects.filter(email="a@example.org").exists()


def test_csv_line_numbers_count_multiline_fields(tmp_path, site):
    path = tmp_path / "experts.csv"
    path.write_text(
        'email,name,city,bio\na@example.org,A,hanoi,"<p>one\ntwo</p>"\n,No mail,hanoi,\n', encoding="utf-8"
    )

    code, _out, err = run_import(path)

    assert code == 1
    assert err.strip() == "line 4: email is missing"


def stored_experts() -> dict[str, dict]:
    """Every expert's columns and expertise, keyed by e-mail, without ids and timestamps."""
    rows = {}
    # Not rewritten by modeltranslation: the columns as stored, the untranslated ones too.
    for values in Expert.objects.rewrite(False).values():
        expert = Expert.objects.get(pk=values.pop("id"))
        del values["created_at"], values["updated_at"]
        for relation in ("themes", "pollutants", "sectors", "actions"):
            values[relation] = sorted(getattr(expert, relation).values_list("slug", flat=True))
        rows[values["email"]] = values
    return rows


def test_the_bulk_import_stores_each_expert_as_a_row_by_row_save_does(tmp_path, site):
    from experts.services.importing import import_expert_row, read_import_rows

    path = tmp_path / "experts.jsonl"
    rows = [
        {
            "email": "Somchai@Example.org",
            "name": "สมชาย วงศ์สวัสดิ์",
            "city": "bangkok",
            "bio_th": "<p>หัวหน้า</p>",
        },
        {
            "email": "b@example.org",
            "name": "Đặng Văn Bình",
            "city": "hanoi",
            "bio": '<p onclick="x()">Hi</p>',
        },
        {"email": "c@example.org", "name": "Đặng Văn Bình", "city": "hanoi", "pollutants": ["pm25", "no2"]},
        {
            "email": "d@example.org",
            "name": "Dee",
            "city": "hanoi",
            "position": "Lead",
            "position_vi": "Trưởng",
        },
    ]
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    run_import(SAMPLE)
    run_import(path)
    # A second file changes some of them: updates must store what a save stores too.
    changed = tmp_path / "changed.jsonl"
    changed.write_text(
        json.dumps({"email": "c@example.org", "name": "C", "city": "bangkok", "pollutants": ["pm10"]})
        + "\n"
        + json.dumps(
            {"email": "linh.pham@example.net", "name": "Linh", "city": "hanoi", "bio_vi": "<b>Mới</b>"}
        )
        + "\n",
        encoding="utf-8",
    )
    run_import(changed)
    bulk = stored_experts()

    Expert.objects.all().delete()
    for each in (SAMPLE, path, changed):
        for _number, row in read_import_rows(path=each):
            if isinstance(row, dict) and row.get("email"):
                import_expert_row(row=row)
    one_by_one = stored_experts()

    assert bulk.keys() == one_by_one.keys()
    for email in bulk:
        assert bulk[email] == one_by_one[email], email
    assert bulk["somchai@example.org"]["slug"] == "สมชาย-วงศ์สวัสดิ์"
    assert {bulk["b@example.org"]["slug"], bulk["c@example.org"]["slug"]} == {
        "dang-van-binh",
        "dang-van-binh-2",
    }
