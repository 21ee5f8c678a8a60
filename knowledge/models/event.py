"""An upcoming (or past) forum, workshop, training or expert-group meeting that members register for.

Online connection details (meeting URL, meeting id, passcode) are for registered participants
only: they are kept out of `search_fields`, the feeds, the JSON-LD and the public `.ics`, and the
page shows them only to a signed-in participant with a registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from knowledge.blocks import DownloadsBlock, SessionsBlock
from knowledge.models.base import KnowledgePage
from knowledge.models.event_facts import EventFactsMixin
from portal.i18n import language_choices


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    EXPERT_GROUP_MEETING = "expert-group-meeting", _("Expert group meeting")


def _nobody(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    return False


@dataclass
class EventHandlers:
    """What an event page hands over to the events floor (`knowledge.events`).

    Registering takes a member check (experts) and views, which build on these models: the model
    may not import them (import-linter contract "models-no-views"), so the events app fills them
    in at start-up (`EventsConfig.ready`). Until it has, nobody may register and the registration
    routes answer 404.
    """

    register_view: Callable[..., HttpResponse] | None = None
    cancel_view: Callable[..., HttpResponse] | None = None
    may_register: Callable[..., bool] = _nobody

    def connect(
        self,
        *,
        register_view: Callable[..., HttpResponse],
        cancel_view: Callable[..., HttpResponse],
        may_register: Callable[..., bool],
    ) -> None:
        self.register_view = register_view
        self.cancel_view = cancel_view
        self.may_register = may_register


event_handlers = EventHandlers()


# Never add these to search_fields, feeds, JSON-LD or the public calendar file.
CONNECTION_FIELDS = ("online_url", "online_meeting_id", "online_passcode")


class EventPage(RoutablePageMixin, EventFactsMixin, KnowledgePage):
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices, default=EventKind.WORKSHOP)
    start = models.DateTimeField(_("starts"))
    online_url = models.URLField(
        _("meeting link"), blank=True, help_text=_("Shown and e-mailed to registered participants only.")
    )
    online_meeting_id = models.CharField(_("meeting ID"), max_length=100, blank=True)
    online_passcode = models.CharField(_("passcode"), max_length=100, blank=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    agenda = StreamField(SessionsBlock(), verbose_name=_("agenda"), blank=True)
    documents = StreamField(DownloadsBlock(), verbose_name=_("documents"), blank=True)

    content_panels = [
        *KnowledgePage.content_panels,
        *KnowledgePage.intro_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("series"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("timezone"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("venue_latitude"), FieldPanel("venue_longitude")]),
                FieldPanel("map_query"),
                FieldPanel("organisers"),
                FieldPanel("interpretation_languages"),
                FieldPanel("registration_open"),
            ],
            heading=_("Event"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("online_participation"),
                FieldPanel("online_url"),
                FieldRowPanel([FieldPanel("online_meeting_id"), FieldPanel("online_passcode")]),
            ],
            heading=_("Online participation (registered participants only)"),
        ),
        FieldPanel("agenda"),
        FieldPanel("documents"),
        *KnowledgePage.taxonomy_panels,
        *KnowledgePage.closing_panels,
    ]

    # Deliberately without the connection fields (CONNECTION_FIELDS).
    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("series"),
        index.SearchField("venue"),
        index.SearchField("organisers"),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["knowledge.EventIndexPage"]
    subpage_types: list[str] = []

    reader_fields = ("title", "summary", "body", "series", "venue", "organisers", "agenda", "documents")
    schema_type = "Event"
    template_name = "knowledge/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        if not self.online_participation and any(getattr(self, name) for name in CONNECTION_FIELDS):
            raise ValidationError(
                {"online_participation": _("Tick online participation or remove the connection details.")}
            )

    @property
    def finishes(self):
        """When the event is over: its end, or its start when no end is given."""
        return self.end or self.start

    @property
    def is_past(self) -> bool:
        return self.finishes < timezone.now()

    @property
    def has_connection_details(self) -> bool:
        return self.online_participation and any(getattr(self, name) for name in CONNECTION_FIELDS)

    def follow_up_report(self, *, live_only: bool = True):
        """The forum report this event was turned into, if any."""
        from knowledge.models.forum_report import ForumReportPage

        reports = ForumReportPage.objects.filter(from_event=self)
        return (reports.live().public() if live_only else reports).first()

    def registration_for(self, user: AbstractBaseUser | AnonymousUser):
        if not user.is_authenticated:
            return None
        return self.registrations.filter(user=user).first()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        registration = self.registration_for(request.user)
        context.update(
            {
                "registration": registration,
                # The connection details reach the template only for a registered participant.
                "connection": registration is not None and self.has_connection_details,
                "can_register": event_handlers.may_register(user=request.user),
                "language_choices": language_choices(),
                "report": self.follow_up_report() if self.is_past else None,
            }
        )
        return context

    @path("")
    def event_route(self, request: HttpRequest) -> HttpResponse:
        response = self.render(request)
        if request.user.is_authenticated:
            # The page differs per reader (registration, connection details): no shared caching.
            add_never_cache_headers(response)
        return response

    @path("register/", name="register")
    def register_route(self, request: HttpRequest) -> HttpResponse:
        if event_handlers.register_view is None:
            raise Http404
        return event_handlers.register_view(request, event=self)

    @path("cancel-registration/", name="cancel_registration")
    def cancel_route(self, request: HttpRequest) -> HttpResponse:
        if event_handlers.cancel_view is None:
            raise Http404
        return event_handlers.cancel_view(request, event=self)
