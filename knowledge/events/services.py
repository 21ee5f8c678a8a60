"""Write-side domain logic of events: the index page, registrations, reminders, follow-up reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue
from wagtail.models import Page

from knowledge.events.calendar import absolute_url, event_calendar
from knowledge.models import (
    EventIndexPage,
    EventPage,
    EventRegistration,
    ForumReportIndexPage,
    ForumReportPage,
)
from knowledge.services import ensure_index_pages
from portal.i18n import is_portal_language, language_codes, localized_field, set_translations
from portal.models import HomePage

EVENT_INDEX_SLUG = "events"
EVENT_INDEX_TITLES = {"en": "Events", "vi": "Sự kiện", "id": "Acara", "th": "กิจกรรม"}
EVENT_INDEX_INTROS = {
    "en": "Forums, workshops, training and expert-group meetings: register to take part.",
    "vi": "Diễn đàn, hội thảo, đào tạo và các cuộc họp nhóm chuyên gia: hãy đăng ký để tham gia.",
    "id": "Forum, lokakarya, pelatihan, dan pertemuan kelompok pakar: daftar untuk ikut serta.",
    "th": "เวทีสัมมนา การประชุมเชิงปฏิบัติการ การฝึกอบรม และการประชุมกลุ่มผู้เชี่ยวชาญ ลงทะเบียนเพื่อเข้าร่วม",
}


def ensure_event_index() -> EventIndexPage:
    """The events index under the home page at /<lang>/events/, created (published) when missing."""
    index = EventIndexPage.objects.first()
    if index is not None:
        return index
    with translation.override("en"):
        index = EventIndexPage(
            slug=EVENT_INDEX_SLUG, title=EVENT_INDEX_TITLES["en"], draft_title=EVENT_INDEX_TITLES["en"]
        )
        set_translations(index, "title", EVENT_INDEX_TITLES, clear_missing=False)
        set_translations(index, "intro", EVENT_INDEX_INTROS, clear_missing=False)
        HomePage.objects.get().add_child(instance=index)
        index.save_revision().publish()
    return index


def _registration_language(code: str | None, user: AbstractBaseUser) -> str:
    """The language chosen in the form, else the account's preferred one (editors see it in the
    registration list, e.g. to plan interpretation)."""
    if is_portal_language(code):
        return code
    account = getattr(user, "account", None)
    return account.preferred_language if account else ""


def register_for_event(
    *, event: EventPage, user: AbstractBaseUser, language: str | None = None
) -> EventRegistration:
    """Register an approved member (idempotent: a second call returns the first registration).

    `language` is the participant's language for the reminder; by default their account's.
    """
    from experts.selectors import is_member
    from knowledge.tasks import send_registration_confirmation

    if not is_member(user=user):
        raise PermissionDenied(_("Only approved members can register for events."))
    existing = EventRegistration.objects.filter(event=event, user=user).first()
    if existing is not None:
        return existing
    if not event.registration_open or event.is_past:
        raise ValidationError(_("Registration for this event is closed."))
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=event, user=user, language=_registration_language(language, user)
            )
    except IntegrityError:
        # A double submission raced us to the unique constraint: the first one stands.
        return EventRegistration.objects.get(event=event, user=user)
    send_registration_confirmation.enqueue(registration_id=registration.pk)
    schedule_reminder(registration=registration)
    return registration


def cancel_registration(*, event: EventPage, user: AbstractBaseUser) -> bool:
    deleted, _details = EventRegistration.objects.filter(event=event, user=user).delete()
    return bool(deleted)


# --------------------------------------------------------------------------------------------
# Reminders: the connection details, e-mailed EVENT_REMINDER_HOURS before the start, once.


def reminder_due_at(*, event: EventPage) -> datetime:
    return event.start - timedelta(hours=settings.EVENT_REMINDER_HOURS)


def schedule_reminder(*, registration: EventRegistration) -> None:
    """Queue the reminder task to run when it falls due.

    Backends that cannot defer (the immediate one in development and tests) get the task only
    once it is due; `manage.py send_event_reminders`, run by cron, sends whatever is due either
    way, and also covers events whose start an editor moved after people registered.
    """
    from knowledge.tasks import send_event_reminder

    due = reminder_due_at(event=registration.event)
    if send_event_reminder.get_backend().supports_defer:
        send_event_reminder.using(run_after=max(due, timezone.now())).enqueue(registration_id=registration.pk)
    elif due <= timezone.now():
        send_event_reminder.enqueue(registration_id=registration.pk)


def due_reminders(*, now: datetime | None = None) -> QuerySet[EventRegistration]:
    """Registrations whose reminder is due and not yet sent: live event starting within the
    reminder window and not yet over."""
    now = now or timezone.now()
    return (
        EventRegistration.objects.filter(
            reminder_sent_at__isnull=True,
            event__live=True,
            event__start__lte=now + timedelta(hours=settings.EVENT_REMINDER_HOURS),
        )
        .filter(Q(event__end__gte=now) | Q(event__end__isnull=True, event__start__gte=now))
        .select_related("event", "user__account")
        .order_by("event__start", "pk")
    )


def send_reminder(*, registration: EventRegistration, now: datetime | None = None) -> bool:
    """E-mail one participant their reminder if it is due and unsent; True when sent.

    The registration is claimed by a conditional UPDATE inside the transaction that sends the
    mail: two workers cannot both send it, and a failed send rolls the claim back so the next
    run tries again.
    """
    now = now or timezone.now()
    if not due_reminders(now=now).filter(pk=registration.pk).exists():
        return False
    with transaction.atomic():
        claimed = EventRegistration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            return False
        reminder_email(registration=registration).send()
    return True


def send_due_event_reminders(*, now: datetime | None = None) -> int:
    """Send every due reminder once; returns how many were sent."""
    now = now or timezone.now()
    return sum(send_reminder(registration=registration, now=now) for registration in due_reminders(now=now))


def reminder_email(*, registration: EventRegistration) -> EmailMessage:
    """The reminder in the participant's language, with the personal calendar file attached."""
    return _participant_email(registration=registration, template="event_reminder")


