"""Wagtail admin views of the knowledge app: turning a past event into a draft forum report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from knowledge.events import services as event_services
from knowledge.models import EventPage, ForumReportIndexPage


def can_convert(*, event: EventPage, user) -> bool:
    """Editors who may edit the event and add pages under the forum reports index."""
    index = ForumReportIndexPage.objects.first()
    if index is None:
        return user.is_superuser
    return event.permissions_for_user(user).can_edit() and index.permissions_for_user(user).can_add_subpage()


@require_http_methods(["GET", "HEAD", "POST"])
def event_to_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(EventPage, pk=pk)
    if not can_convert(event=event, user=request.user):
        raise PermissionDenied
    existing = event.follow_up_report(live_only=False)
    if request.method == "POST":
        try:
            report = event_services.convert_event_to_forum_report(event=event, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("wagtailadmin_pages:edit", event.pk)
        if existing is None:
            messages.success(
                request, _("Draft forum report created from “%(title)s”.") % {"title": event.title}
            )
        return redirect("wagtailadmin_pages:edit", report.pk)
    return render(request, "knowledge/admin/event_to_report.html", {"event": event, "existing": existing})
