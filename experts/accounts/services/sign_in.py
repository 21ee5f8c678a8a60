"""Two-step sign-in: the password, then a link e-mailed for this browser session, used once."""

from __future__ import annotations

import dataclasses
import enum
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.accounts.backends import SESSION_BACKEND
from experts.accounts.models import Account, SignInAttempt
from experts.accounts.tasks import hash_token, send_sign_in_link
from portal.i18n import (
    DEFAULT_LANGUAGE,
    is_portal_language,
)

SESSION_ATTEMPT = "experts.sign_in.attempt"
SESSION_BINDING = "experts.sign_in.binding"
SESSION_LINK_TOKEN = "experts.sign_in.link_token"  # noqa: S105 - a session key name, not a secret


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"
    OTHER_ATTEMPT = "other_attempt"


@dataclasses.dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    attempt: SignInAttempt | None = None


def _cancel_session_attempt(session: SessionBase) -> None:
    attempt_id = session.get(SESSION_ATTEMPT)
    if attempt_id:
        SignInAttempt.objects.filter(pk=attempt_id, used_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )


def _create_attempt(
    *,
    user: AbstractBaseUser,
    session: SessionBase,
    next_url: str,
    password_verified_at,
    base_url: str,
    language: str,
) -> SignInAttempt:
    _cancel_session_attempt(session)
    if not is_portal_language(language):
        language = DEFAULT_LANGUAGE
    binding = secrets.token_urlsafe(32)
    now = timezone.now()
    attempt = SignInAttempt.objects.create(
        user=user,
        session_binding_hash=hash_token(binding),
        next_url=next_url,
        language=language,
        created_at=now,
        password_verified_at=password_verified_at,
        expires_at=now + timedelta(minutes=settings.SIGN_IN_LINK_MINUTES),
    )
    session[SESSION_ATTEMPT] = attempt.pk
    session[SESSION_BINDING] = binding
    send_sign_in_link.enqueue(attempt_id=attempt.pk, base_url=base_url, language=language)
    return attempt


def set_preferred_language(*, account: Account, language: str) -> Account:
    """The language every later e-mail to this person is written in."""
    if not is_portal_language(language):
        raise ValidationError(
            _("%(language)s is not one of the portal's languages."), params={"language": language}
        )
    account.preferred_language = language
    account.save(update_fields=["preferred_language"])
    return account


def start_sign_in(
    *, user: AbstractBaseUser, session: SessionBase, next_url: str, base_url: str, language: str
) -> SignInAttempt:
    """After the password was accepted: record the attempt for this session and e-mail its link.

    ``language`` is the language of the page the sign-in started on, and it beats the account's
    language for e-mails: the person is reading that language right now, and the link, the
    confirmation page and the landing page (/en/accounts/ from an English page) follow it, so
    the flow never switches language half-way. Letters the portal sends later, unasked
    (approvals, replies), keep using the account's chosen language.
    """
    return _create_attempt(
        user=user,
        session=session,
        next_url=next_url,
        password_verified_at=timezone.now(),
        base_url=base_url,
        language=language,
    )


def session_attempt(*, session: SessionBase) -> SignInAttempt | None:
    """The sign-in attempt this session started, if the session still holds its binding secret."""
    attempt_id, binding = session.get(SESSION_ATTEMPT), session.get(SESSION_BINDING)
    if not attempt_id or not binding:
        return None
    attempt = SignInAttempt.objects.select_related("user").filter(pk=attempt_id).first()
    if attempt is None or not secrets.compare_digest(attempt.session_binding_hash, hash_token(binding)):
        return None
    return attempt


def check_sign_in_link(*, token: str, session: SessionBase) -> LinkCheck:
    """What a link's token means for this session, without consuming it (GETs only look)."""
    if not token:
        return LinkCheck(LinkState.INVALID)
    attempt = SignInAttempt.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if attempt is None:
        return LinkCheck(LinkState.INVALID)
    if attempt.used_at:
        return LinkCheck(LinkState.USED, attempt)
    current = session_attempt(session=session)
    if current is None or current.pk != attempt.pk or attempt.cancelled_at:
        return LinkCheck(LinkState.OTHER_ATTEMPT, attempt)
    if attempt.expires_at <= timezone.now():
        return LinkCheck(LinkState.EXPIRED, attempt)
    if not attempt.user.is_active:
        return LinkCheck(LinkState.INVALID)
    return LinkCheck(LinkState.VALID, attempt)


def complete_sign_in(*, request: HttpRequest, token: str) -> LinkCheck:
    """Consume the link (once) and sign the person in; login() gives the session a new key."""
    check = check_sign_in_link(token=token, session=request.session)
    if check.state is not LinkState.VALID:
        return check
    now = timezone.now()
    consumed = SignInAttempt.objects.filter(
        pk=check.attempt.pk, used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if consumed != 1:
        # Another request used it between the check and now.
        return LinkCheck(LinkState.USED, check.attempt)
    login(request, check.attempt.user, backend=SESSION_BACKEND)
    for key in (SESSION_ATTEMPT, SESSION_BINDING, SESSION_LINK_TOKEN):
        request.session.pop(key, None)
    return check


def resend_sign_in_link(*, session: SessionBase, base_url: str) -> SignInAttempt | None:
    """A new link for this session's attempt, if its password was checked recently enough; in the
    language the sign-in started in (see start_sign_in)."""
    attempt = session_attempt(session=session)
    if attempt is None or attempt.used_at:
        return None
    window = timedelta(minutes=settings.SIGN_IN_RESEND_WINDOW_MINUTES)
    if attempt.password_verified_at + window <= timezone.now():
        return None
    return _create_attempt(
        user=attempt.user,
        session=session,
        next_url=attempt.next_url,
        password_verified_at=attempt.password_verified_at,
        base_url=base_url,
        language=attempt.language,
    )
