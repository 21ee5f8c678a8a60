"""The shared vocabulary: themes, pollutants, source sectors, actions, countries and cities.

Slugs (and ISO country codes) are part of the public interface: importers, URL filters and the
JSON API name terms by them (docs/architecture.md, "Vocabularies"). Labels are translated;
editors manage all of them as snippets.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from knowledge.models.event_facts import openstreetmap_url
from portal.translation_forms import TranslatedSnippetForm


class TaxonomyTerm(index.Indexed, models.Model):
    # The English beside each translation's box (portal.translation_forms).
    base_form_class = TranslatedSnippetForm

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("slug")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.name


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Pollutant(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("pollutant")
        verbose_name_plural = _("pollutants")


class Sector(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("source sector")
        verbose_name_plural = _("source sectors")


class Action(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("actions")


class Country(index.Indexed, models.Model):
    # The English beside each translation's box (portal.translation_forms).
    base_form_class = TranslatedSnippetForm

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter ISO 3166-1 code in capitals."))],
    )
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("name"), FieldPanel("code")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("code")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class City(index.Indexed, models.Model):
    # The English beside each translation's box (portal.translation_forms).
    base_form_class = TranslatedSnippetForm

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="cities"
    )
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
        index.FilterField("country_id"),
    ]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.name

    @property
    def map_url(self) -> str:
        return openstreetmap_url(latitude=self.latitude, longitude=self.longitude, zoom=11)
