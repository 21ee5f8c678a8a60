"""What waits for the editors and focal points: the latest review of a profile, pending profile
reviews, membership requests and nominations.
"""

from __future__ import annotations

import dataclasses

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from experts.accounts.models import Account, AccountStatus
from experts.models import Expert, Nomination, NominationStatus, RevisionStatus


@dataclasses.dataclass(frozen=True)
class ProfileReview:
    """Where the expert's latest proposed change stands, as the expert reads it."""

    status_label: str
    comment: str = ""


def latest_review(*, expert: Expert) -> ProfileReview | None:
    """The state of the expert's latest change in the moderation workflow (or, for a change proposed
    before the workflow, its old record), or None if they never proposed one."""
    state = WorkflowState.objects.for_instance(expert).order_by("-created_at", "-pk").first()
    if state is None:
        legacy = (
            expert.proposed_changes.exclude(status=RevisionStatus.SUPERSEDED).order_by("-created_at").first()
        )
        return ProfileReview(str(legacy.get_status_display()), legacy.comment) if legacy else None
    task = state.current_task_state
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ProfileReview(str(_("Waiting for review")))
    if state.status == WorkflowState.STATUS_APPROVED:
        return ProfileReview(str(_("Approved")))
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ProfileReview(str(_("Sent back")), task.comment if task else "")
    if task is not None and task.status == TaskState.STATUS_REJECTED:
        return ProfileReview(str(_("Not published")), task.comment)
    return None


@dataclasses.dataclass(frozen=True)
class PendingProfileReview:
    expert: Expert
    task_state: TaskState
    review_url: str
    compare_url: str
    # Wagtail's workflow actions on this task (the same view as the buttons on the profile's page).
    approve_url: str
    send_back_url: str
    reject_url: str


def pending_profile_reviews() -> list[PendingProfileReview]:
    """Profile drafts waiting for an editor, oldest first, with links to Wagtail's edit page (where
    the workflow's actions are) and its comparison of the draft with the live profile."""
    states = (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=ContentType.objects.get_for_model(Expert),
        )
        # Nominated profiles are listed (and decided) with their nomination.
        .exclude(
            workflow_state__object_id__in=Nomination.objects.filter(status=NominationStatus.PENDING)
            .annotate(key=Cast("expert_id", output_field=CharField()))
            .values("key")
        )
        .select_related("workflow_state")
        .order_by("started_at")
    )
    experts = Expert.objects.in_bulk([int(state.workflow_state.object_id) for state in states])
    reviews = []
    for state in states:
        expert = experts.get(int(state.workflow_state.object_id))
        if expert is None:
            continue
        viewset = expert.snippet_viewset
        reviews.append(
            PendingProfileReview(
                expert=expert,
                task_state=state,
                review_url=reverse(viewset.get_url_name("edit"), args=[expert.pk]),
                compare_url=reverse(
                    viewset.get_url_name("revisions_compare"), args=[expert.pk, "live", state.revision_id]
                ),
                **{
                    f"{name}_url": reverse(
                        viewset.get_url_name("workflow_action"), args=[expert.pk, action, state.pk]
                    )
                    for name, action in (
                        ("approve", "approve"),
                        ("send_back", "reject"),
                        ("reject", "decline"),
                    )
                },
            )
        )
    return reviews


def pending_accounts() -> QuerySet[Account]:
    return (
        Account.objects.filter(status=AccountStatus.PENDING)
        .select_related("user", "city")
        .order_by("created_at")
    )


# --------------------------------------------------------------------------------------------
# Nominations


def focal_point_account(*, user: AbstractBaseUser | AnonymousUser) -> Account | None:
    """The approved focal-point account of `user`, or None (only focal points nominate experts)."""
    if not user.is_authenticated or not user.is_active:
        return None
    account = Account.objects.filter(user=user).select_related("user").first()
    return account if account is not None and account.is_focal_point else None


def pending_nominations() -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(status=NominationStatus.PENDING)
        .select_related("expert__city__country", "nominated_by__user")
        .order_by("created_at")
    )


def nominations_of(*, account: Account) -> QuerySet[Nomination]:
    return Nomination.objects.filter(nominated_by=account).select_related("expert").order_by("-created_at")