def confirmation_email(*, registration: EventRegistration) -> EmailMessage:
    """The registration confirmation in the participant's language, with the personal calendar file."""
    return _participant_email(registration=registration, template="event_registered")


def _participant_email(*, registration: EventRegistration, template: str) -> EmailMessage:
    """`knowledge/emails/<template>_subject.txt` / `_body.txt` for one participant, rendered in the
    language chosen at registration (else their account's), dates in the event's time zone."""
    event = registration.event.specific
    language = registration.reminder_language
    with translation.override(language):
        context = {
            "event": event,
            "user": registration.user,
            "url": absolute_url(event.get_url() or ""),
            "connection": event.has_connection_details,
            "hours": settings.EVENT_REMINDER_HOURS,
        }
        subject = " ".join(render_to_string(f"knowledge/emails/{template}_subject.txt", context).split())
        body = render_to_string(f"knowledge/emails/{template}_body.txt", context)
        calendar = event_calendar(event=event, personal=True)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[registration.user.email]
    )
    message.attach(f"{event.slug}.ics", calendar, "text/calendar")
    return message


# --------------------------------------------------------------------------------------------
# After the event: a draft forum report that keeps the event's facts.

# Translated fields copied language by language: event field → forum report field.
REPORT_TRANSLATED_FIELDS = {
    "title": "title",
    "summary": "summary",
    "body": "body",
    "series": "series",
    "venue": "venue",
    "organisers": "organisers",
    "agenda": "sessions",
    "documents": "report_documents",
}
REPORT_PLAIN_FIELDS = (
    "timezone",
    "venue_latitude",
    "venue_longitude",
    "map_query",
    "online_participation",
    "interpretation_languages",
    "city",
)
REPORT_RELATIONS = ("partner_cities", "themes", "pollutants", "sectors", "actions")


def _report_slug(index: Page, base: str) -> str:
    taken = set(index.get_children().values_list("slug", flat=True))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def convert_event_to_forum_report(*, event: EventPage, user: AbstractBaseUser | None) -> ForumReportPage:
    """A draft forum report under the forum report index with the event's facts (titles and texts
    in every language, dates, time zone, venue, organisers, interpretation, city and tags); the
    connection details stay behind. A second call returns the report already made."""
    existing = ForumReportPage.objects.filter(from_event=event).first()
    if existing is not None:
        return existing
    if not event.is_past:
        raise ValidationError(_("An event can become a forum report once it has taken place."))
    index = ensure_index_pages()[ForumReportIndexPage]
    with translation.override("en"), transaction.atomic():
        report = ForumReportPage(
            slug=_report_slug(index, event.slug),
            live=False,
            owner=user,
            from_event=event,
            start=event.start,
            end=event.end or event.start,
            year=event.local_start.year,
            **{name: getattr(event, name) for name in REPORT_PLAIN_FIELDS},
        )
        for source, target in REPORT_TRANSLATED_FIELDS.items():
            for language in language_codes():
                value = getattr(event, localized_field(source, language))
                if isinstance(value, StreamValue):
                    value = value.get_prep_value()
                setattr(report, localized_field(target, language), value)
        report.title = event.title_en
        report.draft_title = event.title_en
        for relation in REPORT_RELATIONS:
            setattr(report, relation, list(getattr(event, relation).all()))
        index.add_child(instance=report)
        report.save_revision(user=user, log_action=True)
    return report
