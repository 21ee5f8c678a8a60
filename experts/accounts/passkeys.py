"""Passkeys (WebAuthn) as staff's second factor, beside the authenticator app (experts.accounts.two_factor).

An editor or administrator adds a passkey on /accounts/two-factor/ (a laptop's fingerprint reader,
a phone, a security key); after the password, the sign-in's second step then offers "Use a
passkey", with the app's code or a recovery code as the other way in. The browser talks to the
authenticator (static/js/passkeys.js); the portal only hands out options and checks the answers
with Yubico's fido2 server.

Each ceremony's challenge lives in the session for a few minutes and is taken out before the
answer is checked, so an answer can be used once: a replayed one finds no challenge. A signature
counter that does not move forward is refused (a copied authenticator), except for the
authenticators that never count (they always say 0).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from fido2 import cbor
from fido2.cose import CoseKey
from fido2.server import Fido2Server
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestedCredentialData,
    AuthenticationResponse,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialType,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from experts.accounts import two_factor
from experts.accounts.backends import SESSION_BACKEND
from experts.accounts.models import Passkey

logger = logging.getLogger(__name__)

SESSION_REGISTER = "experts.passkey.register"
SESSION_SIGN_IN = "experts.passkey.sign_in"
# The first passkey's recovery codes, between the JSON answer and the page that shows them once.
SESSION_FRESH_CODES = "experts.passkey.recovery_codes"
# As long as a person may take to find a security key and touch it; browsers time out at 5 minutes.
CHALLENGE_MINUTES = 5
NAME_MAX_LENGTH = 100
KNOWN_TRANSPORTS = frozenset(transport.value for transport in AuthenticatorTransport)
# A passkey already proves the person has the device; asking for the device's PIN or fingerprint
# as well is welcome but not required after a password.
USER_VERIFICATION = UserVerificationRequirement.PREFERRED


class PasskeyError(Exception):
    """A ceremony that cannot complete; ``str(error)`` is a translated sentence for the person."""


def _expired() -> PasskeyError:
    return PasskeyError(_("This passkey request has expired or was already used. Please try again."))


def _not_accepted() -> PasskeyError:
    return PasskeyError(_("The passkey's answer could not be checked. Please try again."))


def rp_id(*, request: HttpRequest) -> str:
    """The relying party: WEBAUTHN_RP_ID when set (e.g. the parent domain, so passkeys outlive a
    move between subdomains), else the host the request came to (already checked by ALLOWED_HOSTS)."""
    configured = getattr(settings, "WEBAUTHN_RP_ID", "")
    if configured:
        return configured
    host = request.get_host()
    if host.startswith("["):
        return host[1 : host.index("]")]
    return host.rsplit(":", 1)[0] if ":" in host else host


def expected_origin(*, request: HttpRequest) -> str:
    """The page's own origin: the only one whose answers are accepted."""
    return f"{request.scheme}://{request.get_host()}"


def _server(*, request: HttpRequest) -> Fido2Server:
    origin = expected_origin(request=request)
    return Fido2Server(
        {"id": rp_id(request=request), "name": settings.WAGTAIL_SITE_NAME},
        attestation="none",
        # Exactly this origin: fido2's default check would also accept sibling subdomains.
        verify_origin=lambda candidate: candidate == origin,
    )


def user_handle(*, user: AbstractBaseUser) -> bytes:
    """The opaque id the authenticator stores with the passkey: derived from the user's key, so it
    reveals neither the e-mail address nor the database id. The salt keeps the module's old name:
    authenticators hold this handle, so changing it would orphan every passkey."""
    return salted_hmac("experts.passkeys.user_handle", str(user.pk)).digest()


def to_json(options: Any) -> dict[str, Any]:
    """fido2's options as plain JSON (bytes in base64url, as navigator.credentials expects after
    the script decodes them)."""
    return json.loads(json.dumps(options, default=dict))


def _store_state(
    *, session: Any, key: str, state: Mapping[str, Any], user: AbstractBaseUser, **extra: Any
) -> None:
    session[key] = {
        "challenge": state["challenge"],
        "user": user.pk,
        "at": timezone.now().isoformat(),
        **extra,
    }


