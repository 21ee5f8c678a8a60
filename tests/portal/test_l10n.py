"""Dates, times and numbers as readers of each language write them (portal.l10n)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from portal import l10n

MARCH_12 = date(2025, 3, 12)
# 02:00 UTC is 09:00 in Bangkok.
MORNING_IN_BANGKOK = datetime(2025, 3, 12, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "March 12, 2025"),
        ("vi", "12 tháng 3, 2025"),
        ("id", "12 Maret 2025"),
        ("th", "12 มีนาคม 2568 (2025)"),
    ],
)
def test_a_date_in_each_language(language, expected):
    with translation.override(language):
        assert l10n.local_date(MARCH_12) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "March 12, 2025, 9 a.m."),
        ("vi", "09:00, 12 tháng 3, 2025"),
        ("id", "12 Maret 2025, 09.00"),
        ("th", "12 มีนาคม 2568 (2025), 09:00"),
    ],
)
def test_a_moment_is_shown_in_the_given_time_zone(language, expected):
    with translation.override(language):
        assert l10n.local_datetime(MORNING_IN_BANGKOK, "Asia/Bangkok") == expected


def test_a_moment_near_midnight_falls_on_the_local_day():
    late_utc = datetime(2025, 3, 11, 20, 0, tzinfo=UTC)  # already 12 March in Bangkok

    with translation.override("id"):
        assert l10n.local_date(late_utc, "Asia/Bangkok") == "12 Maret 2025"
        assert l10n.local_date(late_utc) == "11 Maret 2025"  # the site's zone, UTC


def test_the_buddhist_era_year_follows_the_gregorian_year_of_the_date():
    with translation.override("th"):
        assert l10n.local_date(date(2000, 1, 1)) == "1 มกราคม 2543 (2000)"
        assert l10n.local_time(MORNING_IN_BANGKOK, "Asia/Bangkok") == "09:00"


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        (MORNING_IN_BANGKOK, "Asia/Bangkok", "Asia/Bangkok, UTC+07:00"),
        (MORNING_IN_BANGKOK, "Asia/Kathmandu", "Asia/Kathmandu, UTC+05:45"),
        # Daylight saving: San Diego is UTC-8 in winter and UTC-7 in summer.
        (datetime(2025, 1, 15, 20, 0, tzinfo=UTC), "America/Los_Angeles", "America/Los_Angeles, UTC-08:00"),
        (datetime(2025, 7, 15, 20, 0, tzinfo=UTC), "America/Los_Angeles", "America/Los_Angeles, UTC-07:00"),
        (MORNING_IN_BANGKOK, "UTC", "UTC, UTC"),
    ],
)
def test_a_time_zone_is_named_with_its_offset_on_the_day(moment, zone, expected):
    assert l10n.zone_label(moment, zone) == expected


def test_offsets_are_signed_hours_and_minutes():
    assert l10n.utc_offset(timedelta(hours=9)) == "UTC+09:00"
    assert l10n.utc_offset(timedelta(hours=-3, minutes=-30)) == "UTC-03:30"
    assert l10n.utc_offset(None) == "UTC"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1,234.5", "35", "0.13", "1,200", "1,234,567"]),
        ("vi", ["1.234,5", "35", "0,13", "1.200", "1.234.567"]),
        ("id", ["1.234,5", "35", "0,13", "1.200", "1.234.567"]),
        ("th", ["1,234.5", "35", "0.13", "1,200", "1,234,567"]),
    ],
)
def test_numbers_use_the_language_separators(language, expected):
    with translation.override(language):
        assert [l10n.local_number(value) for value in (1234.5, 35, 0.125, "1200.00", 1234567)] == expected


def test_empty_values_render_as_nothing():
    assert l10n.local_date(None) == ""
    assert l10n.local_datetime(None, "Asia/Bangkok") == ""
    assert l10n.local_number(None) == ""
