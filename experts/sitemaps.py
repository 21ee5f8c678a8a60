"""The experts directory and published profiles in /sitemap.xml, in every portal language."""

from datetime import datetime

from django.db.models import Max, QuerySet
from django.urls import reverse

from experts.models import Expert, ExpertStatus
from portal.seo import PortalSitemap


class ExpertSitemap(PortalSitemap):
    def items(self) -> list:
        # Only published profiles are public; drafts, reviews and archived ones answer 404.
        return ["experts:directory", *self._published().order_by("slug")]

    def _published(self) -> QuerySet[Expert]:
        return Expert.objects.filter(status=ExpertStatus.PUBLISHED)

    def location(self, item: str | Expert) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item: str | Expert) -> datetime | None:
        # The directory changes whenever a listed profile does.
        if isinstance(item, str):
            return self._published().aggregate(latest=Max("updated_at"))["latest"]
        return item.updated_at
