"""Reader-facing twinning URLs, mounted under the language prefix: /<lang>/twinning/…."""

from django.urls import path

from knowledge.twinning import views

app_name = "twinning"

# `match/` and `draft/` come before `<slug>/`; partnership slugs may not take those names.
urlpatterns = [
    path("twinning/", views.twinning_index, name="index"),
    path("twinning/match/", views.twinning_match, name="match"),
    path("twinning/draft/", views.twinning_create_draft, name="create_draft"),
    path("twinning/<slug:slug>/", views.twinning_detail, name="detail"),
]
