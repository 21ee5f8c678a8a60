from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from portal.navigation import register_section

        register_section(url_name="knowledge:cities", label=_("Cities"), order=60)
