from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinningConfig(AppConfig):
    """Twinning as an app of its own, above knowledge's core and experts (see the package docstring).

    Installed for its start-up hook, its demo (`load_demo` runs each app's `demo` module in
    INSTALLED_APPS order, so the partnerships' experts exist when they are linked) and so that it
    can grow its own templates and commands; it has no models.
    """

    name = "knowledge.twinning"
    label = "knowledge_twinning"
    verbose_name = _("Twinning")

    def ready(self) -> None:
        from portal.navigation import register_section

        register_section(url_name="twinning:index", label=_("Twinning"), order=60)
