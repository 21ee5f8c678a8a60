"""RSS and Atom feeds of the newest pages of one section, served by the section's index page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

if TYPE_CHECKING:
    from knowledge.models.index_base import KnowledgeIndexPage

FEED_SIZE = 20


class KnowledgeRssFeed(Feed):
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
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
