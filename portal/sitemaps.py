"""/sitemap.xml: every live page in every portal language, with hreflang alternates."""

from wagtail.models import Page

from experts.sitemaps import ExpertSitemap
from knowledge.sitemaps import CitySitemap, TwinningSitemap
from portal.seo import PortalSitemap


class PageSitemap(PortalSitemap):
    # Django renders each item once per language with xhtml:link hreflang alternates.
    def items(self) -> list[Page]:
        return list(Page.objects.live().public().filter(depth__gt=1).order_by("path"))

    def location(self, item: Page) -> str:
        # Reversed under the language Django activates for each entry, so /vi/… for Vietnamese.
        _site_id, _root_url, path = item.get_url_parts()
        return path

    def lastmod(self, item: Page):
        return item.last_published_at


SITEMAPS = {
    "pages": PageSitemap,
    "twinning": TwinningSitemap,
    "cities": CitySitemap,
    "experts": ExpertSitemap,
}
