"""Machine-readable page metadata: schema.org JSON-LD, escaped so it can sit in a <script>."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from portal.renditions import BODY_IMAGE, picture_renditions
from portal.seo import absolute_url, json_ld, place

LEAD_IMAGE = BODY_IMAGE[-1]

if TYPE_CHECKING:
    from knowledge.models.base import KnowledgePage


def _event_locations(page: KnowledgePage, url: str) -> list[dict[str, Any]]:
    """Where an event happens: the venue with its postal address (the map search, which editors
    fill with the venue's address, the city and the country), and the event page for online
    participation. Search engines ask for `location.address` on every event."""
    locations: list[dict[str, Any]] = []
    city = page.city
    if page.venue or city:
        address: dict[str, Any] = {"@type": "PostalAddress"}
        if page.map_query:
            address["streetAddress"] = page.map_query
        if city:
            address["addressLocality"] = city.name
            address["addressCountry"] = city.country.code
        venue: dict[str, Any] = {"@type": "Place", "name": page.venue or city.name, "address": address}
        if page.venue_latitude is not None and page.venue_longitude is not None:
            venue["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": page.venue_latitude,
                "longitude": page.venue_longitude,
            }
        locations.append(venue)
    if page.online_participation:
        locations.append({"@type": "VirtualLocation", "url": url})
    return locations


def city_structured_data(*, city: Any, request: HttpRequest) -> SafeString:
    """A city profile as schema.org City (a Place): name, country, coordinates, its address here."""
    data = {"@context": "https://schema.org", **place(city=city)}
    data["url"] = absolute_url(request=request, url=request.path)
    return json_ld(data)


def structured_data(
    page: KnowledgePage, request: HttpRequest, *, keywords: Iterable[Any] | None = None
) -> SafeString:
    """Article for case studies, Course for training, Event for forum reports.

    ``keywords``: the page's themes and actions (anything with a ``name``) when the caller has
    them already; read from the page otherwise.
    """
    if keywords is None:
        keywords = [*page.themes.all(), *page.actions.all()]
    # At the host the reader asked, not the Site record's (http://localhost on a fresh install).
    url = absolute_url(request=request, url=page.get_url(request=request))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "name": page.title,
        "description": strip_tags(page.summary or ""),
        "url": url,
        "inLanguage": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "en",
        "keywords": [term.name for term in keywords],
    }
    if page.schema_type == "Article":
        data["headline"] = page.title
        if page.first_published_at:
            data["datePublished"] = page.first_published_at.isoformat()
        if page.last_published_at:
            data["dateModified"] = page.last_published_at.isoformat()
        if page.city:
            data["contentLocation"] = place(city=page.city)
        # The portal's editors write and keep the case studies: the portal is their author.
        data["author"] = {
            "@type": "Organization",
            "name": settings.WAGTAIL_SITE_NAME,
            "url": absolute_url(request=request, url=f"/{data['inLanguage']}/"),
        }
        if page.card_image_id:
            # The largest rendition the page's lead image shows (made ahead by portal.renditions),
            # read with the rest of that picture's renditions: one lookup for both.
            lead = picture_renditions(page.card_image, BODY_IMAGE)[LEAD_IMAGE]
            data["image"] = absolute_url(request=request, url=lead.url)
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
        locations = _event_locations(page, url)
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        if page.organisers:
            data["organizer"] = {"@type": "Organization", "name": page.organisers}
    return json_ld(data)
