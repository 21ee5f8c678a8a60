"""Event routes outside Wagtail's page tree: the calendar files (Wagtail's page routes cannot end in
a file name). In the `knowledge` URL namespace, as before the events floor had its own package:
`portal/urls.py` includes them together with `knowledge.urls`."""

from django.urls import path

from knowledge.events import views

urlpatterns = [
    path("events/calendar.ics", views.events_calendar_view, name="events_calendar"),
    path("events/<int:pk>/calendar.ics", views.calendar_view, name="event_calendar"),
    path(
        "events/<int:pk>/my-calendar.ics",
        views.calendar_view,
        {"personal": True},
        name="event_my_calendar",
    ),
]
