from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from portal.content_cache import CachedViewRestrictionsMixin
from portal.routing import route_through_sections
from portal.translation_forms import TranslatedPageForm


class HomePage(CachedViewRestrictionsMixin, Page):
    """The site root in every language: a search-led welcome to the knowledge exchange."""

    base_form_class = TranslatedPageForm

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences under the heading, shown above the search box."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        # The section pages on the way come from the content cache (portal/routing.py).
        found = route_through_sections(root=self, request=request, path_components=path_components)
        return found if found is not None else super().route(request, path_components)


# The search layer's tables belong to this app; see portal/search/models.py.
from portal.search.models import (  # noqa: E402
    DocumentText,
    IndexOutboxEntry,
    SearchEngineKey,
    SearchPick,
    SearchQueryLog,
    SearchSynonym,
    TextVector,
)

# Which translations are out of date; see portal/translation_sources.py.
from portal.translation_sources import TranslationSource  # noqa: E402

# The task worker's heartbeat belongs to this app too; see portal/worker.py.
from portal.worker import WorkerHeartbeat  # noqa: E402

__all__ = [
    "DocumentText",
    "HomePage",
    "IndexOutboxEntry",
    "SearchEngineKey",
    "SearchPick",
    "SearchQueryLog",
    "SearchSynonym",
    "TextVector",
    "TranslationSource",
    "WorkerHeartbeat",
]
