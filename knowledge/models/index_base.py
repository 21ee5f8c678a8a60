"""What the three section index pages share: an introduction, filters, pagination and feeds."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.content_cache import CachedViewRestrictionsMixin

PAGE_SIZE = 12


class KnowledgeIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    max_count = 1
    show_in_menus_default = True

    # The page type listed under this index, set by each concrete index.
    item_model: ClassVar[type[Page]]
    template_name = ""

    class Meta:
        abstract = True

    def get_template(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return self.template_name or super().get_template(request, *args, **kwargs)

    def live_items(self) -> models.QuerySet:
        from knowledge.selectors import knowledge_pages

        return knowledge_pages(model=self.item_model).child_of(self)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from knowledge.selectors import filter_knowledge_pages

        context = super().get_context(request, *args, **kwargs)
        result = filter_knowledge_pages(queryset=self.live_items(), params=request.GET)
        paginator = Paginator(result.queryset, PAGE_SIZE)
        page_number = request.GET.get("page") or 1
        items = paginator.get_page(page_number)
        # Pages keep the known filters only (an unknown value is reported, not carried along).
        query = result.selection.known_params(request.GET)
        query.pop("page", None)
        context.update(
            {
                "filters": result,
                "listing": items,
                "paginator": paginator,
                "filter_query": query.urlencode(),
            }
        )
        return context

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("feed/", name="feed")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        from knowledge.feeds import KnowledgeRssFeed

        return KnowledgeRssFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        from knowledge.feeds import KnowledgeAtomFeed

        return KnowledgeAtomFeed(self)(request)
