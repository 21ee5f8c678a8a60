"""Editors' decisions on profile drafts, taken in Wagtail's workflow (ExpertReviewTask).

Approve publishes the draft; "Request changes" sends it back with a comment (the expert edits and
resubmits); "Reject" ends the review and keeps the live profile as it is. Each decision is taken
once: the task state's row is locked and re-read first, so of several editors pressing a button
at the same moment one decides and the others are told it was decided already. The expert is told
in the language they chose for e-mails.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier, WorkflowStateRejectionEmailNotifier
from wagtail.models import Revision, TaskState, WorkflowState
from wagtail.signals import published, task_rejected, unpublished, workflow_approved, workflow_rejected

from experts.accounts.services import AuditEntry, notify
from experts.exceptions import AlreadyDecided
from experts.models import Expert, ExpertStatus, ModerationDecision, Nomination, NominationStatus
from experts.services.common import TAXONOMY_MODELS
from experts.services.nominations import approve_nomination, decline_nomination


def decided_already() -> AlreadyDecided:
    return AlreadyDecided(
        _("This has been decided already by another editor; nothing was changed and no e-mail was sent.")
    )


@transaction.atomic
def decide(*, task_state: TaskState, user: AbstractBaseUser, action: str, comment: str = "") -> TaskState:
    """Apply an editor's decision on a task in progress; AlreadyDecided if it is no longer.

    The re-read under `select_for_update` is the decision: on PostgreSQL a second editor waits for
    the first one's transaction and then finds the task decided; SQLite runs write transactions
    one after the other (IMMEDIATE), so the second one reads the decided task too.
    """
    claimed = (
        TaskState.objects.select_for_update()
        .filter(pk=task_state.pk, status=TaskState.STATUS_IN_PROGRESS)
        .first()
    )
    if claimed is None:
        raise decided_already()
    claimed = claimed.specific
    task = claimed.task.specific
    expert = Expert.objects.get(pk=claimed.workflow_state.object_id)
    if action not in {name for name, _label, _modal in task.get_actions(expert, user)}:
        raise PermissionDenied(_("Only the editors reviewing expert profiles can decide on this change."))
    if action == "approve":
        claimed.approve(user=user, comment=comment)
    elif action == "reject":
        claimed.reject(user=user, comment=comment)
    elif action == "decline":
        decline_draft(task_state=claimed, user=user, comment=comment)
    else:
        raise ValueError(f"unknown moderation action {action!r}")
    return claimed


def decline_draft(*, task_state: TaskState, user: AbstractBaseUser, comment: str) -> Expert:
    """End the review without publishing: the draft stays in the history, the live profile as it is."""
    workflow_state = task_state.workflow_state
    workflow_state.cancel(user=user)
    TaskState.objects.filter(pk=task_state.pk).update(
        status=TaskState.STATUS_REJECTED, comment=comment, finished_by=user, finished_at=timezone.now()
    )
    task_state.refresh_from_db()
    task_state.log_state_change_action(user, "reject")
    expert = Expert.objects.get(pk=workflow_state.object_id)
    # The live version becomes the latest again, so the next edit (the expert's or an editor's)
    # starts from what readers see, not from the rejected draft.
    expert.save_revision(user=user, changed=False, clean=False)
    Expert.objects.filter(pk=expert.pk).update(has_unpublished_changes=False)
    nomination = Nomination.objects.filter(expert=expert, status=NominationStatus.PENDING).first()
    if nomination is not None:
        # Rejecting a nominated profile declines the nomination: archived, the focal point told why.
        decline_nomination(nomination=nomination, actor=user, comment=comment)
        return expert
    ModerationDecision.objects.create(
        actor=user,
        subject=ModerationDecision.Subject.PROFILE,
        decision=ModerationDecision.Decision.DECLINED,
        description=str(expert),
        comment=comment,
    )
    if expert.user:
        notify(user=expert.user, template="profile_declined", context={"expert": expert, "comment": comment})
    return expert


def _expert_of(workflow_state: WorkflowState) -> Expert | None:
    if not _is_expert_review(workflow_state):
        return None
    return Expert.objects.filter(pk=workflow_state.object_id).select_related("user").first()


def on_published(sender: type[Expert], instance: Expert, revision: Revision, **kwargs: Any) -> None:
    """A published version's expertise terms reach the row, and publishing counts as a review."""
    expertise = getattr(instance, "revision_expertise", None) or {}
    for relation, model in TAXONOMY_MODELS.items():
        if relation in expertise:
            getattr(instance, relation).set(model.objects.filter(slug__in=expertise[relation]))
    instance.last_reviewed = timezone.localdate()
    instance.save(update_fields=["last_reviewed", "updated_at"])


