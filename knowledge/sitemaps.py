"""Twinning and city pages in /sitemap.xml, in every portal language with hreflang alternates."""

from django.urls import reverse

from knowledge.models import City, TwinningPartnership
from portal.seo import PortalSitemap


class TwinningSitemap(PortalSitemap):
    def items(self) -> list:
        return ["twinning:index", "twinning:match", *TwinningPartnership.objects.order_by("slug")]

    def location(self, item: str | TwinningPartnership) -> str:
        # Reversed under the language Django activates for each entry, so /vi/twinning/… for Vietnamese.
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


class CitySitemap(PortalSitemap):
    """The cities index and every city profile (certification, practices, events, experts)."""

    def items(self) -> list:
        return ["knowledge:cities", *City.objects.order_by("slug")]

    def location(self, item: str | City) -> str:
        if isinstance(item, str):
            return reverse(item)
        return reverse("knowledge:city", kwargs={"slug": item.slug})
