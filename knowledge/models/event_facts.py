"""What every dated, located gathering shares: forum reports and upcoming events alike.

Both keep their moments in UTC with the venue's IANA time zone next to them; readers see the
dates in that zone, labelled. Map links go to OpenStreetMap: the CSP allows no third-party tiles.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Use an IANA time zone name such as Asia/Bangkok."))


def openstreetmap_url(
    *, latitude: float | None, longitude: float | None, query: str = "", zoom: int = 17
) -> str:
    """A link to the place on openstreetmap.org: a marker at the coordinates, else a search."""
    if latitude is not None and longitude is not None:
        return (
            f"https://www.openstreetmap.org/?{urlencode({'mlat': latitude, 'mlon': longitude})}"
            f"#map={zoom}/{latitude}/{longitude}"
        )
    if query:
        return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"
    return ""


def language_names(codes: str) -> list[tuple[str, str]]:
    """(code, name in the reader's language) for comma-separated ISO 639-1 codes."""
    names = []
    for code in (part.strip() for part in codes.split(",")):
        if not code:
            continue
        try:
            names.append((code, str(get_language_info(code)["name_translated"])))
        except KeyError:
            names.append((code, code))
    return names


class EventFactsMixin:
    """Time-zone and map helpers over the fields `start`, `end`, `timezone`, `venue`,
    `venue_latitude`, `venue_longitude`, `map_query` and `interpretation_languages`."""

    start: datetime | None
    end: datetime | None
    timezone: str
    venue: str
    venue_latitude: float | None
    venue_longitude: float | None
    map_query: str
    interpretation_languages: str

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone or "UTC")

    @property
    def is_all_day(self) -> bool:
        """Imported dates without a time are stored as 00:00–23:59 local and shown as dates only."""
        if not (self.start and self.end):
            return True
        start, end = self.start.astimezone(self.zone), self.end.astimezone(self.zone)
        return start.time() == time(0, 0) and end.time() == time(23, 59)

    @property
    def is_single_day(self) -> bool:
        return bool(self.local_start and self.local_end and self.local_start.date() == self.local_end.date())

    @property
    def local_start(self) -> datetime | None:
        return self.start.astimezone(self.zone) if self.start else None

    @property
    def local_end(self) -> datetime | None:
        return self.end.astimezone(self.zone) if self.end else None

    @property
    def map_url(self) -> str:
        return openstreetmap_url(
            latitude=self.venue_latitude, longitude=self.venue_longitude, query=self.map_query or self.venue
        )

    @property
    def interpretation_language_names(self) -> list[tuple[str, str]]:
        return language_names(self.interpretation_languages)
