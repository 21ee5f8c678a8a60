"""What every knowledge page shares: summary, body, taxonomy, cities, year, review date.

Concrete page types add their own fields and list them in `reader_fields` so the fallback
notice knows which translated fields a reader sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, router
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from knowledge.blocks import BodyBlock, RelatedPagesBlock
from knowledge.models.taxonomy import City
from portal.content_cache import CachedViewRestrictionsMixin
from portal.i18n import (
    DEFAULT_LANGUAGE,
    language_codes,
    language_name,
    localized_field,
    localized_value,
    portal_language_names,
    translation_languages,
    written_in,
)
from portal.routing import UrlPartsPerRequestMixin
from portal.translation_forms import TranslatedPageForm
from portal.translation_tabs import language_tabs

if TYPE_CHECKING:
    from knowledge.labels import PageTerms


class KnowledgePageForm(TranslatedPageForm):
    """The page form, with a placeholder in each translation's title box.

    Wagtail puts "Page title*" in the English box only; the Vietnamese, Indonesian and Thai
    boxes stood empty and, styled as page titles, borderless: translators could not see them.
    The English source and out-of-date notice above each translation come from TranslatedPageForm.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = portal_language_names()
        for code in translation_languages():
            field = self.fields.get(localized_field("title", code))
            if field is not None:
                field.widget.attrs["placeholder"] = _("Page title in %(language)s") % {
                    "language": names[code]
                }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        image = cleaned.get("card_image")
        alt_field = localized_field("card_image_alt", DEFAULT_LANGUAGE)
        # Readers who cannot see the image need its description; the image's own will do.
        if image is not None and not cleaned.get(alt_field) and not getattr(image, "description", ""):
            self.add_error(
                alt_field if alt_field in self.fields else "card_image",
                _("Describe what the image shows for readers who cannot see it."),
            )
        return cleaned


_TERM_RELATIONS = ("themes", "pollutants", "sectors", "actions", "partner_cities")


