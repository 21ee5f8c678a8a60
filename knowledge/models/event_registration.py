"""A member's registration for an event; editors list and export them from the admin."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from knowledge.models.event import EventPage
from portal.i18n import DEFAULT_LANGUAGE, language_choices


class EventRegistration(models.Model):
    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices(),
        blank=True,
        help_text=_("The participant's language for the reminder e-mail; empty means their account's."),
    )
    created = models.DateTimeField(_("registered"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    panels = [FieldPanel("event"), FieldPanel("user"), FieldPanel("language")]

    class Meta:
        ordering = ["-created"]
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="unique_event_registration"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} · {self.event}"

    @property
    def reminder_language(self) -> str:
        """The language chosen at registration, else the account's preferred language."""
        if self.language:
            return self.language
        account = getattr(self.user, "account", None)
        return account.preferred_language if account else DEFAULT_LANGUAGE

    @property
    def participant_name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def participant_email(self) -> str:
        return self.user.email

    @property
    def participant_organisation(self) -> str:
        account = getattr(self.user, "account", None)
        return account.organisation if account else ""
