"""City-to-city twinning: a mentor city helps a learning city with a set of actions.

A partnership carries an action list (ordered `TwinningActionItem`s, each with dated milestones),
the experts involved and its documents. Editors keep items unpublished while they draft them;
readers only ever see items with `is_published` ticked.
"""

from __future__ import annotations

import types

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from knowledge.blocks import DownloadsBlock
from knowledge.models.taxonomy import Action, City
from portal.i18n import DEFAULT_LANGUAGE, language_choices
from portal.translation_forms import TranslatedSnippetForm

# Path segments under /<lang>/twinning/ that belong to views, so no partnership may take them.
RESERVED_SLUGS = frozenset({"match", "draft"})


class ProgressStatus(models.TextChoices):
    """How far an action item, or one of its milestones, has come."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


def _milestone_body(namespace: dict) -> None:
    namespace["__module__"] = __name__
    namespace["__doc__"] = (
        "A dated step of an action item, with a short note written once per portal language.\n\n"
        "The note lives inside the block (one child per language) rather than in translated "
        "StreamField columns, so the date and status are entered once and cannot drift apart "
        "between languages."
    )
    namespace["date"] = blocks.DateBlock(label=_("date"))
    namespace["status"] = blocks.ChoiceBlock(choices=ProgressStatus.choices, label=_("status"))
    for code, name in language_choices():
        namespace[f"note_{code}"] = blocks.CharBlock(
            label=format_lazy(_("note ({language})"), language=name),
            required=code == DEFAULT_LANGUAGE,
            max_length=300,
        )
    namespace["Meta"] = type("Meta", (), {"icon": "date", "label": _("Milestone")})


# Built from the portal's languages so a language added to the settings gets its note field too.
MilestoneBlock = types.new_class("MilestoneBlock", (blocks.StructBlock,), exec_body=_milestone_body)


class MilestonesBlock(blocks.StreamBlock):
    milestone = MilestoneBlock()


def milestone_note(value: blocks.StructValue, language: str | None = None) -> tuple[str, str]:
    """The note in `language` (or the active one) and the language it is actually written in."""
    language = language or get_language() or DEFAULT_LANGUAGE
    note = value.get(f"note_{language}") or ""
    if note:
        return note, language
    return value.get(f"note_{DEFAULT_LANGUAGE}") or "", DEFAULT_LANGUAGE


class TwinningPartnership(index.Indexed, ClusterableModel):
    base_form_class = TranslatedSnippetForm

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    mentor_city = models.ForeignKey(
        City, verbose_name=_("mentor city"), on_delete=models.PROTECT, related_name="mentoring_partnerships"
    )
    learning_city = models.ForeignKey(
        City, verbose_name=_("learning city"), on_delete=models.PROTECT, related_name="learning_partnerships"
    )
    focus_actions = ParentalManyToManyField(
        Action, verbose_name=_("focus actions"), blank=True, related_name="twinning_partnerships"
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    summary = models.TextField(_("summary"), blank=True)
    experts = ParentalManyToManyField(
        "experts.Expert",
        verbose_name=_("experts involved"),
        blank=True,
        related_name="twinning_partnerships",
        help_text=_("Only published experts are shown on the portal."),
    )
    documents = StreamField(DownloadsBlock(), verbose_name=_("documents"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("mentor_city"),
                FieldPanel("learning_city"),
                FieldPanel("slug"),
                FieldPanel("start_year"),
                FieldPanel("status"),
            ],
            heading=_("Partnership"),
        ),
        FieldPanel("focus_actions"),
        FieldPanel("summary"),
        InlinePanel("action_items", heading=_("Action list"), label=_("action item")),
        FieldPanel("experts"),
        FieldPanel("documents"),
    ]
    search_fields = [index.SearchField("summary"), index.FilterField("status")]

    class Meta:
        ordering = ["start_year", "slug"]
        verbose_name = _("twinning partnership")
        verbose_name_plural = _("twinning partnerships")
        constraints = [
            models.UniqueConstraint(fields=["mentor_city", "learning_city"], name="unique_twinning_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_city} – {self.learning_city}"

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved; choose another.")})
        if self.mentor_city_id and self.mentor_city_id == self.learning_city_id:
            raise ValidationError({"learning_city": _("A city cannot mentor itself.")})

    def get_absolute_url(self) -> str:
        return reverse("twinning:detail", kwargs={"slug": self.slug})


class TwinningActionItem(Orderable):
    """One entry of a partnership's action list: what the pair works on, and how far it got."""

    partnership = ParentalKey(TwinningPartnership, on_delete=models.CASCADE, related_name="action_items")
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="twinning_action_items"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.PLANNED
    )
    milestones = StreamField(MilestonesBlock(), verbose_name=_("milestones"), blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published items are shown on the portal.")
    )

    panels = [
        FieldPanel("action"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("status"),
        FieldPanel("milestones"),
        FieldPanel("is_published"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title
