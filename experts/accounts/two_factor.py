"""An authenticator app (TOTP, django-otp) as staff's second factor, in place of the e-mailed link.

Everyone signs in with a password and then a second step. For members and experts that step is
the link we e-mail (experts.services.start_sign_in). Editors and administrators, whose accounts
can change what every reader sees, may enrol an authenticator app instead: after the password
they type the app's six-digit code, or one of ten single-use recovery codes when the phone is
lost. They may add passkeys too (experts.accounts.passkeys). Once either is enrolled, it is their only second
step (an e-mail inbox is not a second factor the way a phone is), until they remove it.

The step between the password and the code lives in the session for a few minutes, with the
language the sign-in started in, so the code page and the landing page stay in that language.
"""

from __future__ import annotations

from base64 import b32encode
from datetime import datetime, timedelta
from typing import Any

import segno
from django.contrib.auth import get_user_model, login
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from experts.accounts.backends import SESSION_BACKEND
from experts.accounts.models import Passkey
from portal.i18n import DEFAULT_LANGUAGE, is_portal_language

SESSION_PENDING = "experts.sign_in.code"
# Long enough to open the app and type a code, short enough that a forgotten tab does not keep a
# half-signed-in session around.
CODE_MINUTES = 5
RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def is_staff(user: Any) -> bool:
    """Editors and administrators: whoever may open the Wagtail admin."""
    return bool(getattr(user, "is_active", False) and user.has_perm("wagtailadmin.access_admin"))


def authenticator(*, user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's enrolled (confirmed) authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def uses_authenticator(*, user: AbstractBaseUser) -> bool:
    return is_staff(user) and authenticator(user=user) is not None


def uses_second_factor(*, user: AbstractBaseUser) -> bool:
    """Staff with an authenticator app or a passkey (experts.accounts.passkeys): the sign-in's second step
    is then one of those, never the e-mailed link."""
    return is_staff(user) and (
        authenticator(user=user) is not None or Passkey.objects.filter(user=user).exists()
    )


def enrolment_device(*, user: AbstractBaseUser) -> TOTPDevice:
    """The not yet confirmed authenticator being enrolled: one per user, kept across page loads so
    the QR code does not change while the person scans it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def qr_code(*, device: TOTPDevice) -> str:
    """The enrolment QR code as an SVG data URI (the CSP allows data: images, nothing inline)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


def secret_text(*, device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps that are typed into rather than scanned."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


def _normalised(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Enrol ``device`` if ``code`` is the one it shows now; returns the new recovery codes (shown
    once), None when the code is wrong."""
    if not device.verify_token(_normalised(code)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=device.user)


@transaction.atomic
def new_recovery_codes(*, user: AbstractBaseUser) -> list[str]:
    """Ten new single-use codes; the earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(*, user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_recovery_codes(*, user: AbstractBaseUser) -> None:
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def remove_authenticator(*, user: AbstractBaseUser) -> None:
    """Back to the e-mailed link, or to the passkeys when there are some (the recovery codes then
    stay: they are the way in when the passkey's device is lost)."""
    TOTPDevice.objects.filter(user=user).delete()
    if not uses_second_factor(user=user):
        remove_recovery_codes(user=user)


def verify_code(*, user: AbstractBaseUser, code: str) -> bool:
    """The authenticator's current code, or an unused recovery code (which is used up)."""
    code = _normalised(code)
    if not code:
        return False
    device = authenticator(user=user)
    if device is not None and code.isdigit() and device.verify_token(code):
        return True
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return bool(recovery is not None and recovery.verify_token(code))


def start_code_sign_in(*, session: SessionBase, user: AbstractBaseUser, next_url: str, language: str) -> None:
    """After the password was accepted: wait for the authenticator's code."""
    session[SESSION_PENDING] = {
        "user": user.pk,
        "at": timezone.now().isoformat(),
        "next": next_url,
        "language": language if is_portal_language(language) else DEFAULT_LANGUAGE,
    }


def pending_sign_in(*, session: SessionBase) -> dict[str, Any] | None:
    """The sign-in waiting for a code in this session: ``user``, ``next`` and ``language``; None
    when there is none or its few minutes are up."""
    pending = session.get(SESSION_PENDING)
    if not isinstance(pending, dict):
        return None
    try:
        started = datetime.fromisoformat(pending.get("at", ""))
    except (TypeError, ValueError):
        started = None
    if started is None or started + timedelta(minutes=CODE_MINUTES) <= timezone.now():
        session.pop(SESSION_PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None or not uses_second_factor(user=user):
        return None
    return {**pending, "user": user}


def complete_code_sign_in(*, request: HttpRequest, code: str) -> dict[str, Any] | None:
    """Sign the waiting person in if ``code`` is right; returns the pending sign-in, else None."""
    pending = pending_sign_in(session=request.session)
    if pending is None or not verify_code(user=pending["user"], code=code):
        return None
    request.session.pop(SESSION_PENDING, None)
    login(request, pending["user"], backend=SESSION_BACKEND)
    return pending