def _take_state(*, session: Any, key: str, user: AbstractBaseUser) -> dict[str, Any]:
    """The ceremony's state, removed from the session whatever happens next (single use)."""
    state = session.pop(key, None)
    if not isinstance(state, dict) or state.get("user") != user.pk:
        raise _expired()
    try:
        started = datetime.fromisoformat(state.get("at", ""))
    except (TypeError, ValueError):
        raise _expired() from None
    if started + timedelta(minutes=CHALLENGE_MINUTES) <= timezone.now():
        raise _expired()
    return state


def _fido_state(state: Mapping[str, Any]) -> dict[str, Any]:
    return {"challenge": state["challenge"], "user_verification": USER_VERIFICATION}


def _descriptors(*, user: AbstractBaseUser) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            type=PublicKeyCredentialType.PUBLIC_KEY,
            id=websafe_decode(passkey.credential_id),
            transports=[AuthenticatorTransport(t) for t in passkey.transports if t in KNOWN_TRANSPORTS]
            or None,
        )
        for passkey in Passkey.objects.filter(user=user)
    ]


def user_passkeys(*, user: AbstractBaseUser) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user))


def clean_name(name: Any) -> str:
    """The name its owner gives a passkey, trimmed; PasskeyError when empty or too long."""
    name = " ".join(str(name or "").split())
    if not name:
        raise PasskeyError(_("Give the passkey a name, such as the device it is on."))
    if len(name) > NAME_MAX_LENGTH:
        raise PasskeyError(_("Keep the name under %(count)s characters.") % {"count": NAME_MAX_LENGTH + 1})
    return name


# --------------------------------------------------------------------------------------------
# Adding a passkey


def registration_options(*, request: HttpRequest, user: AbstractBaseUser, name: Any) -> dict[str, Any]:
    """Options for navigator.credentials.create(); the challenge and the chosen name wait in the
    session for the answer."""
    name = clean_name(name)
    label = user.get_username() or getattr(user, "email", "")
    display = (user.get_full_name() if hasattr(user, "get_full_name") else "") or label
    options, state = _server(request=request).register_begin(
        PublicKeyCredentialUserEntity(id=user_handle(user=user), name=label, display_name=display),
        # The same device twice would be two rows for one key: the browser refuses it instead.
        credentials=_descriptors(user=user),
        resident_key_requirement=ResidentKeyRequirement.PREFERRED,
        user_verification=USER_VERIFICATION,
    )
    _store_state(session=request.session, key=SESSION_REGISTER, state=state, user=user, name=name)
    return to_json(options)


def _transports(response: Mapping[str, Any]) -> list[str]:
    inner = response.get("response")
    listed = inner.get("transports") if isinstance(inner, Mapping) else None
    if not isinstance(listed, list):
        return []
    return sorted({item for item in listed if isinstance(item, str) and item in KNOWN_TRANSPORTS})


def register(
    *, request: HttpRequest, user: AbstractBaseUser, response: Any
) -> tuple[Passkey, list[str] | None]:
    """Check the browser's answer to registration_options and keep the passkey. Returns it, and
    the first recovery codes when this is the person's first second factor (shown once)."""
    state = _take_state(session=request.session, key=SESSION_REGISTER, user=user)
    if not isinstance(response, Mapping):
        raise _not_accepted()
    try:
        auth_data = _server(request=request).register_complete(_fido_state(state), response)
    except Exception as error:  # noqa: BLE001 - any malformed answer is the sender's fault: a 400
        logger.info("passkey registration refused for user %s: %s", user.pk, error)
        raise _not_accepted() from None
    credential = auth_data.credential_data
    if credential is None:
        raise _not_accepted()
    try:
        with transaction.atomic():
            first = not two_factor.uses_second_factor(user=user)
            passkey = Passkey.objects.create(
                user=user,
                name=state.get("name") or _("Passkey"),
                credential_id=websafe_encode(credential.credential_id),
                public_key=cbor.encode(dict(credential.public_key)),
                aaguid=str(credential.aaguid),
                sign_count=auth_data.counter,
                transports=_transports(response),
            )
            codes = two_factor.new_recovery_codes(user=user) if first else None
    except IntegrityError:
        raise PasskeyError(_("This passkey is already added.")) from None
    return passkey, codes


