"""Reader-facing event views: registration and cancellation (served through EventPage's routes), calendar files."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from knowledge.events import services as event_services
from knowledge.events.calendar import calendar_stamp, event_calendar, events_calendar
from knowledge.models import EventPage


def _back_to(event) -> HttpResponse:
    return redirect(event.get_url())


@require_POST
def register_view(request: HttpRequest, *, event) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('experts:sign_in')}?{urlencode({'next': event.get_url()})}")
    try:
        event_services.register_for_event(
            event=event, user=request.user, language=request.POST.get("language")
        )
    except PermissionDenied:
        messages.error(request, _("Only approved members can register for events."))
        return _back_to(event)
    except ValidationError:
        messages.error(request, _("Registration for this event is closed."))
        return _back_to(event)
    messages.success(request, _("You are registered for this event."))
    return _back_to(event)


@require_POST
def cancel_registration_view(request: HttpRequest, *, event) -> HttpResponse:
    if request.user.is_authenticated and event_services.cancel_registration(event=event, user=request.user):
        messages.success(request, _("Your registration has been cancelled."))
    return _back_to(event)


@require_safe
def calendar_view(request: HttpRequest, pk: int, *, personal: bool = False) -> HttpResponse:
    """The event's .ics; the personal one (with connection details) for its registrants only.

    Served outside the page tree because Wagtail's page routes cannot end in a file name.
    """
    event = EventPage.objects.live().public().filter(pk=pk).first()
    if event is None:
        raise Http404
    if personal:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('experts:sign_in')}?{urlencode({'next': request.get_full_path()})}")
        if event.registration_for(request.user) is None:
            raise Http404
    response = HttpResponse(
        event_calendar(event=event, personal=personal), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    if personal:
        add_never_cache_headers(response)
    else:
        response["Last-Modified"] = http_date(calendar_stamp(event=event).timestamp())
    return response


@require_safe
def events_calendar_view(request: HttpRequest) -> HttpResponse:
    """Every public event as one .ics to subscribe to (a calendar app refreshes it on its own)."""
    events = [
        event
        for event in EventPage.objects.live().public().order_by("start", "pk")
        if event.local_start is not None
    ]
    name = f"{_('Events')} · {_('Clean Air Knowledge Exchange')}"
    response = HttpResponse(
        events_calendar(events=events, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    stamps = [calendar_stamp(event=event) for event in events]
    if stamps:
        response["Last-Modified"] = http_date(max(stamps).timestamp())
    return response
