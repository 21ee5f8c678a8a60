"""The city certification ladder: steps of growing air-quality-management capacity.

Clean Air Asia's certification programme gives cities a "ladder" to climb and a seal to show for
each step. The levels are editable snippets (seeded by a data migration); a city's certifications
are kept as a history, the most recently awarded one being its current level.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from knowledge.models.taxonomy import City
from portal.translation_forms import TranslatedSnippetForm


class CertificationLevel(index.Indexed, models.Model):
    # The English beside each translation's box (portal.translation_forms).
    base_form_class = TranslatedSnippetForm

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("Position on the ladder: 1 is the first step.")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(
        _("what the level means"), blank=True, help_text=_("One or two sentences for readers.")
    )
    criteria = models.TextField(
        _("criteria"), blank=True, help_text=_("What a city must show to be awarded this level.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("rank"),
        FieldPanel("description"),
        FieldPanel("criteria"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("slug")]

    class Meta:
        ordering = ["rank"]
        verbose_name = _("certification level")
        verbose_name_plural = _("certification levels")

    def __str__(self) -> str:
        return self.name


class CityCertification(models.Model):
    # The English beside each translation's box (portal.translation_forms).
    base_form_class = TranslatedSnippetForm

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="certifications"
    )
    level = models.ForeignKey(
        CertificationLevel,
        verbose_name=_("certification level"),
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    awarded = models.DateField(_("date awarded"))
    note = models.TextField(_("note"), blank=True, help_text=_("What the city showed to earn the level."))

    panels = [FieldPanel("city"), FieldPanel("level"), FieldPanel("awarded"), FieldPanel("note")]

    class Meta:
        ordering = ["-awarded", "-pk"]
        verbose_name = _("city certification")
        verbose_name_plural = _("city certifications")
        constraints = [
            models.UniqueConstraint(fields=["city", "level"], name="unique_city_certification_level"),
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.level} ({self.awarded:%Y-%m-%d})"
