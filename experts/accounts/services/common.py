"""What the account services share, and lend to the directory's: who decided first, e-mailing a
person in their language, and the editors' audit trail reached through a hook.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext as _

from experts.accounts.models import Account
from experts.accounts.tasks import render_email, send_email
from experts.exceptions import AlreadyDecided
from portal.i18n import DEFAULT_LANGUAGE

User = get_user_model()


def claim_decision(row: models.Model, *, pending: str, **changes: Any) -> None:
    """Record a decision on a pending row, or raise AlreadyDecided if it is no longer pending; the
    same changes are then made on ``row``, so the caller's object shows the decision.

    One conditional UPDATE (`WHERE pk = … AND status = 'pending'`) is the decision: on PostgreSQL a
    second UPDATE of the row waits for the first transaction's row lock and then re-checks the
    status, so it matches no row; SQLite takes its write lock when the transaction starts
    (transaction_mode IMMEDIATE), so decisions run one after the other. Either way exactly one of
    several simultaneous requests changes the row, and only that one goes on to apply the decision,
    audit it and e-mail. Callers run this first inside their transaction.
    """
    if not type(row)._default_manager.filter(pk=row.pk, status=pending).update(**changes):
        raise AlreadyDecided(
            _("This has been decided already by another editor; nothing was changed and no e-mail was sent.")
        )
    for field, value in changes.items():
        setattr(row, field, value)


def notify(*, user: AbstractBaseUser, template: str, context: dict) -> None:
    """E-mail an account holder in the language they chose for e-mails."""
    language = preferred_language_of(user)
    subject, body = render_email(template=template, context=context, language=language)
    send_email.enqueue(to=[user.email], subject=subject, body=body)


def preferred_language_of(user: AbstractBaseUser, default: str = DEFAULT_LANGUAGE) -> str:
    account = Account.objects.filter(user=user).first()
    return account.preferred_language if account else default


# --- The audit trail --------------------------------------------------------------------------
# Editors' decisions on memberships and invitations go into the one audit trail the directory keeps
# (experts.models.ModerationDecision, beside profile and nomination decisions). Accounts may not
# import the directory, so the directory hands its writer over at start-up (ExpertsConfig.ready),
# as knowledge.selectors.register_city_experts does one floor down.


@dataclasses.dataclass(frozen=True, kw_only=True)
class AuditEntry:
    """One decision for the audit trail. ``subject`` and ``decision`` are stored values of
    ModerationDecision.Subject and .Decision ("membership", "approved"…)."""

    actor: AbstractBaseUser
    subject: str
    decision: str
    description: str
    comment: str = ""
    account: Account | None = None


DecisionLog = Callable[[AuditEntry], None]
_decision_log: DecisionLog | None = None


def register_decision_log(*, writer: DecisionLog) -> None:
    """Set the function that writes one row of the editors' audit trail."""
    global _decision_log
    _decision_log = writer


def log_decision(*, entry: AuditEntry) -> None:
    """Write one decision to the audit trail, in the caller's transaction. Without a writer this
    fails loudly: a decision must never be applied without its audit row."""
    if _decision_log is None:
        raise ImproperlyConfigured(
            "No audit trail: ExpertsConfig.ready registers it (register_decision_log)."
        )
    _decision_log(entry)
