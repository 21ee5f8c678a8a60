from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from knowledge.blocks import RICH_TEXT_FEATURES, DownloadsBlock, LanguageVersionsBlock, ModulesBlock
from knowledge.models.base import KnowledgePage


class TrainingMaterialPage(KnowledgePage):
    """A course, toolkit, slide deck, video or webinar that teaches a clean-air skill."""

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Format(models.TextChoices):
        COURSE = "course", _("Course")
        TOOLKIT = "toolkit", _("Toolkit")
        SLIDES = "slides", _("Slides")
        VIDEO = "video", _("Video")
        WEBINAR = "webinar", _("Webinar")

    audience = models.CharField(
        _("audience"), max_length=200, blank=True, help_text=_("Who it is for, e.g. city environment staff.")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.COURSE)
    duration = models.CharField(_("duration"), max_length=60, blank=True, help_text=_("For example 3 days."))
    learning_objectives = RichTextField(_("learning objectives"), blank=True, features=RICH_TEXT_FEATURES)
    modules = StreamField(ModulesBlock(), verbose_name=_("modules"), blank=True)
    language_versions = StreamField(LanguageVersionsBlock(), verbose_name=_("language versions"), blank=True)
    downloads = StreamField(DownloadsBlock(), verbose_name=_("downloads"), blank=True)

    content_panels = [
        *KnowledgePage.content_panels,
        *KnowledgePage.intro_panels,
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("level"), FieldPanel("format"), FieldPanel("duration")],
            heading=_("Course facts"),
        ),
        FieldPanel("learning_objectives"),
        FieldPanel("modules"),
        FieldPanel("language_versions"),
        FieldPanel("downloads"),
        *KnowledgePage.taxonomy_panels,
        *KnowledgePage.closing_panels,
    ]

    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("learning_objectives"),
        index.FilterField("format"),
        index.FilterField("level"),
    ]

    parent_page_types = ["knowledge.TrainingMaterialIndexPage"]
    subpage_types: list[str] = []

    reader_fields = (
        "title",
        "summary",
        "body",
        "audience",
        "duration",
        "learning_objectives",
        "modules",
        "downloads",
    )
    schema_type = "Course"
    template_name = "knowledge/training_material_page.html"

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")
