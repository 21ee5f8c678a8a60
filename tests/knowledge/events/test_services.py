"""Reminders: e-mailed once, in the participant's language, EVENT_REMINDER_HOURS before the start."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import default_task_backend

from experts.factories import AccountFactory
from knowledge.events import services as event_services
from knowledge.factories import EventPageFactory, translations
from knowledge.models import EventRegistration

pytestmark = pytest.mark.django_db

PASSCODE = "reminder-passcode-55"


@pytest.fixture
def tomorrow(event_index):
    return EventPageFactory(
        parent=event_index,
        slug="tomorrow",
        start=timezone.now() + timedelta(hours=20),
        online_participation=True,
        online_url="https://meet.example.org/tomorrow",
        online_passcode=PASSCODE,
        **translations(
            "title", {"en": "Expert group meeting", "vi": "Họp nhóm chuyên gia", "th": "การประชุมกลุ่มผู้เชี่ยวชาญ"}
        ),
    )


@pytest.fixture
def next_month(event_index):
    return EventPageFactory(parent=event_index, slug="next-month", start=timezone.now() + timedelta(days=30))


def test_reminder_goes_out_once_in_the_participants_language(tomorrow):
    registration = EventRegistration.objects.create(
        event=tomorrow, user=AccountFactory(preferred_language="vi").user
    )

    first = event_services.send_due_event_reminders()
    second = event_services.send_due_event_reminders()

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [registration.user.email]
    assert "Họp nhóm chuyên gia" in message.subject
    assert "Họp nhóm chuyên gia" in message.body
    assert PASSCODE in message.body
    assert message.attachments[0][2] == "text/calendar"
    assert PASSCODE in message.attachments[0][1]
    registration.refresh_from_db()
    assert registration.reminder_sent_at is not None


def test_the_language_chosen_at_registration_wins(tomorrow):
    EventRegistration.objects.create(
        event=tomorrow, user=AccountFactory(preferred_language="vi").user, language="th"
    )

    event_services.send_due_event_reminders()

    assert "การประชุมกลุ่มผู้เชี่ยวชาญ" in mail.outbox[0].subject


def test_reminders_wait_until_they_are_due(next_month):
    EventRegistration.objects.create(event=next_month, user=AccountFactory().user)

    assert event_services.send_due_event_reminders() == 0
    later = next_month.start - timedelta(hours=23)
    assert event_services.send_due_event_reminders(now=later) == 1
    assert mail.outbox


def test_no_reminder_after_the_event_or_for_an_unpublished_one(tomorrow, next_month):
    EventRegistration.objects.create(event=next_month, user=AccountFactory().user)
    EventRegistration.objects.create(event=tomorrow, user=AccountFactory().user)
    tomorrow.unpublish()

    assert event_services.send_due_event_reminders(now=next_month.end + timedelta(minutes=1)) == 0
    assert event_services.send_due_event_reminders() == 0
    assert not mail.outbox


def test_management_command_sends_due_reminders_once(tomorrow):
    EventRegistration.objects.create(event=tomorrow, user=AccountFactory().user)
    out = StringIO()

    call_command("send_event_reminders", stdout=out)
    call_command("send_event_reminders", stdout=out)

    assert "event reminders sent: 1" in out.getvalue()
    assert "event reminders sent: 0" in out.getvalue()
    assert len(mail.outbox) == 1


def test_registering_close_to_the_event_sends_the_reminder_at_once(tomorrow):
    event_services.register_for_event(event=tomorrow, user=AccountFactory(preferred_language="vi").user)

    confirmation, reminder = mail.outbox
    assert PASSCODE not in confirmation.body
    assert "Họp nhóm chuyên gia" in reminder.subject and PASSCODE in reminder.body


@pytest.fixture
def bangkok_workshop(event_index):
    """09:00–17:00 Bangkok time on 2 December 2031 (02:00–10:00 UTC)."""
    return EventPageFactory(
        parent=event_index,
        slug="bangkok-workshop",
        start=datetime(2031, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Bangkok")),
        end=datetime(2031, 12, 2, 17, 0, tzinfo=ZoneInfo("Asia/Bangkok")),
        timezone="Asia/Bangkok",
        online_participation=True,
        online_url="https://meet.example.org/bangkok",
        online_passcode=PASSCODE,
        **translations(
            "title",
            {
                "en": "Regional workshop",
                "vi": "Hội thảo khu vực",
                "id": "Lokakarya regional",
                "th": "การประชุมเชิงปฏิบัติการระดับภูมิภาค",
            },
        ),
    )


# The catalogues translate "You are registered for “%(title)s”." and the date is written the
# reader's way, so these markers hold before the new subject line is translated.
CONFIRMATIONS = {
    "vi": ("Hội thảo khu vực", "09:00, 2 tháng 12, 2031 – 17:00, 2 tháng 12, 2031"),
    "id": ("Lokakarya regional", "2 Desember 2031, 09.00 – 2 Desember 2031, 17.00"),
    "th": ("การประชุมเชิงปฏิบัติการระดับภูมิภาค", "2 ธันวาคม 2574 (2031), 09:00 – 2 ธันวาคม 2574 (2031), 17:00"),
}


@pytest.mark.parametrize("language", ["vi", "id", "th"])
def test_registration_is_confirmed_by_e_mail_in_the_participants_language(bangkok_workshop, language):
    user = AccountFactory(preferred_language=language).user

    event_services.register_for_event(event=bangkok_workshop, user=user)

    (message,) = mail.outbox  # the reminder waits until the day before
    title, when = CONFIRMATIONS[language]
    assert message.to == [user.email]
    assert title in message.subject
    with translation.override(language):
        registered = gettext("You are registered for “%(title)s”.") % {"title": title}
    assert registered != f"You are registered for “{title}”."
    assert registered in message.body
    assert when in message.body
    assert "Asia/Bangkok, UTC+07:00" in message.body
    assert PASSCODE not in message.body  # connection details come with the reminder
    assert message.attachments[0][2] == "text/calendar"


@pytest.mark.parametrize("language", ["vi", "id", "th"])
def test_reminder_is_written_in_the_participants_language(bangkok_workshop, language):
    registration = EventRegistration.objects.create(
        event=bangkok_workshop, user=AccountFactory(preferred_language="en").user, language=language
    )

    message = event_services.reminder_email(registration=registration)

    title, when = CONFIRMATIONS[language]
    with translation.override(language):
        subject = gettext("Reminder: %(title)s") % {"title": title}
        share = gettext("Please do not share these details: they are for registered participants only.")
    assert subject != f"Reminder: {title}" and message.subject == subject
    assert when in message.body and share in message.body and PASSCODE in message.body


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_registration_schedules_the_reminder_task_for_when_it_is_due(next_month):
    default_task_backend.clear()
    registration = event_services.register_for_event(event=next_month, user=AccountFactory().user)

    (result,) = [r for r in default_task_backend.results if r.task.name == "send_event_reminder"]
    assert result.task.name == "send_event_reminder"
    assert result.kwargs == {"registration_id": registration.pk}
    assert result.task.run_after == next_month.start - timedelta(hours=24)
    assert not mail.outbox


def test_the_reminder_task_ignores_a_cancelled_registration(tomorrow):
    from knowledge.tasks import send_event_reminder

    send_event_reminder.call(registration_id=123456)

    assert not mail.outbox
