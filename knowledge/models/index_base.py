"""What the three section index pages share: an introduction, filters, pagination and feeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.content_cache import CachedViewRestrictionsMixin
from portal.routing import UrlPartsPerRequestMixin
from portal.translation_forms import TranslatedPageForm

PAGE_SIZE = 12


@dataclass
class IndexQueries:
    """The queries an index page lists and filters with, from `knowledge.selectors`.

    The selectors build on these models, so the models may not import them (import-linter
    contract "models-no-views"): `KnowledgeConfig.ready` hands them over at start-up.
    """

    pages: Callable[..., models.QuerySet] | None = None  # knowledge_pages(model=...)
    filtered: Callable[..., Any] | None = None  # filter_knowledge_pages(queryset=..., params=...)

    def connect(self, *, pages: Callable[..., models.QuerySet], filtered: Callable[..., Any]) -> None:
        self.pages = pages
        self.filtered = filtered


index_queries = IndexQueries()


class KnowledgeIndexPage(CachedViewRestrictionsMixin, UrlPartsPerRequestMixin, RoutablePageMixin, Page):
    # The English beside each translation's box (portal.translation_forms).
    base_form_class = TranslatedPageForm

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
        assert index_queries.pages is not None, "KnowledgeConfig.ready() connects the index queries"
        return index_queries.pages(model=self.item_model).child_of(self)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        assert index_queries.filtered is not None, "KnowledgeConfig.ready() connects the index queries"
        context = super().get_context(request, *args, **kwargs)
        result = index_queries.filtered(queryset=self.live_items(), params=request.GET)
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
