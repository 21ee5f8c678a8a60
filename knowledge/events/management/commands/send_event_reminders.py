from django.core.management.base import BaseCommand

from knowledge.events.services import send_due_event_reminders


class Command(BaseCommand):
    help = (
        "E-mail registered participants the connection details of events starting within "
        "EVENT_REMINDER_HOURS; each reminder is sent once, so running it often is safe."
    )

    def handle(self, *args, **options) -> None:
        sent = send_due_event_reminders()
        self.stdout.write(f"event reminders sent: {sent}")
