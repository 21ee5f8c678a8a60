from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from knowledge.blocks import RICH_TEXT_FEATURES, ResultsBlock, SourcesBlock
from knowledge.models.base import KnowledgePage


class CaseStudyPage(KnowledgePage):
    """A practice a city tried against air pollution: what it did, what changed, what it learned."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    period = models.CharField(_("period"), max_length=60, blank=True, help_text=_("For example 2016–2019."))
    # No default: a new case study said "Completed" before anyone had chosen; the editor picks,
    # and a page without a status shows none.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True, default="")
    measures_taken = RichTextField(_("measures taken"), blank=True, features=RICH_TEXT_FEATURES)
    results = StreamField(ResultsBlock(), verbose_name=_("results"), blank=True)
    cost_and_funding = RichTextField(_("cost and funding"), blank=True, features=RICH_TEXT_FEATURES)
    lessons_learned = RichTextField(_("lessons learned"), blank=True, features=RICH_TEXT_FEATURES)
    sources = StreamField(SourcesBlock(), verbose_name=_("sources"), blank=True)
    twinning_partnership = models.ForeignKey(
        "knowledge.TwinningPartnership",
        verbose_name=_("twinning partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        help_text=_("The city-to-city partnership this practice came out of, if any."),
    )

    content_panels = [
        *KnowledgePage.content_panels,
        *KnowledgePage.intro_panels,
        MultiFieldPanel(
            [FieldPanel("period"), FieldPanel("status"), FieldPanel("twinning_partnership")],
            heading=_("Practice"),
        ),
        FieldPanel("measures_taken"),
        FieldPanel("results"),
        FieldPanel("cost_and_funding"),
        FieldPanel("lessons_learned"),
        FieldPanel("sources"),
        *KnowledgePage.taxonomy_panels,
        *KnowledgePage.closing_panels,
    ]

    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("measures_taken"),
        index.SearchField("lessons_learned"),
    ]

    parent_page_types = ["knowledge.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    reader_fields = (
        "title",
        "summary",
        "body",
        "period",
        "measures_taken",
        "results",
        "cost_and_funding",
        "lessons_learned",
        "sources",
    )
    schema_type = "Article"
    template_name = "knowledge/case_study_page.html"

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partnership, actions = None, []
        if self.twinning_partnership_id:
            from knowledge.labels import partnership_with_actions, terms_of
            from knowledge.models.twinning import TwinningPartnership

            # The partnership, its cities and its focus actions' labels from the cached rows of
            # every partnership (knowledge.labels): no statement on the common path.
            found = partnership_with_actions(self.twinning_partnership_id)
            if found is not None:
                partnership, actions = found
            else:
                partnership = (
                    TwinningPartnership.objects.select_related("mentor_city", "learning_city")
                    .filter(pk=self.twinning_partnership_id)
                    .first()
                )
            if found is None and partnership is not None:
                # The focus actions' labels from the cached vocabulary, in its order (the
                # relation's), after one plain statement for their slugs: prefetching the rows
                # (every language's columns through the ORM) was 1.8 ms of CPU for a block of
                # tags. The rows only when the cache does not know a slug yet (a term created in
                # this very request).
                terms = terms_of(
                    model=TwinningPartnership, pks=[partnership.pk], relations=("focus_actions",)
                )
                actions = (
                    terms[partnership.pk]["focus_actions"]
                    if terms is not None
                    else list(partnership.focus_actions.all())
                )
        context["partnership"] = partnership
        context["partnership_actions"] = actions
        return context
