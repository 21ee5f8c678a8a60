from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from knowledge.models.event import EventPage
from knowledge.models.index_base import PAGE_SIZE, KnowledgeIndexPage


class EventIndexPage(KnowledgeIndexPage):
    """/<lang>/events/: upcoming events first (soonest on top), past ones in a paginated archive."""

    subpage_types = ["knowledge.EventPage"]
    item_model = EventPage
    template_name = "knowledge/event_index_page.html"
    # The main navigation links here through the "Events" section (knowledge/apps.py).
    show_in_menus_default = False

    class Meta:
        verbose_name = _("events index")

    def live_items(self) -> models.QuerySet:
        """Upcoming events, soonest first (what the feeds list)."""
        return self.upcoming_items()

    def _events(self) -> models.QuerySet:
        return (
            EventPage.objects.live()
            .public()
            .child_of(self)
            .select_related("city__country")
            .prefetch_related("themes", "actions")
            .annotate(finishes_at=Coalesce("end", "start"))
        )

    def upcoming_items(self) -> models.QuerySet:
        return self._events().filter(finishes_at__gte=timezone.now()).order_by("start", "pk")

    def past_items(self) -> models.QuerySet:
        return self._events().filter(finishes_at__lt=timezone.now()).order_by("-start", "-pk")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # Not the knowledge index's facets: readers look for what comes next, then the archive.
        context = super(KnowledgeIndexPage, self).get_context(request, *args, **kwargs)
        paginator = Paginator(self.past_items(), PAGE_SIZE)
        context.update(
            {
                "upcoming": list(self.upcoming_items()),
                "past": paginator.get_page(request.GET.get("page") or 1),
                "paginator": paginator,
            }
        )
        return context
