"""RSS and Atom feeds of the newest pages of one section, served by the section's index page."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

if TYPE_CHECKING:
    from knowledge.models.index_base import KnowledgeIndexPage

FEED_SIZE = 20


class _SteadyBuildDate:
    """A feed's build date that only moves when its content does.

    Django dates a feed whose items carry no date (an empty section, say) with the current time,
    so its body, and with it the ETag, changed every second and a feed reader never got a 304.
    Such a feed is dated by its section's own publication instead, or at worst by today.
    """

    def latest_post_date(self) -> datetime.datetime:
        if any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return super().latest_post_date()
        start_of_today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        return self.feed.get("section_date") or start_of_today


class SteadyRssFeed(_SteadyBuildDate, Rss201rev2Feed):
    pass


class SteadyAtomFeed(_SteadyBuildDate, Atom1Feed):
    pass


class KnowledgeRssFeed(Feed):
    feed_type = SteadyRssFeed

    def __init__(self, index: KnowledgeIndexPage) -> None:
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return _("%(section)s · Clean Air Knowledge Exchange") % {"section": self.index.title}

    def link(self) -> str:
        return self.index.get_url(request=self.request)

    def description(self) -> str:
        return self.index.intro or self.index.title

    def feed_extra_kwargs(self, obj) -> dict:
        return {"section_date": self.index.last_published_at or self.index.first_published_at}

    def items(self) -> list[Page]:
        return list(self.index.live_items()[:FEED_SIZE])

    def item_title(self, item: Page) -> str:
        return item.title

    def item_description(self, item: Page) -> str:
        return item.summary

    def item_link(self, item: Page) -> str:
        return item.get_url(request=self.request)

    def item_pubdate(self, item: Page):
        return item.first_published_at

    def item_updateddate(self, item: Page):
        return item.last_published_at

    def item_categories(self, item: Page) -> list[str]:
        return [term.name for term in [*item.themes.all(), *item.actions.all()]]


class KnowledgeAtomFeed(KnowledgeRssFeed):
    feed_type = SteadyAtomFeed

    def subtitle(self) -> str:
        return self.description()
