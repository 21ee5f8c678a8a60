import zoneinfo
from datetime import datetime, time
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from knowledge.blocks import RICH_TEXT_FEATURES, DownloadsBlock, SessionsBlock
from knowledge.models.base import KnowledgePage


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Use an IANA time zone name such as Asia/Bangkok."))


class ForumReportPage(KnowledgePage):
    """What a forum or workshop discussed and concluded, with its dates in the venue's time zone."""

    series = models.CharField(
        _("series"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Seoul International Forum on Air Quality Improvement"),
    )
    start = models.DateTimeField(_("starts"), null=True, blank=True)
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
    key_outcomes = RichTextField(_("key outcomes"), blank=True, features=RICH_TEXT_FEATURES)
    sessions = StreamField(SessionsBlock(), verbose_name=_("sessions"), blank=True)
    report_documents = StreamField(DownloadsBlock(), verbose_name=_("report documents"), blank=True)

    content_panels = [
        *KnowledgePage.content_panels,
        *KnowledgePage.intro_panels,
        MultiFieldPanel(
            [
                FieldPanel("series"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("timezone"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("venue_latitude"), FieldPanel("venue_longitude")]),
                FieldPanel("map_query"),
                FieldPanel("online_participation"),
                FieldPanel("organisers"),
                FieldPanel("interpretation_languages"),
            ],
            heading=_("Event"),
        ),
        FieldPanel("key_outcomes"),
        FieldPanel("sessions"),
        FieldPanel("report_documents"),
        *KnowledgePage.taxonomy_panels,
        *KnowledgePage.closing_panels,
    ]

    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("series"),
        index.SearchField("key_outcomes"),
        index.FilterField("start"),
    ]

    parent_page_types = ["knowledge.ForumReportIndexPage"]
    subpage_types: list[str] = []

    reader_fields = (
        "title",
        "summary",
        "body",
        "series",
        "venue",
        "organisers",
        "key_outcomes",
        "sessions",
        "report_documents",
    )
    schema_type = "Event"
    template_name = "knowledge/forum_report_page.html"

    class Meta:
        verbose_name = _("forum report")
        verbose_name_plural = _("forum reports")

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

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
        """An OpenStreetMap link (no embedded tiles: the CSP allows no third-party images)."""
        if self.venue_latitude is not None and self.venue_longitude is not None:
            lat, lon = self.venue_latitude, self.venue_longitude
            return (
                f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
            )
        query = self.map_query or self.venue
        if query:
            return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"
        return ""

    @property
    def interpretation_language_names(self) -> list[tuple[str, str]]:
        """(code, name in the reader's language) for each interpretation language."""
        names = []
        for code in (part.strip() for part in self.interpretation_languages.split(",")):
            if not code:
                continue
            try:
                names.append((code, str(get_language_info(code)["name_translated"])))
            except KeyError:
                names.append((code, code))
        return names
