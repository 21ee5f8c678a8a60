"""Routes of the knowledge app outside Wagtail's page tree (included inside i18n_patterns)."""

from django.urls import path

from knowledge import views
from knowledge.events import views as event_views

app_name = "knowledge"

urlpatterns = [
    path("cities/", views.city_list_view, name="cities"),
    path("cities/<slug:slug>/", views.city_detail_view, name="city"),
    path("events/<int:pk>/calendar.ics", event_views.calendar_view, name="event_calendar"),
    path(
        "events/<int:pk>/my-calendar.ics",
        event_views.calendar_view,
        {"personal": True},
        name="event_my_calendar",
    ),
]
