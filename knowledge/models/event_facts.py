"""What every dated, located gathering shares: forum reports and upcoming events alike.

Both keep their moments in UTC with the venue's IANA time zone next to them; readers see the
dates in that zone, labelled. Map links go to OpenStreetMap: the CSP allows no third-party tiles.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import language_name


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
    return [(code, language_name(code)) for code in (part.strip() for part in codes.split(",")) if code]


class EventFactsMixin(models.Model):
    """The place, time zone and people of a gathering, with time-zone and map helpers.

    Each page type declares `start` itself: an upcoming event must have one, an old forum's
    report may not know it.
    """

    start: datetime | None

    series = models.CharField(
        _("series"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Seoul International Forum on Air Quality Improvement"),
    )
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Bangkok",
        validators=[validate_timezone],
        help_text=_("IANA name of the venue's time zone; readers see the dates in it."),
    )
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    venue_latitude = models.FloatField(
        _("venue latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    venue_longitude = models.FloatField(
        _("venue longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    map_query = models.CharField(
        _("map search"),
        max_length=250,
        blank=True,
        help_text=_("Used for the map link when no coordinates are given, e.g. the venue's address."),
    )
    online_participation = models.BooleanField(_("online participation"), default=False)
    organisers = models.CharField(_("organisers"), max_length=400, blank=True)
    interpretation_languages = models.CharField(
        _("interpretation languages"),
        max_length=100,
        blank=True,
        help_text=_("ISO 639-1 codes separated by commas, e.g. vi, id, th."),
    )

    class Meta:
        abstract = True

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
