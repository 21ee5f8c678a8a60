"""Nominations of experts by focal points and the editors' decisions on them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.accounts.models import Account
from experts.accounts.services import claim_decision, invite_expert, notify
from experts.exceptions import AlreadyDecided
from experts.models import Expert, ExpertStatus, ModerationDecision, Nomination, NominationStatus
from knowledge.models import Action, City, Theme
from portal.i18n import (
    DEFAULT_LANGUAGE,
    is_portal_language,
    localized_field,
)


def nominate_expert(
    *,
    account: Account,
    name: str,
    email: str,
    organisation: str,
    organisation_type: str,
    city: City,
    themes: list[Theme],
    actions: list[Action],
    reason: str,
    language: str,
) -> Nomination:
    """A focal point nominates an expert: an unclaimed profile in review, and the nomination.

    The nominating body shown on the profile is the focal point's organisation.
    """
    if not account.is_focal_point:
        raise PermissionDenied(_("Only focal points can nominate experts."))
    email = email.strip().lower()
    if Expert.objects.filter(email=email).exists():
        raise ValidationError(_("An expert with this e-mail address is already in the directory."))
    body = account.organisation or account.user.get_full_name() or account.user.email
    with transaction.atomic():
        expert = Expert(
            name=name.strip(),
            email=email,
            organisation_type=organisation_type,
            nominated_by=body,
            city=city,
            status=ExpertStatus.IN_REVIEW,
        )
        # The focal point writes the organisation in their own language; it is the English
        # (default) value until an editor or the expert translates it.
        setattr(expert, localized_field("organisation", DEFAULT_LANGUAGE), organisation)
        expert.save()
        expert.themes.set(themes)
        expert.actions.set(actions)
        nomination = Nomination.objects.create(
            expert=expert,
            nominated_by=account,
            nominating_body=body,
            nominating_body_type=account.focal_point_type,
            reason=reason,
            language=language if is_portal_language(language) else DEFAULT_LANGUAGE,
        )
        # The nominated profile enters the same moderation workflow as an expert's own change,
        # requested by the focal point: editors see it beside the others in Wagtail.
        first = expert.save_revision(user=account.user, clean=False, changed=False, log_action=True)
        Expert.objects.filter(pk=expert.pk).update(live_revision=first)
        workflow = Expert.get_default_workflow()
        if workflow is not None:
            workflow.start(Expert.objects.get(pk=expert.pk), account.user)
        return nomination


def approve_nomination(*, nomination: Nomination, actor: AbstractBaseUser, base_url: str) -> Nomination:
    """Publish the nominated profile and invite the expert to claim it (in the nomination's language)."""
    if nomination.status != NominationStatus.PENDING:
        raise AlreadyDecided(_("This nomination has been decided already."))
    expert = nomination.expert
    with transaction.atomic():
        claim_decision(
            nomination,
            pending=NominationStatus.PENDING,
            status=NominationStatus.APPROVED,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        # Approving the review publishes the profile as it was nominated (Wagtail's approval).
        _close_review(expert=expert, actor=actor, approve=True)
        expert.status = ExpertStatus.PUBLISHED
        expert.last_reviewed = timezone.localdate()
        expert.save(update_fields=["status", "last_reviewed", "updated_at"])
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.NOMINATION,
            decision=ModerationDecision.Decision.APPROVED,
            description=f"{expert} ({nomination.nominating_body})",
        )
        invite_expert(expert=expert, invited_by=actor, base_url=base_url, language=nomination.language)
    _notify_focal_point(nomination=nomination, template="nomination_approved", base_url=base_url)
    return nomination


def decline_nomination(*, nomination: Nomination, actor: AbstractBaseUser, comment: str) -> Nomination:
    """The profile is archived (never shown); the comment tells the focal point why."""
    if nomination.status != NominationStatus.PENDING:
        raise AlreadyDecided(_("This nomination has been decided already."))
    with transaction.atomic():
        claim_decision(
            nomination,
            pending=NominationStatus.PENDING,
            status=NominationStatus.DECLINED,
            comment=comment,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        _close_review(expert=nomination.expert, actor=actor, approve=False)
        nomination.expert.status = ExpertStatus.ARCHIVED
        nomination.expert.save(update_fields=["status", "updated_at"])
        ModerationDecision.objects.create(
            actor=actor,
            subject=ModerationDecision.Subject.NOMINATION,
            decision=ModerationDecision.Decision.SENT_BACK,
            description=f"{nomination.expert} ({nomination.nominating_body})",
            comment=comment,
        )
    _notify_focal_point(
        nomination=nomination,
        template="nomination_declined",
        base_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    )
    return nomination


def _close_review(*, expert: Expert, actor: AbstractBaseUser, approve: bool) -> None:
    """End the nominated profile's review in the workflow, if it is still open: approving publishes
    it (Wagtail's approval), declining cancels it. Decided from the workflow itself, the nomination
    follows through pending_nomination_decided (experts.services.moderation)."""
    state = expert.current_workflow_state
    if state is None:
        return
    task_state = state.current_task_state
    if approve and task_state is not None and task_state.status == task_state.STATUS_IN_PROGRESS:
        task_state.specific.approve(user=actor)
    elif not approve:
        state.cancel(user=actor)
    expert.refresh_from_db()


def _notify_focal_point(*, nomination: Nomination, template: str, base_url: str) -> None:
    """Tell the focal point who nominated the expert what the editors decided, in their language."""
    focal_point = nomination.nominated_by
    if focal_point is not None:
        notify(
            user=focal_point.user, template=template, context={"nomination": nomination, "base_url": base_url}
        )
