from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from knowledge.blocks import RICH_TEXT_FEATURES, DownloadsBlock, SessionsBlock
from knowledge.models.base import KnowledgePage
from knowledge.models.event_facts import EventFactsMixin, validate_timezone

# Migration 0003 names the validator by this module's path.
__all__ = ["ForumReportPage", "validate_timezone"]


class ForumReportPage(EventFactsMixin, KnowledgePage):
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
    from_event = models.ForeignKey(
        "knowledge.EventPage",
        verbose_name=_("from event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_reports",
        help_text=_("The event page this report was created from."),
    )

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
        FieldPanel("from_event", read_only=True),
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
