from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Experts directory")

    def ready(self) -> None:
        from experts.cache import connect_signals
        from experts.selectors import published_experts_in, untranslated_experts
        from knowledge.selectors import register_city_experts
        from portal.navigation import register_section
        from portal.selectors import register_translated_kind

        connect_signals()
        # City profiles list the city's experts; knowledge cannot import experts, so it asks.
        register_city_experts(provider=published_experts_in)
        register_section(url_name="experts:directory", label=_("Experts"), order=50)
        register_translated_kind(
            key="expert", label=_("Expert profiles"), rows=untranslated_experts, order=50
        )
