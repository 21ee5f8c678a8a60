"""Dates, times and numbers in the reader's language: the one place templates and e-mails use.

Day, month and year order, month names and separators come from Django's locale formats
(overridden for vi, id and th in portal/formats/). Thai readers expect the Buddhist-era year,
which no format string can compute, so it is written in here with the Gregorian year beside it
("12 มีนาคม 2568 (2025)"). Times of an event are shown in the event's own time zone, named
with its UTC offset on that day ("Asia/Bangkok, UTC+07:00"), because readers join from many zones.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.signals import setting_changed
from django.utils import dateformat, formats, numberformat, timezone
from django.utils.translation import get_language

# Languages whose readers count years in the Buddhist era (Gregorian + 543).
BUDDHIST_ERA_LANGUAGES = frozenset({"th"})
BUDDHIST_ERA_OFFSET = 543


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _in_zone(value: datetime, zone_name: str | None) -> datetime:
    """An aware datetime moved into `zone_name`, else into the current time zone."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    zone = _zone(zone_name)
    return value.astimezone(zone) if zone else timezone.localtime(value)


def _with_buddhist_era(format_string: str, year: int) -> str:
    """`format_string` with each unescaped `Y` replaced by the Buddhist-era year and the
    Gregorian one in brackets (digits and brackets are literal in Django date formats)."""
    result, escaped = [], False
    for character in format_string:
        if escaped:
            result.append("\\" + character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "Y":
            result.append(f"{year + BUDDHIST_ERA_OFFSET} (Y)")
        else:
            result.append(character)
    return "".join(result)


def _format(value: date | datetime, format_name: str) -> str:
    format_string = formats.get_format(format_name, lang=_language())
    if _language() in BUDDHIST_ERA_LANGUAGES and "Y" in format_string:
        format_string = _with_buddhist_era(format_string, value.year)
    return dateformat.format(value, format_string)


def local_date(value: date | datetime | None, zone_name: str | None = None) -> str:
    """The calendar date in the active language; a datetime is first moved into `zone_name`
    (an IANA name, e.g. the event's) or the site's time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = _in_zone(value, zone_name)
    return _format(value, "DATE_FORMAT")


def local_year(value: int | str | None) -> str:
    """A year as the active language writes it: in Thai the Buddhist era with the Gregorian year
    beside it ("2558 (2015)"), the same rule as the dates (local_date), so one page never shows a
    bare Gregorian year next to Buddhist-era dates."""
    if value in (None, ""):
        return ""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return str(value)
    if _language() in BUDDHIST_ERA_LANGUAGES:
        return f"{year + BUDDHIST_ERA_OFFSET} ({year})"
    return str(year)


_YEAR_IN_TEXT = re.compile(r"(?<![\d(])(?:1[89]|20)\d\d(?![\d)])")


def local_years_in_text(text: str | None) -> str:
    """Free text an editor wrote about a time ("2016–2019") with each year as local_year writes it."""
    if not text:
        return ""
    if _language() not in BUDDHIST_ERA_LANGUAGES:
        return text
    return _YEAR_IN_TEXT.sub(lambda match: local_year(match.group()), text)


def local_datetime(value: datetime | None, zone_name: str | None = None) -> str:
    """Date and time of day in the active language, in `zone_name` or the site's time zone."""
    if value in (None, ""):
        return ""
    return _format(_in_zone(value, zone_name), "DATETIME_FORMAT")


def local_time(value: datetime | None, zone_name: str | None = None) -> str:
    if value in (None, ""):
        return ""
    return _format(_in_zone(value, zone_name), "TIME_FORMAT")


def utc_offset(offset: timedelta | None) -> str:
    """ "UTC+07:00", "UTC-08:00", "UTC+05:45"; "UTC" for no offset."""
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_label(value: datetime | None, zone_name: str) -> str:
    """The zone's IANA name and its UTC offset at `value` (offsets change with daylight saving)."""
    zone = _zone(zone_name)
    if zone is None:
        return zone_name or ""
    moment = _in_zone(value, zone_name) if value else timezone.now().astimezone(zone)
    return f"{zone_name}, {utc_offset(moment.utcoffset())}"


@functools.cache
def _separators(language: str | None) -> tuple[str, int | tuple[int, ...], str]:
    """The decimal separator, grouping and thousands separator of ``language``'s formats (they
    come from the format modules, fixed for the process)."""
    return (
        formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        formats.get_format("NUMBER_GROUPING", language, use_l10n=True),
        formats.get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
    )


def _settings_changed(*, setting: str, **kwargs: object) -> None:
    # Django drops its own format cache when these change (tests override them); so does this.
    if (
        setting in ("LANGUAGE_CODE", "LANGUAGES", "FORMAT_MODULE_PATH")
        or setting.endswith("_SEPARATOR")
        or setting == "NUMBER_GROUPING"
    ):
        _separators.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="portal.l10n.separators")


def local_number(value: int | float | str | None, decimals: int = 2) -> str:
    """A count or measured value with the language's decimal and thousands separators, at most
    `decimals` decimal places and no trailing zeros ("1.234,5" in Vietnamese, "1,234.5" in Thai)."""
    if value in (None, ""):
        return ""
    if type(value) is int:
        # Counts (a directory page formats a hundred): what formats.number_format writes, with
        # the language's separators looked up once per language instead of three times a number.
        decimal, grouping, thousands = _separators(get_language())
        return numberformat.format(value, decimal, 0, grouping, thousands, force_grouping=True, use_l10n=True)
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP).normalize()
    except InvalidOperation:
        return str(value)
    places = max(0, -number.as_tuple().exponent)
    # normalize() writes 1200 as 1.2E+3; quantizing back to whole units restores the digits.
    number = number.quantize(Decimal(1).scaleb(-places))
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)
