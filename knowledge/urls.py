"""Routes of the knowledge app outside Wagtail's page tree (included inside i18n_patterns).

The `knowledge` namespace also holds the events' calendar files (`knowledge/events/urls.py`);
`portal/urls.py` includes both under it, so knowledge's core imports nothing of the events floor.
"""

from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("cities/", views.city_list_view, name="cities"),
    path("cities/<slug:slug>/", views.city_detail_view, name="city"),
]
