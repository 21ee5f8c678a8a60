from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events as an app of their own, above knowledge's core and experts (see the package docstring).

    It has no models: `EventPage` and `EventRegistration` stay in `knowledge.models`. Its start-up
    hands the page routes their views and the member check (`event_handlers`), which the models
    may not import.
    """

    name = "knowledge.events"
    label = "knowledge_events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from experts.selectors import is_member
        from knowledge.events import views
        from knowledge.models.event import event_handlers
        from knowledge.selectors import event_index_url
        from portal.navigation import register_section

        register_section(url_name="knowledge:events", label=_("Events"), order=70, resolve=event_index_url)
        event_handlers.connect(
            register_view=views.register_view,
            cancel_view=views.cancel_registration_view,
            may_register=is_member,
        )
