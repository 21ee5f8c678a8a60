"""Routes of the knowledge app outside Wagtail's page tree (included inside i18n_patterns)."""

from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("cities/", views.city_list_view, name="cities"),
    path("cities/<slug:slug>/", views.city_detail_view, name="city"),
    path("events/calendar.ics", views.events_calendar_view, name="events_calendar"),
    path("events/<int:pk>/calendar.ics", views.calendar_view, name="event_calendar"),
    path(
        "events/<int:pk>/my-calendar.ics",
        views.calendar_view,
        {"personal": True},
        name="event_my_calendar",
    ),
]
