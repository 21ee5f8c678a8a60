"""The events floor's admin: the "Turn into forum report" button and the view behind it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from knowledge.events.admin_views import can_convert, event_to_report_view
from knowledge.models import EventPage


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
