"""An expert profile as schema.org Person JSON-LD: only what every visitor may see.

The data is built from the visitor's view of the profile whoever reads the page, so a member's
visit (or a cached copy of it) never puts member-only fields into machine-readable form.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from experts import selectors
from experts.models import Expert
from portal.seo import absolute_url, json_ld, place


def person_structured_data(
    *, expert: Expert, request: HttpRequest, public: selectors.ProfileDisplay | None = None
) -> SafeString:
    """`public` is the visitor's view of the profile when the caller has it already."""
    if public is None:
        public = selectors.expert_display(expert=expert, member=False)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": public.name,
        "url": absolute_url(request=request, url=expert.get_absolute_url()),
    }
    if public.position:
        data["jobTitle"] = public.position
    if public.organisation:
        data["worksFor"] = {"@type": "Organization", "name": public.organisation}
    if expert.city_id:
        data["workLocation"] = place(city=expert.city)
    topics = [*public.themes, *public.pollutants, *public.sectors, *public.actions]
    if topics:
        data["knowsAbout"] = topics
    if public.languages:
        data["knowsLanguage"] = public.languages
    if public.biography:
        data["description"] = strip_tags(public.biography).strip()
    if public.photo_url:
        data["image"] = absolute_url(request=request, url=public.photo_url)
    if public.links:
        data["sameAs"] = public.links
    return json_ld(data)
