"""Editors manage the vocabulary and the twinning partnerships as snippets in one admin menu."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from knowledge.models import (
    Action,
    CertificationLevel,
    City,
    CityCertification,
    Country,
    EventRegistration,
    Pollutant,
    Sector,
    Theme,
    TwinningPartnership,
)


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["sort_order", "slug"]


class ThemeViewSet(TermViewSet):
    model = Theme
    icon = "tag"


class PollutantViewSet(TermViewSet):
    model = Pollutant
    icon = "warning"


class SectorViewSet(TermViewSet):
    model = Sector
    icon = "cogs"


class ActionViewSet(TermViewSet):
    model = Action
    icon = "tasks"


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code"]
    search_fields = ["name"]


class CityViewSet(SnippetViewSet):
    model = City
    icon = "site"
    list_display = ["name", "slug", "country"]
    list_filter = ["country"]
    search_fields = ["name"]


class TwinningPartnershipViewSet(SnippetViewSet):
    model = TwinningPartnership
    icon = "link"
    list_display = ["__str__", "start_year", "status"]
    list_filter = ["status"]
    menu_label = _("Twinning partnerships")
    menu_order = 210
    add_to_admin_menu = True


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, PollutantViewSet, SectorViewSet, ActionViewSet, CountryViewSet, CityViewSet)
    menu_icon = "tag"
    menu_label = _("Taxonomy")
    menu_name = "taxonomy"
    menu_order = 200


class CertificationLevelViewSet(SnippetViewSet):
    model = CertificationLevel
    icon = "pick"
    list_display = ["rank", "name", "slug"]
    ordering = ["rank"]


class CityCertificationViewSet(SnippetViewSet):
    model = CityCertification
    icon = "success"
    list_display = ["city", "level", "awarded"]
    list_filter = ["level", "city__country"]
    search_fields = ["city__name"]
    ordering = ["-awarded"]


class EventRegistrationViewSet(SnippetViewSet):
    """Who registered for which event, with a CSV/XLSX export of the (filtered) list."""

    model = EventRegistration
    icon = "group"
    menu_label = _("Event registrations")
    menu_order = 215
    add_to_admin_menu = True
    list_display = [
        "participant_name",
        "participant_email",
        "event",
        "language",
        "created",
        "reminder_sent_at",
    ]
    list_filter = ["event", "language"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_export = [
        "event.title",
        "participant_name",
        "participant_email",
        "participant_organisation",
        "language",
        "created",
        "reminder_sent_at",
    ]
    export_headings = {
        "event.title": _("Event"),
        "participant_name": _("Name"),
        "participant_email": _("E-mail address"),
        "participant_organisation": _("Organisation"),
    }
    export_filename = "event-registrations"

    def get_queryset(self, request):
        return EventRegistration.objects.select_related("event", "user__account")


class CertificationViewSetGroup(SnippetViewSetGroup):
    items = (CityCertificationViewSet, CertificationLevelViewSet)
    menu_icon = "success"
    menu_label = _("City certification")
    menu_name = "certification"
    menu_order = 205


register_snippet(TaxonomyViewSetGroup)
register_snippet(CertificationViewSetGroup)
register_snippet(EventRegistrationViewSet)
register_snippet(TwinningPartnershipViewSet)


@hooks.register("insert_global_admin_css")
def visible_translation_title_boxes() -> str:
    """Every language's title box with a border (see static/css/admin-editor.css for why)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-editor.css"))
