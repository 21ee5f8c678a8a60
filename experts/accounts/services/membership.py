"""Membership requests and the editors' decisions on them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from experts.accounts.models import Account, AccountRole, AccountStatus
from experts.accounts.services.common import (
    AuditEntry,
    User,
    claim_decision,
    log_decision,
    notify,
    preferred_language_of,
)
from knowledge.models import City


def request_membership(
    *,
    email: str,
    password: str,
    full_name: str,
    organisation: str,
    position: str,
    city: City | None,
    preferred_language: str,
) -> Account | None:
    """A city or ministry staff member asks to join; they become a member once an editor approves.

    For an address that already has an account nothing is created: its owner is e-mailed how to
    sign in instead, so the form never tells a stranger which addresses are registered.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        base = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/{preferred_language_of(existing)}/accounts"
        context = {"sign_in_url": f"{base}/sign-in/", "reset_url": f"{base}/password-reset/"}
        notify(user=existing, template="account_exists", context=context)
        return None
    with transaction.atomic():
        user = User(username=email, email=email, first_name=full_name[:150])
        user.set_password(password)
        user.save()
        account = Account.objects.create(
            user=user,
            role=AccountRole.MEMBER,
            status=AccountStatus.PENDING,
            organisation=organisation,
            position=position,
            city=city,
            preferred_language=preferred_language,
        )
    notify(user=user, template="membership_received", context={"account": account})
    return account


def approve_account(*, account: Account, actor: AbstractBaseUser) -> Account:
    """Approve a pending membership request; AlreadyDecided if another editor decided first."""
    with transaction.atomic():
        claim_decision(
            account, pending=AccountStatus.PENDING, status=AccountStatus.APPROVED, review_comment=""
        )
        log_decision(
            entry=AuditEntry(
                actor=actor,
                subject="membership",
                decision="approved",
                description=f"{account.user.get_full_name()} <{account.user.email}>",
                account=account,
            )
        )
    notify(user=account.user, template="membership_approved", context={"account": account})
    return account


def send_back_account(*, account: Account, actor: AbstractBaseUser, comment: str) -> Account:
    """Send a pending membership request back; AlreadyDecided if another editor decided first."""
    with transaction.atomic():
        claim_decision(
            account, pending=AccountStatus.PENDING, status=AccountStatus.REJECTED, review_comment=comment
        )
        log_decision(
            entry=AuditEntry(
                actor=actor,
                subject="membership",
                decision="sent_back",
                description=f"{account.user.get_full_name()} <{account.user.email}>",
                comment=comment,
                account=account,
            )
        )
    notify(
        user=account.user, template="membership_sent_back", context={"account": account, "comment": comment}
    )
    return account
