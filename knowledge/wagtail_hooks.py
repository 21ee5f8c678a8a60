"""Editors manage the vocabulary and the twinning partnerships as snippets in one admin menu."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from knowledge.events.admin_views import can_convert, event_to_report_view
from knowledge.models import (
    Action,
    CertificationLevel,
    City,
    CityCertification,
    Country,
    EventPage,
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


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [
        path("events/<int:pk>/forum-report/", event_to_report_view, name="knowledge_event_to_report"),
    ]


def _report_button(page, user, priority: int):
    if page.specific_class is not EventPage:
        return
    event = page.specific
    if event.is_past and can_convert(event=event, user=user):
        yield Button(
            _("Turn into forum report"),
            reverse("knowledge_event_to_report", args=[page.pk]),
            icon_name="doc-full",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def event_report_header_button(page, user, view_name, next_url=None):
    yield from _report_button(page, user, priority=45)


@hooks.register("register_page_listing_more_buttons")
def event_report_listing_button(page, user, next_url=None):
    yield from _report_button(page, user, priority=45)


@hooks.register("insert_global_admin_css")
def visible_translation_title_boxes() -> str:
    """Every language's title box with a border (see static/css/admin-editor.css for why)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-editor.css"))
