from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Experts directory")

    def ready(self) -> None:
        from experts.accounts.services import register_decision_log
        from experts.cache import connect_signals
        from experts.models import Expert
        from experts.selectors import published_experts_in, untranslated_experts
        from experts.services.moderation import connect_signals as connect_moderation_signals
        from experts.services.moderation import write_decision
        from knowledge.selectors import register_city_experts
        from portal.navigation import register_section
        from portal.selectors import register_translated_kind
        from portal.translation_sources import track
        from portal.workflow_names import register_names

        connect_signals()
        connect_moderation_signals()
        # Membership and invitation decisions join the directory's audit trail; the accounts floor
        # cannot import it, so it is handed over here.
        register_decision_log(writer=write_decision)
        # The workflow and task experts/migrations/0008 creates, named in each editor's language.
        register_names(
            gettext_noop("Expert profile moderation"), gettext_noop("Editors review the profile change")
        )
        # City profiles list the city's experts; knowledge cannot import experts, so it asks.
        register_city_experts(provider=published_experts_in)
        register_section(url_name="experts:directory", label=_("Experts"), order=50)
        # An expert's position, organisation and biography are marked out of date in the admin and
        # the "Missing translations" report when their English changes after the translation.
        track(Expert)
        register_translated_kind(
            key="expert", label=_("Expert profiles"), rows=untranslated_experts, order=50
        )
