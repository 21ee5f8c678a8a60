"""What the experts services share: who decided first, and e-mailing a person in their language."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext as _

from experts.exceptions import AlreadyDecided
from experts.models import (
    Account,
)
from experts.tasks import render_email, send_email
from knowledge.models import Action, Pollutant, Sector, Theme
from portal.i18n import (
    DEFAULT_LANGUAGE,
)

User = get_user_model()
TAXONOMY_MODELS = {"themes": Theme, "pollutants": Pollutant, "sectors": Sector, "actions": Action}


def claim_decision(model: type[models.Model], *, pk: int, pending: str, **changes: Any) -> None:
    """Record a decision on a pending row, or raise AlreadyDecided if it is no longer pending.

    One conditional UPDATE (`WHERE pk = … AND status = 'pending'`) is the decision: on PostgreSQL a
    second UPDATE of the row waits for the first transaction's row lock and then re-checks the
    status, so it matches no row; SQLite takes its write lock when the transaction starts
    (transaction_mode IMMEDIATE), so decisions run one after the other. Either way exactly one of
    several simultaneous requests changes the row, and only that one goes on to apply the decision,
    audit it and e-mail. Callers run this first inside their transaction.
    """
    if not model._default_manager.filter(pk=pk, status=pending).update(**changes):
        raise AlreadyDecided(
            _("This has been decided already by another editor; nothing was changed and no e-mail was sent.")
        )


def notify(*, user: AbstractBaseUser, template: str, context: dict) -> None:
    """E-mail an account holder in the language they chose for e-mails."""
    language = preferred_language_of(user)
    subject, body = render_email(template=template, context=context, language=language)
    send_email.enqueue(to=[user.email], subject=subject, body=body)


def preferred_language_of(user: AbstractBaseUser, default: str = DEFAULT_LANGUAGE) -> str:
    account = Account.objects.filter(user=user).first()
    return account.preferred_language if account else default
