from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from knowledge.models.base import mark_reviewed_on_publish
        from knowledge.selectors import event_index_url
        from portal.navigation import register_section

        register_section(url_name="twinning:index", label=_("Twinning"), order=60)
        register_section(url_name="knowledge:cities", label=_("Cities"), order=65)
        register_section(url_name="knowledge:events", label=_("Events"), order=70, resolve=event_index_url)
        page_published.connect(mark_reviewed_on_publish, dispatch_uid="knowledge.mark_reviewed_on_publish")
