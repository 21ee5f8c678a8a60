"""Translated fields (django-modeltranslation; wagtail-modeltranslation shows them side by side).

Columns get modeltranslation's suffixes (`_en`, `_vi`, `_ind`, `_th`): code reaches them through
`portal.i18n.localized_field` (and its `translations`/`set_translations`), never by spelling
the suffix.
"""

from modeltranslation.translator import TranslationOptions, register

from knowledge.models import (
    Action,
    CaseStudyIndexPage,
    CaseStudyPage,
    CertificationLevel,
    City,
    CityCertification,
    Country,
    EventIndexPage,
    EventPage,
    ForumReportIndexPage,
    ForumReportPage,
    Pollutant,
    Sector,
    Theme,
    TrainingMaterialIndexPage,
    TrainingMaterialPage,
    TwinningActionItem,
    TwinningPartnership,
)

KNOWLEDGE_PAGE_FIELDS = ("summary", "body", "card_image_alt")


@register([Theme, Pollutant, Sector, Action])
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("name",)


@register(TwinningPartnership)
class TwinningPartnershipTranslation(TranslationOptions):
    fields = ("summary",)


@register(TwinningActionItem)
class TwinningActionItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(CertificationLevel)
class CertificationLevelTranslation(TranslationOptions):
    fields = ("name", "description", "criteria")


@register(CityCertification)
class CityCertificationTranslation(TranslationOptions):
    fields = ("note",)


@register([CaseStudyIndexPage, TrainingMaterialIndexPage, ForumReportIndexPage, EventIndexPage])
class KnowledgeIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(CaseStudyPage)
class CaseStudyPageTranslation(TranslationOptions):
    fields = (
        *KNOWLEDGE_PAGE_FIELDS,
        "period",
        "measures_taken",
        "results",
        "cost_and_funding",
        "lessons_learned",
        "sources",
    )


@register(TrainingMaterialPage)
class TrainingMaterialPageTranslation(TranslationOptions):
    fields = (
        *KNOWLEDGE_PAGE_FIELDS,
        "audience",
        "duration",
        "learning_objectives",
        "modules",
        "downloads",
    )


@register(ForumReportPage)
class ForumReportPageTranslation(TranslationOptions):
    fields = (
        *KNOWLEDGE_PAGE_FIELDS,
        "series",
        "venue",
        "organisers",
        "key_outcomes",
        "sessions",
        "report_documents",
    )


@register(EventPage)
class EventPageTranslation(TranslationOptions):
    # The connection details are not translated: one meeting link serves every language.
    fields = (*KNOWLEDGE_PAGE_FIELDS, "series", "venue", "organisers", "agenda", "documents")
