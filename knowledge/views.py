"""Reader-facing views of the knowledge app beyond plain page rendering: the city list and city profiles.

Event registration and calendar files are in `knowledge.events.views`, twinning in
`knowledge.twinning.views`.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from knowledge import maps, selectors
from knowledge.seo import city_structured_data


@require_safe
def city_list_view(request: HttpRequest) -> HttpResponse:
    listing = selectors.city_listing(params=request.GET)
    city_map = (
        maps.network_map(cities=listing.cities, partnerships=list(selectors.partnerships_on_map()))
        if listing.cities
        else None
    )
    return render(request, "knowledge/cities/city_list.html", {"listing": listing, "city_map": city_map})


@require_safe
def city_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.city_profile(slug=slug)
    if profile is None:
        raise Http404
    current = profile.certification
    city_map = maps.city_map(
        city=profile.city, level=current.level if current else None, partnerships=profile.partnerships
    )
    context = {
        "profile": profile,
        "city": profile.city,
        "city_map": city_map,
        # Their results are already loaded with the pages: charting them costs no query.
        "pages_with_results": [page for page in profile.case_studies if page.results],
        "structured_data": city_structured_data(city=profile.city, request=request),
    }
    return render(request, "knowledge/cities/city_detail.html", context)
