"""Reminders: e-mailed once, in the participant's language, EVENT_REMINDER_HOURS before the start."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from experts.factories import AccountFactory
from knowledge import event_services
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

    assert len(mail.outbox) == 1
    assert "Họp nhóm chuyên gia" in mail.outbox[0].subject


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
