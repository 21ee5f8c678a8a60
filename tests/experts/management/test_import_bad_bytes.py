"""`import_experts` reads any byte sequence to the end (issue 19, finding 6): a row that is not
UTF-8, holds a NUL, has an oversize field or never closes its quote is reported as `line N: …`
and every good row around it is imported."""

import csv
import io
import json
from pathlib import Path

import pytest

from experts.models import Expert
from tests.experts.management.test_import_experts import run_import

SAMPLE = Path("/work/shared/samples/experts.csv")
pytestmark = pytest.mark.django_db


def header() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")


def csv_line(**values: str) -> bytes:
    """One CSV row in the sample's column order (a quoted field may hold line breaks)."""
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header(), lineterminator="\n").writerow(
        {"city": "da-nang", "languages": "en", **values}
    )
    return out.getvalue().encode("utf-8")


def test_bad_bytes_are_reported_per_line_and_the_good_rows_imported(site, tmp_path):
    oversize = "<p>" + "x" * 200_000 + "</p>"
    lines = [
        ",".join(header()).encode() + b"\n",  # line 1
        csv_line(email="one@example.net", name="One"),  # line 2
        csv_line(email="latin@example.net", name="Jos\N{LATIN SMALL LETTER E WITH ACUTE}").replace(
            "é".encode(), b"\xe9"
        ),  # line 3: Latin-1
        csv_line(email="nul@example.net", name="Nul\x00Byte"),  # line 4
        csv_line(email="two@example.net", name="Two"),  # line 5
        csv_line(email="big@example.net", name="Big", bio=oversize),  # line 6
        b'open@example.net,"Open Quote,,,,,,,,da-nang\n',  # line 7: the quote never closes
        csv_line(email="three@example.net", name="Three"),  # line 8
        csv_line(email="four@example.net", name="Four", bio="<p>First.</p>\n<p>Second, third.</p>"),  # 9-10
        csv_line(email="five@example.net", name="Five"),  # line 11
    ]
    path = tmp_path / "bad.csv"
    path.write_bytes(b"".join(lines))

    code, out, err = run_import(path)

    assert code == 1
    assert err.strip().splitlines() == [
        "line 3: not UTF-8 text",
        "line 4: contains a NUL character",
        "line 6: a field is longer than 131072 characters",
        "line 7: unterminated quote (the quoted field never ends; the rows after it are read again)",
    ]
    assert "5 created, 0 updated, 4 rejected" in out
    assert sorted(Expert.objects.values_list("email", flat=True)) == [
        "five@example.net",
        "four@example.net",
        "one@example.net",
        "three@example.net",
        "two@example.net",
    ]
    assert Expert.objects.get(email="four@example.net").biography == "<p>First.</p>\n<p>Second, third.</p>"


def test_an_unterminated_quote_at_the_end_is_reported(site, tmp_path):
    path = tmp_path / "tail.csv"
    path.write_bytes(
        ",".join(header()).encode()
        + b"\n"
        + csv_line(email="one@example.net", name="One")
        + b'two@example.net,"Two\nstill inside the quote\n'
    )

    code, out, err = run_import(path)

    assert code == 1
    assert err.strip().splitlines() == [
        "line 3: unterminated quote (the quoted field never ends; the rows after it are read again)"
    ]
    assert "1 created" in out


def test_json_lines_with_bad_bytes_and_nul_report_their_lines(site, tmp_path):
    good = {"email": "one@example.net", "name": "One", "city": "da-nang"}
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        json.dumps(good).encode()
        + b"\n"
        + b'{"email": "latin@example.net", "name": "Jos\xe9", "city": "da-nang"}\n'
        + json.dumps({**good, "email": "nul@example.net", "bio": "a\x00b"}).encode()
        + b"\n"
        + json.dumps({**good, "email": "two@example.net"}).encode()
        + b"\n"
    )

    code, out, err = run_import(path)

    assert code == 1
    assert err.strip().splitlines() == ["line 2: not UTF-8 text", "line 3: contains a NUL character"]
    assert "2 created" in out


def test_an_over_long_value_is_reported_not_a_database_error(site, tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(",".join(header()).encode() + b"\n" + csv_line(email="long@example.net", name="N" * 201))

    code, _out, err = run_import(path)

    assert code == 1
    assert err.strip() == "line 2: name is longer than 200 characters"
    assert not Expert.objects.exists()