@transaction.atomic
def remove_passkey(*, user: AbstractBaseUser, passkey_id: Any) -> bool:
    """Remove one of the person's passkeys; with no second factor left, the recovery codes go too
    and the e-mailed link is the second step again."""
    try:
        deleted, _rows = Passkey.objects.filter(user=user, pk=int(passkey_id)).delete()
    except (TypeError, ValueError):
        return False
    if deleted and not two_factor.uses_second_factor(user=user):
        two_factor.remove_recovery_codes(user=user)
    return bool(deleted)


# --------------------------------------------------------------------------------------------
# Signing in with a passkey


def _pending_with_passkeys(*, request: HttpRequest) -> dict[str, Any]:
    pending = two_factor.pending_sign_in(session=request.session)
    if pending is None or not Passkey.objects.filter(user=pending["user"]).exists():
        raise PasskeyError(_("Please enter your e-mail address and password again."))
    return pending


def sign_in_options(*, request: HttpRequest) -> dict[str, Any]:
    """Options for navigator.credentials.get(), limited to the passkeys of the person whose
    password was just accepted."""
    pending = _pending_with_passkeys(request=request)
    options, state = _server(request=request).authenticate_begin(
        credentials=_descriptors(user=pending["user"]), user_verification=USER_VERIFICATION
    )
    _store_state(session=request.session, key=SESSION_SIGN_IN, state=state, user=pending["user"])
    return to_json(options)


def _stored_credential(passkey: Passkey) -> AttestedCredentialData:
    public_key = CoseKey.parse(cbor.decode(bytes(passkey.public_key)))
    aaguid = Aaguid.parse(passkey.aaguid) if passkey.aaguid else Aaguid.NONE
    return AttestedCredentialData.create(aaguid, websafe_decode(passkey.credential_id), public_key)


def verify_sign_in(*, request: HttpRequest, user: AbstractBaseUser, response: Any) -> Passkey:
    """Check a signed challenge against the user's passkeys and move its counter on."""
    state = _take_state(session=request.session, key=SESSION_SIGN_IN, user=user)
    if not isinstance(response, Mapping):
        raise _not_accepted()
    passkeys = {passkey.credential_id: passkey for passkey in Passkey.objects.filter(user=user)}
    server = _server(request=request)
    try:
        answer = AuthenticationResponse.from_dict(response)
        passkey = passkeys.get(websafe_encode(answer.raw_id))
        if passkey is None:
            raise PasskeyError(_("This passkey is not one of yours on this portal."))
        server.authenticate_complete(_fido_state(state), [_stored_credential(passkey)], answer)
    except PasskeyError:
        raise
    except Exception as error:  # noqa: BLE001 - a malformed or wrongly signed answer is a 400
        logger.info("passkey sign-in refused for user %s: %s", user.pk, error)
        raise _not_accepted() from None
    counter = answer.response.authenticator_data.counter
    with transaction.atomic():
        current = Passkey.objects.select_for_update().get(pk=passkey.pk)
        if (counter or current.sign_count) and counter <= current.sign_count:
            logger.warning(
                "passkey %s of user %s: counter went back (%s after %s)",
                passkey.pk,
                user.pk,
                counter,
                current.sign_count,
            )
            raise PasskeyError(
                _(
                    "This passkey's counter went back, as it does when a key was copied. Sign in "
                    "another way and remove this passkey."
                )
            )
        current.sign_count = counter
        current.last_used_at = timezone.now()
        current.save(update_fields=["sign_count", "last_used_at"])
    return current


def complete_passkey_sign_in(*, request: HttpRequest, response: Any) -> dict[str, Any]:
    """Sign the waiting person in with their passkey; returns the pending sign-in (``next`` and
    ``language``). PasskeyError when the answer is refused."""
    pending = _pending_with_passkeys(request=request)
    verify_sign_in(request=request, user=pending["user"], response=response)
    request.session.pop(two_factor.SESSION_PENDING, None)
    login(request, pending["user"], backend=SESSION_BACKEND)
    return pending
