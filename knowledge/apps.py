from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from knowledge import selectors, translation_gaps
        from knowledge.models import Action, City, Country, Pollutant, Sector, Theme, TwinningPartnership
        from knowledge.models.base import mark_reviewed_on_publish
        from knowledge.models.index_base import index_queries
        from portal.content_cache import watch_models
        from portal.navigation import register_section
        from portal.workflow_names import register_names

        # Twinning and events add their own sections (knowledge/twinning/apps.py, knowledge/events/apps.py).
        register_section(url_name="knowledge:cities", label=_("Cities"), order=65)
        # The index pages list and filter through the selectors, which the models may not import.
        index_queries.connect(pages=selectors.knowledge_pages, filtered=selectors.filter_knowledge_pages)
        # Shown in the menu, home lists and filter labels, which the content cache keeps.
        watch_models(Action, City, Country, Pollutant, Sector, Theme, TwinningPartnership)
        # The editors' translation report lists knowledge's snippets too.
        translation_gaps.register()
        # The pages' workflow and task (knowledge/migrations/0005), named in each editor's language.
        register_names(gettext_noop("Review and publish"), gettext_noop("Reviewers approval"))
        page_published.connect(mark_reviewed_on_publish, dispatch_uid="knowledge.mark_reviewed_on_publish")
