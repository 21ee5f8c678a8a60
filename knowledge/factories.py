"""wagtail-factories for the knowledge pages; taxonomy comes from the seeded vocabulary."""

from __future__ import annotations

import datetime
from typing import Any

import factory
import wagtail_factories
from django.utils import timezone, translation

from knowledge.models import (
    Action,
    CaseStudyIndexPage,
    CaseStudyPage,
    City,
    EventIndexPage,
    EventKind,
    EventPage,
    ForumReportIndexPage,
    ForumReportPage,
    TrainingMaterialIndexPage,
    TrainingMaterialPage,
    TwinningActionItem,
    TwinningPartnership,
)
from portal.i18n import localized_field


def translations(field: str, values: dict[str, str]) -> dict[str, str]:
    """{"en": …, "id": …} → {"title_en": …, "title_ind": …} for factory or model kwargs."""
    return {localized_field(field, language): value for language, value in values.items()}


class EnglishPageFactory(wagtail_factories.PageFactory):
    """Untranslated kwargs (`title`, `summary`) land in English whatever language is active."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        with translation.override("en"):
            return super()._create(model_class, *args, **kwargs)


class KnowledgePageFactory(EnglishPageFactory):
    title = factory.Sequence(lambda n: f"Knowledge page {n}")
    title_en = factory.SelfAttribute("title")
    slug = factory.Sequence(lambda n: f"knowledge-page-{n}")
    summary = "A short summary of what happened."
    summary_en = factory.SelfAttribute("summary")
    year = 2020

    class Meta:
        abstract = True
        # The `terms` hook publishes a revision itself; a second plain save would add nothing.
        skip_postgeneration_save = True

    @factory.post_generation
    def terms(self, create: bool, extracted: dict[str, list[Any]] | None, **kwargs: Any) -> None:
        """terms={"themes": [...], "actions": [...], "partner_cities": [...]} set after saving."""
        if not create or not extracted:
            return
        for relation, values in extracted.items():
            getattr(self, relation).set(values)
        with translation.override("en"):
            self.save_revision().publish()


class CaseStudyIndexPageFactory(EnglishPageFactory):
    title = "Case studies"
    title_en = "Case studies"
    slug = "case-studies"
    show_in_menus = True

    class Meta:
        model = CaseStudyIndexPage


class TrainingMaterialIndexPageFactory(EnglishPageFactory):
    title = "Training materials"
    title_en = "Training materials"
    slug = "training"
    show_in_menus = True

    class Meta:
        model = TrainingMaterialIndexPage


class ForumReportIndexPageFactory(EnglishPageFactory):
    title = "Forum reports"
    title_en = "Forum reports"
    slug = "forum-reports"
    show_in_menus = True

    class Meta:
        model = ForumReportIndexPage


class CaseStudyPageFactory(KnowledgePageFactory):
    period = "2016–2019"
    period_en = factory.SelfAttribute("period")

    class Meta:
        model = CaseStudyPage


class TrainingMaterialPageFactory(KnowledgePageFactory):
    audience = "City environment staff"
    audience_en = factory.SelfAttribute("audience")
    format = TrainingMaterialPage.Format.COURSE

    class Meta:
        model = TrainingMaterialPage


class ForumReportPageFactory(KnowledgePageFactory):
    timezone = "Asia/Bangkok"
    venue = "United Nations Conference Centre, Bangkok"
    venue_en = factory.SelfAttribute("venue")

    class Meta:
        model = ForumReportPage


class TwinningPartnershipFactory(factory.django.DjangoModelFactory):
    """A partnership between two seeded cities; pass `focus_actions=[...]` and `experts=[...]`."""

    class Meta:
        model = TwinningPartnership
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    mentor_city = factory.LazyFunction(lambda: City.objects.get(slug="seoul"))
    learning_city = factory.LazyFunction(lambda: City.objects.get(slug="dhaka"))
    start_year = 2020
    status = TwinningPartnership.Status.ACTIVE
    summary = "Two cities learn from each other."
    summary_en = factory.SelfAttribute("summary")

    @factory.post_generation
    def focus_actions(self, create: bool, extracted: list[Action] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.focus_actions.set(extracted)
            self.save()  # parental many-to-many relations are written by save()

    @factory.post_generation
    def experts(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.experts.set(extracted)
            self.save()


def milestone(day: datetime.date, status: str, **notes: str) -> tuple[str, dict[str, Any]]:
    """One milestone block for `milestones=[...]`: notes keyed by language code (note_en=…)."""
    return ("milestone", {"date": day, "status": status, **notes})


class TwinningActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TwinningActionItem

    partnership = factory.SubFactory(TwinningPartnershipFactory)
    action = factory.LazyFunction(lambda: Action.objects.get(slug="emissions-inventory"))
    title = factory.Sequence(lambda n: f"Action item {n}")
    title_en = factory.SelfAttribute("title")
    description = "What the two cities do together."
    description_en = factory.SelfAttribute("description")
    status = "in_progress"
    is_published = True
    milestones = factory.LazyFunction(list)


class EventIndexPageFactory(EnglishPageFactory):
    title = "Events"
    title_en = "Events"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(KnowledgePageFactory):
    kind = EventKind.WORKSHOP
    timezone = "Asia/Bangkok"
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=8))
    venue = "United Nations Conference Centre, Bangkok"
    venue_en = factory.SelfAttribute("venue")

    class Meta:
        model = EventPage
