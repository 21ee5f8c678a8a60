from django.core.exceptions import ValidationError
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

    start = models.DateTimeField(_("starts"), null=True, blank=True)
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
