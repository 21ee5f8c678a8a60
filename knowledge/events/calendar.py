"""iCalendar (RFC 5545) files for events, written by hand: one VEVENT, no dependency needed.

Times carry the event's IANA zone (`DTSTART;TZID=Asia/Bangkok:…`) with a VTIMEZONE giving the
offset in force during the event, so calendar apps show the venue's local time and the right
instant. The public file never contains connection details; the personal one (registered
participants only) adds them to the description.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from knowledge.models import EventPage

PRODID = "-//Clean Air Knowledge Exchange//Events//EN"


def escape_text(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (never inside a character)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for character in line:
        piece = character.encode()
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def connection_text(event: EventPage) -> str:
    """The connection details as plain lines, for a registered participant's calendar or e-mail."""
    lines = []
    if event.online_url:
        lines.append(_("Meeting link: %(url)s") % {"url": event.online_url})
    if event.online_meeting_id:
        lines.append(_("Meeting ID: %(id)s") % {"id": event.online_meeting_id})
    if event.online_passcode:
        lines.append(_("Passcode: %(passcode)s") % {"passcode": event.online_passcode})
    return "\n".join(lines)


def calendar_stamp(*, event: EventPage) -> datetime:
    """When the event's calendar data last changed: its last publication.

    Not the time of the request: the same event must give the same file, so a calendar client
    (or a conditional GET, portal/conditional.py) can tell that nothing changed.
    """
    return event.last_published_at or event.latest_revision_created_at or timezone.now()


def event_calendar(*, event: EventPage, personal: bool = False) -> str:
    """The event as a VCALENDAR; `personal` adds the connection details (registrants only)."""
    url = absolute_url(event.get_url() or "")
    start, end = event.local_start, event.local_end or event.local_start + timedelta(hours=1)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    timed: list[str]
    if event.is_all_day and event.end:
        timed = [
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{(end.date() + timedelta(days=1)):%Y%m%d}",
        ]
    elif start.utcoffset() == end.utcoffset():
        zone = event.timezone
        lines += [
            "BEGIN:VTIMEZONE",
            f"TZID:{zone}",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{_offset(start)}",
            f"TZOFFSETTO:{_offset(start)}",
            f"TZNAME:{start.tzname()}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
        timed = [f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}", f"DTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}"]
    else:
        # A daylight-saving change during the event: one offset cannot describe both ends, so
        # give the instants in UTC.
        timed = [f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}"]
    lines += _vevent(event=event, timed=timed, url=url, personal=personal)
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def _vevent(*, event: EventPage, timed: list[str], url: str, personal: bool = False) -> list[str]:
    description = [strip_tags(event.summary or ""), url]
    if personal and event.has_connection_details:
        description.insert(1, connection_text(event))
    host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].strip("/") or "localhost"
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{_utc(calendar_stamp(event=event))}",
        *timed,
        f"SUMMARY:{escape_text(event.title)}",
    ]
    if event.venue:
        lines.append(f"LOCATION:{escape_text(event.venue)}")
    if event.venue_latitude is not None and event.venue_longitude is not None:
        lines.append(f"GEO:{event.venue_latitude};{event.venue_longitude}")
    lines += [
        f"URL:{url}",
        f"DESCRIPTION:{escape_text(chr(10).join(part for part in description if part))}",
        "END:VEVENT",
    ]
    return lines


def events_calendar(*, events: Iterable[EventPage], name: str) -> str:
    """Every event in one VCALENDAR, for a calendar app to subscribe to (never connection details).

    Times are given in UTC: one VTIMEZONE per zone could describe one offset only, and events in
    the same zone fall on both sides of a daylight-saving change. Calendar apps show them in the
    reader's own zone; each event's page gives the venue's local time.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        start = event.local_start
        end = event.local_end or start + timedelta(hours=1)
        if event.is_all_day and event.end:
            timed = [
                f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                f"DTEND;VALUE=DATE:{(end.date() + timedelta(days=1)):%Y%m%d}",
            ]
        else:
            timed = [f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}"]
        lines += _vevent(event=event, timed=timed, url=absolute_url(event.get_url() or ""))
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