class KnowledgePage(CachedViewRestrictionsMixin, UrlPartsPerRequestMixin, Page):
    base_form_class = KnowledgePageForm

    @cached_classmethod
    def get_edit_handler(cls) -> TabbedInterface:
        # One tab per language (portal.translation_tabs); built on first use, after
        # wagtail-modeltranslation has made each translated panel one panel per language (it
        # clears this cache when it does).
        return language_tabs(cls).bind_to_model(cls)

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences shown in lists and search results.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    themes = ParentalManyToManyField(
        "knowledge.Theme", verbose_name=_("themes"), blank=True, related_name="%(class)s_pages"
    )
    pollutants = ParentalManyToManyField(
        "knowledge.Pollutant", verbose_name=_("pollutants"), blank=True, related_name="%(class)s_pages"
    )
    sectors = ParentalManyToManyField(
        "knowledge.Sector", verbose_name=_("source sectors"), blank=True, related_name="%(class)s_pages"
    )
    actions = ParentalManyToManyField(
        "knowledge.Action", verbose_name=_("actions"), blank=True, related_name="%(class)s_pages"
    )
    city = models.ForeignKey(
        "knowledge.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s_pages",
    )
    partner_cities = ParentalManyToManyField(
        "knowledge.City",
        verbose_name=_("partner cities"),
        blank=True,
        related_name="%(class)s_partner_pages",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    last_reviewed = models.DateField(
        _("last reviewed"), null=True, blank=True, help_text=_("When an editor last checked this page.")
    )
    related_pages = StreamField(RelatedPagesBlock(), verbose_name=_("related pages"), blank=True)
    related_experts = ParentalManyToManyField(
        "experts.Expert",
        verbose_name=_("related experts"),
        blank=True,
        related_name="%(class)s_pages",
        help_text=_("Experts readers can turn to about this practice; only published profiles are shown."),
    )

    card_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("card image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the page's card in lists; cropped to 16:9 around its focal point."),
    )
    card_image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Leave empty to use the image's own description."
        ),
    )

    intro_panels = [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("card_image"), FieldPanel("card_image_alt")], heading=_("Image")),
    ]
    taxonomy_panels = [
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("partner_cities"),
                FieldPanel("year"),
                FieldPanel("themes"),
                FieldPanel("pollutants"),
                FieldPanel("sectors"),
                FieldPanel("actions"),
            ],
            heading=_("Where, when and what"),
        )
    ]
    closing_panels = [FieldPanel("related_pages"), FieldPanel("related_experts"), FieldPanel("last_reviewed")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("year"),
        index.FilterField("city"),
    ]

    # Translated fields a reader sees, in the order the page shows them (the title included).
    reader_fields: tuple[str, ...] = ("title", "summary", "body")
    # Drives the schema.org type in the page's JSON-LD.
    schema_type = "Article"
    template_name = ""

    class Meta:
        abstract = True

    def get_template(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return self.template_name or super().get_template(request, *args, **kwargs)

    @property
    def countries(self) -> list:
        """Countries follow from the city and the partner cities; prefetch `partner_cities__country`."""
        seen: dict[int, Any] = {}
        cities = ([self.city] if self.city else []) + list(self.partner_cities.all())
        for city in cities:
            seen.setdefault(city.country_id, city.country)
        return list(seen.values())

    @property
    def card_image_alt_text(self) -> str:
        """The image's description in the reader's language (the page's own, else the image's)."""
        own = localized_value(self, "card_image_alt", get_language() or DEFAULT_LANGUAGE)
        if own:
            return own
        if self.card_image_alt:
            return self.card_image_alt
        return getattr(self.card_image, "description", "") if self.card_image_id else ""

    def untranslated_fields(self, language: str | None = None) -> list[str]:
        """Reader fields written in English but not in `language` (so they fall back to English)."""
        language = language or get_language() or DEFAULT_LANGUAGE
        if language == DEFAULT_LANGUAGE:
            return []
        missing = []
        for field in self.reader_fields:
            if written_in(self, field, DEFAULT_LANGUAGE) and not written_in(self, field, language):
                missing.append(field)
        return missing

    def available_languages(self) -> list[str]:
        """Portal languages this page's title is written in."""
        return [code for code in language_codes() if written_in(self, "title", code)]

    def _term_rows(self) -> PageTerms:
        """The page's terms and partner cities as model rows (one query per relation), for the
        rare request whose vocabulary labels do not know one of them yet."""
        from knowledge.labels import PageTerms

        prefetch_related_objects(
            [self],
            *_TERM_RELATIONS[:-1],
            models.Prefetch("partner_cities", queryset=City.objects.select_related("country")),
        )
        return PageTerms(
            themes=list(self.themes.all()),
            pollutants=list(self.pollutants.all()),
            sectors=list(self.sectors.all()),
            actions=list(self.actions.all()),
            partner_cities=list(self.partner_cities.all()),
        )

    def _links_any_expert(self) -> bool:
        """Whether the link table holds a row for this page, by a plain statement: building the
        ORM's ``exists()`` for it cost ~0.4 ms of CPU on every reader page, most naming no one."""
        field = type(self)._meta.get_field("related_experts")
        through = field.remote_field.through
        connection = connections[router.db_for_read(through)]
        quote = connection.ops.quote_name
        column = through._meta.get_field(field.m2m_field_name()).column
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {quote(through._meta.db_table)} WHERE {quote(column)} = %s LIMIT 1",  # noqa: S608 - names from the model's meta, the key a parameter
                [self.pk],
            )
            return cursor.fetchone() is not None

    def _published_related_experts(self, in_memory: dict[str, Any]) -> list[Any]:
        """The published profiles the page names, by name, with their city: one query however many
        are linked, after a look at the link table alone. Most pages name no expert, and the
        profiles' query (every language's columns of the expert, city and country) cost more CPU
        to build than the link table's (9 % of a case study's profile); a preview's draft links
        are in memory, not in the table."""
        if "related_experts" not in in_memory and (self.pk is None or not self._links_any_expert()):
            return []
        return list(
            self.related_experts.filter(status="published").select_related("city__country").order_by("name")
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from knowledge.labels import city_with_country, page_terms
        from knowledge.seo import structured_data

        context = super().get_context(request, *args, **kwargs)
        language = get_language() or DEFAULT_LANGUAGE
        missing = self.untranslated_fields(language)
        context["fallback_fields"] = {field: DEFAULT_LANGUAGE for field in missing}
        context["translation_missing_language"] = language_name(language) if missing else ""
        if self.city_id and not type(self).city.is_cached(self):
            # The city and its country from the cached rows, else in one query, not one each.
            self.city = city_with_country(self.city_id) or City.objects.select_related("country").get(
                pk=self.city_id
            )
        # Which terms and partner cities the page carries in one query, their labels from the
        # cached vocabularies; read once for the facts, the templates and the JSON-LD keywords.
        # A preview holds the draft's terms in memory (modelcluster), not in the tables.
        in_memory = getattr(self, "_cluster_related_objects", {})
        terms = None
        if self.pk and not any(relation in in_memory for relation in _TERM_RELATIONS):
            terms = page_terms(page=self)
        if terms is None:
            terms = self._term_rows()
        context["partner_cities"] = terms.partner_cities
        context["taxonomy"] = [
            (_("Themes"), terms.themes),
            (_("Pollutants"), terms.pollutants),
            (_("Source sectors"), terms.sectors),
            (_("Actions"), terms.actions),
        ]
        context["related_experts"] = self._published_related_experts(in_memory)
        context["structured_data"] = structured_data(self, request, keywords=[*terms.themes, *terms.actions])
        context["section_index"] = self.get_parent().specific if self.depth > 1 else None
        return context


def mark_reviewed_on_publish(sender: type, instance: Page, revision: Any = None, **kwargs: Any) -> None:
    """Date a knowledge page "last reviewed" today when a person publishes it.

    Publishing from the admin (directly or by approving the workflow's review) is the editor's
    check, so readers no longer see "Not yet reviewed by an editor" on a page just published.
    A publish without a person behind the revision (the demo loader, imports) proves no review.
    """
    if not isinstance(instance, KnowledgePage) or revision is None or revision.user_id is None:
        return
    today = timezone.localdate()
    if instance.last_reviewed != today:
        # An update, not save(): saving would write a new revision and publish again.
        type(instance).objects.filter(pk=instance.pk).update(last_reviewed=today)
        instance.last_reviewed = today
