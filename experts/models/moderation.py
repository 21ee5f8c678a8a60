"""Editors' decisions on what experts and visitors send: profile revisions, nominations, the
moderation log and the Wagtail review task that takes each decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    AbstractGroupApprovalTask,
)

from experts.accounts.models import Account, FocalPointType
from experts.models.expert import Expert
from portal.i18n import language_choices


class EditorDecision(models.Model):
    """What an editor records when deciding on something submitted for review."""

    comment = models.TextField(_("editor's comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class ExpertRevision(EditorDecision):
    """Changes an expert proposed before moderation moved to Wagtail's workflow, kept as the record
    of what was decided then (migration 0009 turned the pending ones into draft revisions). New
    proposals are draft revisions of the Expert itself (experts.services.profile)."""

    # Not "revisions": that is Wagtail's name for an expert's own revisions (RevisionMixin).
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="proposed_changes")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(_("proposed values"), default=dict)
    photo = models.ImageField(_("proposed photo"), upload_to="experts/pending/", blank=True)
    remove_photo = models.BooleanField(default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("profile revision")
        verbose_name_plural = _("profile revisions")

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_status_display()}"


class ModerationDecision(models.Model):
    """The audit trail: who approved or sent back what, and when."""

    class Subject(models.TextChoices):
        PROFILE = "profile", _("Profile revision")
        MEMBERSHIP = "membership", _("Membership request")
        INVITATION = "invitation", _("Invitation")
        NOMINATION = "nomination", _("Nomination")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        SENT_BACK = "sent_back", _("Sent back")
        INVITED = "invited", _("Invited")
        DECLINED = "declined", _("Rejected")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    description = models.CharField(_("about"), max_length=300)
    comment = models.TextField(_("comment"), blank=True)
    revision = models.ForeignKey(ExpertRevision, null=True, blank=True, on_delete=models.SET_NULL)
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.description}"


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Nomination(EditorDecision):
    """A focal point's nomination of an expert: the unclaimed profile it created, who nominated
    it, why, and the editor's decision."""

    expert = models.OneToOneField(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="nomination"
    )
    nominated_by = models.ForeignKey(
        Account,
        verbose_name=_("focal point"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    nominating_body = models.CharField(
        _("nominating body"), max_length=250, help_text=_("Shown on the profile as “nominated by”.")
    )
    nominating_body_type = models.CharField(
        _("nominating body type"), max_length=20, choices=FocalPointType.choices, blank=True
    )
    reason = models.TextField(_("why this expert"), max_length=3000)
    language = models.CharField(
        _("language of the invitation"), max_length=10, choices=language_choices(), default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("nominated"), default=timezone.now)

    panels = [FieldPanel("nominating_body"), FieldPanel("nominating_body_type"), FieldPanel("reason")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"{self.expert} ({self.nominating_body})"

    @property
    def country(self):
        return self.expert.city.country

    @property
    def organisation_type(self) -> str:
        return self.expert.get_organisation_type_display()


class ExpertReviewTask(AbstractGroupApprovalTask):
    """The editors' review of a profile draft: Wagtail's group approval (approve, request changes
    with a comment) plus "Reject", which ends the review and keeps the live profile. Every decision
    goes through experts.services.moderation.decide, which takes it once under a row lock."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        if Nomination.objects.filter(expert_id=obj.pk, status=NominationStatus.PENDING).exists():
            # Nobody can change a nominated profile yet (it is unclaimed): publish or decline.
            actions = [action for action in actions if action[0] != "reject"]
        return [*actions, ("decline", _("Reject"), True)]

    def get_form_for_action(self, action):
        if action in ("reject", "decline"):
            from experts.forms import ModerationCommentForm

            return ModerationCommentForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from experts.services.moderation import decide

        decide(task_state=task_state, user=user, action=action_name, comment=kwargs.get("comment", ""))

    @classmethod
    def get_description(cls):
        return _("Editors approve, send back with a comment, or reject an expert's profile changes")

    class Meta:
        verbose_name = _("expert profile review")
        verbose_name_plural = _("expert profile reviews")
