"""The experts directory and published profiles in /sitemap.xml, in every portal language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from experts.models import Expert, ExpertStatus


class ExpertSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list:
        # Only published profiles are public; drafts, reviews and archived ones answer 404.
        return ["experts:directory", *Expert.objects.filter(status=ExpertStatus.PUBLISHED).order_by("slug")]

    def location(self, item: str | Expert) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
