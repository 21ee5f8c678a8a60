"""Invitations to claim a profile, and claiming it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.accounts.models import Account, AccountRole, AccountStatus, Invitation
from experts.accounts.services.common import AuditEntry, User, log_decision
from experts.accounts.tasks import hash_token, send_invitation


class InvitedProfile(Protocol):
    """What an invitation reads of the directory's profile (an experts.Expert), named here
    because accounts never import the directory."""

    pk: Any
    user_id: int | None
    email: str


def invite_expert(
    *,
    expert: InvitedProfile,
    invited_by: AbstractBaseUser,
    base_url: str,
    language: str = "en",
    email: str = "",
) -> Invitation:
    """E-mail the expert a link to set a password and claim their profile; earlier links stop working."""
    if expert.user_id:
        raise ValidationError(_("This profile has already been claimed."))
    now = timezone.now()
    Invitation.objects.filter(expert=expert, accepted_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    invitation = Invitation.objects.create(
        expert=expert,
        email=(email or expert.email).strip().lower(),
        invited_by=invited_by,
        language=language,
        created_at=now,
        expires_at=now + timedelta(days=settings.EXPERT_INVITATION_DAYS),
    )
    log_decision(
        entry=AuditEntry(
            actor=invited_by,
            subject="invitation",
            decision="invited",
            description=str(expert),
        )
    )
    send_invitation.enqueue(invitation_id=str(invitation.pk), base_url=base_url)
    return invitation


def find_invitation(*, token: str) -> Invitation | None:
    """The open invitation a token belongs to, or None (unknown, used or expired)."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("expert")
        .filter(
            token_hash=hash_token(token),
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
            expert__user__isnull=True,
        )
        .first()
    )


def claim_profile(*, invitation: Invitation, password: str, preferred_language: str) -> AbstractBaseUser:
    """Create (or reuse) the account for the invited address and link the expert profile to it."""
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        if claimed != 1:
            raise PermissionDenied(_("This invitation has already been used."))
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User(
                username=invitation.email, email=invitation.email, first_name=invitation.expert.name[:150]
            )
        user.set_password(password)
        user.save()
        Account.objects.update_or_create(
            user=user,
            defaults={
                "role": AccountRole.EXPERT,
                "status": AccountStatus.APPROVED,
                "preferred_language": preferred_language,
                "organisation": invitation.expert.organisation,
                "city": invitation.expert.city,
            },
        )
        expert = invitation.expert
        expert.user = user
        expert.save(update_fields=["user"])
    return user
