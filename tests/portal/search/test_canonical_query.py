"""The canonical query form shared by editors' picks and the search report."""

import pytest

from portal.search.text import canonical_query


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Ha Noi", "ha noi"),
        ("  hà \t NỘI\n", "ha noi"),
        ("Đà Nẵng", "da nang"),
        ("ＰＭ２.５", "pm2.5"),
        ("ฝุ่น PM2.5", "ฝุ่น pm2.5"),
        ("Kiểm kê\x00phát thải", "kiem ke phat thai"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_case_tone_marks_width_and_spacing_do_not_matter(typed, canonical):
    assert canonical_query(typed) == canonical


def test_the_query_is_cut_to_200_characters():
    assert canonical_query("ab " * 100) == ("ab " * 67).strip()
    assert len(canonical_query("x" * 500)) == 200
