"""Reader-facing views of the knowledge app that are not Wagtail pages: the city profiles."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from knowledge import selectors


@require_GET
def city_list_view(request: HttpRequest) -> HttpResponse:
    listing = selectors.city_listing(params=request.GET)
    return render(request, "knowledge/cities/city_list.html", {"listing": listing})


@require_GET
def city_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.city_profile(slug=slug)
    if profile is None:
        raise Http404
    return render(request, "knowledge/cities/city_detail.html", {"profile": profile, "city": profile.city})
