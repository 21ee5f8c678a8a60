"""Background work of the knowledge app: event registration confirmations and reminders."""

from django_tasks import task


@task()
def send_event_reminder(*, registration_id: int) -> None:
    from knowledge.events.services import send_reminder
    from knowledge.models import EventRegistration

    registration = (
        EventRegistration.objects.select_related("event", "user__account").filter(pk=registration_id).first()
    )
    # A cancelled registration has nothing to remind; an unsent, due one is sent exactly once.
    if registration is not None:
        send_reminder(registration=registration)


@task()
def send_registration_confirmation(*, registration_id: int) -> None:
    from knowledge.events.services import confirmation_email
    from knowledge.models import EventRegistration

    registration = (
        EventRegistration.objects.select_related("event", "user__account").filter(pk=registration_id).first()
    )
    # Cancelled before the worker got to it: nothing to confirm.
    if registration is not None:
        confirmation_email(registration=registration).send()
