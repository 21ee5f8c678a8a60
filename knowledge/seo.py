"""Machine-readable page metadata: schema.org JSON-LD, escaped so it can sit in a <script>."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from portal.seo import absolute_url

if TYPE_CHECKING:
    from knowledge.models.base import KnowledgePage

# The same escapes as Django's json_script: no "</script>" or HTML comment can end the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


def _place(city: Any) -> dict[str, Any]:
    return {
        "@type": "City",
        "name": city.name,
        "containedInPlace": {"@type": "Country", "name": city.country.name},
    }


def structured_data(page: KnowledgePage, request: HttpRequest) -> SafeString:
    """Article for case studies, Course for training, Event for forum reports."""
    # At the host the reader asked, not the Site record's (http://localhost on a fresh install).
    url = absolute_url(request=request, url=page.get_url(request=request))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "name": page.title,
        "description": strip_tags(page.summary or ""),
        "url": url,
        "inLanguage": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "en",
        "keywords": [term.name for term in [*page.themes.all(), *page.actions.all()]],
    }
    if page.schema_type == "Article":
        data["headline"] = page.title
        if page.first_published_at:
            data["datePublished"] = page.first_published_at.isoformat()
        if page.last_published_at:
            data["dateModified"] = page.last_published_at.isoformat()
        if page.city:
            data["contentLocation"] = _place(page.city)
    elif page.schema_type == "Course":
        data["provider"] = {"@type": "Organization", "name": "Clean Air Knowledge Exchange"}
        if page.audience:
            data["audience"] = {"@type": "Audience", "audienceType": page.audience}
        if page.level:
            data["educationalLevel"] = page.get_level_display()
    elif page.schema_type == "Event":
        if page.local_start:
            data["startDate"] = page.local_start.isoformat()
        if page.local_end:
            data["endDate"] = page.local_end.isoformat()
        data["eventAttendanceMode"] = (
            "https://schema.org/MixedEventAttendanceMode"
            if page.online_participation
            else "https://schema.org/OfflineEventAttendanceMode"
        )
        if page.venue:
            location: dict[str, Any] = {"@type": "Place", "name": page.venue}
            if page.venue_latitude is not None and page.venue_longitude is not None:
                location["geo"] = {
                    "@type": "GeoCoordinates",
                    "latitude": page.venue_latitude,
                    "longitude": page.venue_longitude,
                }
            data["location"] = location
        if page.organisers:
            data["organizer"] = {"@type": "Organization", "name": page.organisers}
    return json_ld(data)
