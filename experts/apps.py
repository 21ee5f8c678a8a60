from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Experts directory")

    def ready(self) -> None:
        from experts.cache import connect_signals
        from portal.navigation import register_section

        connect_signals()
        register_section(url_name="experts:directory", label=_("Experts"), order=50)
