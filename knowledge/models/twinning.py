"""City-to-city twinning: a mentor city helps a learning city with a set of actions."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from knowledge.models.taxonomy import Action, City


class TwinningPartnership(index.Indexed, models.Model):
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
    focus_actions = models.ManyToManyField(
        Action, verbose_name=_("focus actions"), blank=True, related_name="twinning_partnerships"
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    summary = models.TextField(_("summary"), blank=True)

    panels = [
        FieldPanel("mentor_city"),
        FieldPanel("learning_city"),
        FieldPanel("slug"),
        FieldPanel("focus_actions"),
        FieldPanel("start_year"),
        FieldPanel("status"),
        FieldPanel("summary"),
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