def on_unpublished(sender: type[Expert], instance: Expert, **kwargs: Any) -> None:
    """Wagtail's "Unpublish" takes a profile off the portal as archiving does: the directory, its
    caches and the search documents follow the status (experts.cache, experts.search)."""
    if instance.status != ExpertStatus.ARCHIVED:
        instance.status = ExpertStatus.ARCHIVED
        instance.save(update_fields=["status", "updated_at"])


def on_workflow_approved(
    sender: type[WorkflowState], instance: WorkflowState, user=None, **kwargs: Any
) -> None:
    expert = _expert_of(instance)
    if expert is None:
        return
    nomination = Nomination.objects.filter(expert=expert).first()
    if nomination is not None and expert.user_id is None:
        # A nominated profile: the nomination's decision publishes, records and announces it
        # (to the focal point, and an invitation to the expert).
        if nomination.status == NominationStatus.PENDING:
            approve_nomination(
                nomination=nomination, actor=user, base_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            )
        return
    if expert.status in (ExpertStatus.DRAFT, ExpertStatus.IN_REVIEW):
        expert.status = ExpertStatus.PUBLISHED
        expert.save(update_fields=["status", "updated_at"])
    ModerationDecision.objects.create(
        actor=user,
        subject=ModerationDecision.Subject.PROFILE,
        decision=ModerationDecision.Decision.APPROVED,
        description=str(expert),
    )
    if expert.user:
        notify(user=expert.user, template="profile_approved", context={"expert": expert})


def on_task_rejected(sender: type[TaskState], instance: TaskState, user=None, **kwargs: Any) -> None:
    """ "Request changes": the expert reads the editor's comment and resubmits."""
    expert = _expert_of(instance.workflow_state)
    if expert is None:
        return
    ModerationDecision.objects.create(
        actor=user,
        subject=ModerationDecision.Subject.PROFILE,
        decision=ModerationDecision.Decision.SENT_BACK,
        description=str(expert),
        comment=instance.comment,
    )
    if expert.user:
        notify(
            user=expert.user,
            template="profile_sent_back",
            context={"expert": expert, "comment": instance.comment},
        )


def _is_expert_review(workflow_state: WorkflowState) -> bool:
    return workflow_state.base_content_type_id == ContentType.objects.get_for_model(Expert).pk


class ApprovalNotifierForPages(WorkflowStateApprovalEmailNotifier):
    """Wagtail's approval e-mail, for everything but expert profiles: experts get their own, in
    their language and without admin links (on_workflow_approved)."""

    def can_handle(self, instance: Any, **kwargs: Any) -> bool:
        return super().can_handle(instance, **kwargs) and not _is_expert_review(instance)


class RejectionNotifierForPages(WorkflowStateRejectionEmailNotifier):
    """Wagtail's "changes requested" e-mail, for everything but expert profiles (on_task_rejected)."""

    def can_handle(self, instance: Any, **kwargs: Any) -> bool:
        return super().can_handle(instance, **kwargs) and not _is_expert_review(instance)


# Module-level, as Wagtail keeps its own: signals hold their receivers weakly.
approval_notifier_for_pages = ApprovalNotifierForPages()
rejection_notifier_for_pages = RejectionNotifierForPages()


def connect_signals() -> None:
    """Called from ExpertsConfig.ready, which runs before wagtail.admin's: Wagtail's own approval
    and rejection notifiers connect later under the same dispatch_uid, so Django keeps these."""
    workflow_rejected.connect(
        rejection_notifier_for_pages,
        sender=WorkflowState,
        dispatch_uid="workflow_state_rejected_email_notification",
    )
    workflow_approved.connect(
        approval_notifier_for_pages,
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
    )
    published.connect(on_published, sender=Expert, dispatch_uid="experts_published")
    unpublished.connect(on_unpublished, sender=Expert, dispatch_uid="experts_unpublished")
    workflow_approved.connect(on_workflow_approved, sender=WorkflowState, dispatch_uid="experts_approved")
    task_rejected.connect(on_task_rejected, sender=TaskState, dispatch_uid="experts_sent_back")


def write_decision(entry: AuditEntry) -> None:
    """One row of the editors' audit trail, for the accounts' decisions (memberships and
    invitations): ExpertsConfig.ready hands this to experts.accounts.services.register_decision_log."""
    ModerationDecision.objects.create(
        actor=entry.actor,
        subject=ModerationDecision.Subject(entry.subject),
        decision=ModerationDecision.Decision(entry.decision),
        description=entry.description,
        comment=entry.comment,
        account=entry.account,
    )
