"""Editors and administrators can add passkeys and use one as the sign-in's second step.

The authenticator here is software: a real P-256 key that builds the authenticator data and signs
the browser's client data as a security key would, so the portal's checks (challenge, origin,
relying party, signature, counter) run on genuine signatures.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from base64 import urlsafe_b64encode

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from fido2 import cbor
from fido2.cose import ES256

from experts.accounts.models import Passkey
from experts.accounts.two_factor import confirm_authenticator, enrolment_device
from experts.factories import DEFAULT_PASSWORD, AccountFactory, UserFactory
from portal.l10n import local_year
from tests.experts.conftest import sign_in

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40


def b64(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftwareAuthenticator:
    """A passkey on a pretend device: one EC key, one credential id, a signature counter."""

    def __init__(self, *, counts: bool = True) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0
        self.counts = counts

    def _client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        ).encode()

    def create(self, options: dict, *, origin: str = ORIGIN) -> dict:
        """What navigator.credentials.create() answers, as passkeys.js sends it."""
        public = options["publicKey"]
        cose_key = dict(ES256.from_cryptography_key(self.key.public_key()))
        credential_data = (
            bytes(16)
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + cbor.encode(cose_key)
        )
        auth_data = (
            hashlib.sha256(public["rp"]["id"].encode()).digest()
            + struct.pack(">BI", FLAG_UP | FLAG_UV | FLAG_AT, self.counter)
            + credential_data
        )
        attestation = cbor.encode({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", public["challenge"], origin)
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64(client_data),
                "attestationObject": b64(attestation),
                "transports": ["internal", "hybrid"],
            },
        }

    def get(self, options: dict, *, origin: str = ORIGIN) -> dict:
        """What navigator.credentials.get() answers: the challenge signed with the device's key."""
        public = options["publicKey"]
        if self.counts:
            self.counter += 1
        auth_data = hashlib.sha256(public["rpId"].encode()).digest() + struct.pack(
            ">BI", FLAG_UP | FLAG_UV, self.counter
        )
        client_data = self._client_data("webauthn.get", public["challenge"], origin)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(auth_data),
                "signature": b64(signature),
                "userHandle": None,
            },
        }


@pytest.fixture
def editor(site):
    user = UserFactory(email="editor@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def post_json(client: Client, path: str, body: object):
    return client.post(path, json.dumps(body), content_type="application/json")


def add_passkey(
    client: Client, device: SoftwareAuthenticator, name: str = "Work laptop", language: str = "en"
):
    options = post_json(client, f"/{language}/accounts/two-factor/passkeys/options/", {"name": name})
    assert options.status_code == 200, options.content
    return post_json(client, f"/{language}/accounts/two-factor/passkeys/", device.create(options.json()))


def enter_password(client: Client, email: str, language: str = "en"):
    return client.post(f"/{language}/accounts/sign-in/", {"email": email, "password": DEFAULT_PASSWORD})


def passkey_options(client: Client, language: str = "en") -> dict:
    response = post_json(client, f"/{language}/accounts/sign-in/passkey/options/", {})
    assert response.status_code == 200, response.content
    return response.json()


def use_passkey(client: Client, answer: dict, language: str = "en"):
    return post_json(client, f"/{language}/accounts/sign-in/passkey/", answer)


@pytest.fixture
def enrolled(editor):
    """An editor who added a passkey, then signed out."""
    client = Client()
    sign_in(client, editor.email)
    device = SoftwareAuthenticator()
    assert add_passkey(client, device).status_code == 200
    client.post("/en/accounts/sign-out/")
    mail.outbox.clear()
    return client, device


def test_an_editor_adds_a_passkey_and_gets_recovery_codes_once(editor):
    client = Client()
    sign_in(client, editor.email)
    page = client.get("/en/accounts/two-factor/").content.decode()
    assert "Add a passkey" in page and "needs JavaScript" in page
    assert 'src="/static/js/passkeys.js"' in page

    response = add_passkey(client, SoftwareAuthenticator(), name="  Work   laptop ")

    assert response.status_code == 200
    assert response.json() == {"redirect": "/en/accounts/two-factor/"}
    passkey = Passkey.objects.get(user=editor)
    assert passkey.name == "Work laptop"
    assert passkey.transports == ["hybrid", "internal"]
    codes_page = client.get("/en/accounts/two-factor/").content.decode()
    assert len(re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page)) == 10
    status = client.get("/en/accounts/two-factor/").content.decode()
    assert "Work laptop" in status and "You have 10 unused recovery codes." in status
    assert "<code>" not in status
    # The date it was added follows the page's language, as every date does (the Buddhist era
    # with the Gregorian year beside it on Thai pages).
    thai = client.get("/th/accounts/two-factor/").content.decode()
    assert local_year(passkey.created_at.year).split()[0] in thai


def test_signing_in_with_the_passkey_instead_of_an_e_mailed_link(enrolled, editor):
    client, device = enrolled

    response = enter_password(client, editor.email)
    assert response["Location"] == "/en/accounts/sign-in/code/"
    assert mail.outbox == []
    page = client.get(response["Location"]).content.decode()
    assert "Use a passkey" in page and "Or use a recovery code" in page
    assert "Recovery code" in page and "Code from your authenticator app" not in page
    answer = device.get(passkey_options(client))
    done = use_passkey(client, answer)

    assert done.status_code == 200
    assert done.json() == {"redirect": "/admin/"}
    assert client.session["_auth_user_id"] == str(editor.pk)
    passkey = Passkey.objects.get(user=editor)
    assert passkey.sign_count == 1 and passkey.last_used_at is not None


def test_an_answer_is_used_once(enrolled, editor):
    client, device = enrolled
    enter_password(client, editor.email)
    answer = device.get(passkey_options(client))
    assert use_passkey(client, answer).status_code == 200
    client.post("/en/accounts/sign-out/")

    enter_password(client, editor.email)
    replayed = use_passkey(client, answer)

    assert replayed.status_code == 400
    assert "expired or was already used" in replayed.json()["error"]
    assert "_auth_user_id" not in client.session


def test_a_refused_answer_spends_the_challenge(enrolled, editor):
    client, device = enrolled
    enter_password(client, editor.email)
    options = passkey_options(client)
    impostor = SoftwareAuthenticator()
    impostor.credential_id = device.credential_id  # same id, different key: the signature fails

    refused = use_passkey(client, impostor.get(options))
    retried = use_passkey(client, device.get(options))

    assert refused.status_code == 400
    assert refused.json()["error"] == "The passkey's answer could not be checked. Please try again."
    assert retried.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_counter_that_goes_back_is_refused(enrolled, editor):
    client, device = enrolled
    enter_password(client, editor.email)
    assert use_passkey(client, device.get(passkey_options(client))).status_code == 200
    client.post("/en/accounts/sign-out/")

    enter_password(client, editor.email)
    device.counter = 0  # a copy of the key made before its last use
    response = use_passkey(client, device.get(passkey_options(client)))

    assert response.status_code == 400
    assert "counter went back" in response.json()["error"]
    assert "_auth_user_id" not in client.session


def test_authenticators_without_a_counter_keep_working(editor):
    client = Client()
    sign_in(client, editor.email)
    device = SoftwareAuthenticator(counts=False)
    add_passkey(client, device)
    for _attempt in range(2):
        client.post("/en/accounts/sign-out/")
        enter_password(client, editor.email)
        assert use_passkey(client, device.get(passkey_options(client))).status_code == 200


def test_an_answer_from_another_site_is_refused(enrolled, editor):
    client, device = enrolled
    enter_password(client, editor.email)

    response = use_passkey(client, device.get(passkey_options(client), origin="https://evil.example"))

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "The request is not valid JSON."),
        (b"[1, 2]", "The request must be a JSON object."),
        (b'{"id": "x", "response": 3}', "expired or was already used"),
    ],
)
def test_bad_json_is_a_400_with_a_reason(enrolled, editor, body, reason):
    client, _device = enrolled
    enter_password(client, editor.email)

    response = client.post("/en/accounts/sign-in/passkey/", body, content_type="application/json")

    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_a_malformed_answer_to_a_live_challenge_is_a_400(enrolled, editor):
    client, _device = enrolled
    enter_password(client, editor.email)
    passkey_options(client)

    response = use_passkey(client, {"id": "x", "rawId": "y", "response": {"clientDataJSON": 3}})

    assert response.status_code == 400
    assert response.json()["error"] == "The passkey's answer could not be checked. Please try again."


def test_the_passkey_step_needs_the_password_first(enrolled):
    client, _device = enrolled

    response = post_json(client, "/en/accounts/sign-in/passkey/options/", {})

    assert response.status_code == 400
    assert response.json()["redirect"] == "/en/accounts/sign-in/code/"


def test_a_passkey_needs_a_name(editor):
    client = Client()
    sign_in(client, editor.email)

    response = post_json(client, "/en/accounts/two-factor/passkeys/options/", {"name": "  "})

    assert response.status_code == 400
    assert response.json()["error"] == "Give the passkey a name, such as the device it is on."


def test_the_same_device_cannot_be_added_twice(editor):
    client = Client()
    sign_in(client, editor.email)
    device = SoftwareAuthenticator()
    add_passkey(client, device)

    options = post_json(client, "/en/accounts/two-factor/passkeys/options/", {"name": "Again"}).json()
    excluded = [item["id"] for item in options["publicKey"]["excludeCredentials"]]
    assert excluded == [b64(device.credential_id)]
    response = post_json(client, "/en/accounts/two-factor/passkeys/", device.create(options))
    assert response.status_code == 400
    assert response.json()["error"] == "This passkey is already added."


def test_members_cannot_add_a_passkey(site):
    member = AccountFactory(user=UserFactory(email="mai@example.org")).user
    client = Client()
    assert post_json(client, "/en/accounts/two-factor/passkeys/options/", {"name": "x"}).status_code == 401
    sign_in(client, member.email)

    response = post_json(client, "/en/accounts/two-factor/passkeys/options/", {"name": "x"})

    assert response.status_code == 403
    assert response.json()["error"] == "Only editors and administrators can add a passkey."


def test_with_an_app_and_a_passkey_either_works(enrolled, editor):
    client, _device = enrolled
    app = enrolment_device(user=editor)
    confirm_authenticator(device=app, code=f"{TOTP(app.bin_key).token():06d}")

    enter_password(client, editor.email)
    page = client.get("/en/accounts/sign-in/code/").content.decode()
    assert "Use a passkey" in page and "Or use your authenticator app" in page
    totp = TOTP(app.bin_key)
    totp.drift = 1
    assert client.post("/en/accounts/sign-in/code/", {"code": f"{totp.token():06d}"}).status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_removing_the_last_passkey_brings_back_the_link(enrolled, editor):
    client, device = enrolled
    enter_password(client, editor.email)
    use_passkey(client, device.get(passkey_options(client)))
    passkey = Passkey.objects.get(user=editor)

    client.post("/en/accounts/two-factor/", {"action": "remove_passkey", "passkey": passkey.pk})
    client.post("/en/accounts/sign-out/")

    assert not Passkey.objects.filter(user=editor).exists()
    assert enter_password(client, editor.email)["Location"].endswith("/accounts/sign-in/sent/")
    assert len(mail.outbox) == 1


def test_someone_elses_passkey_cannot_be_removed(enrolled, editor, site):
    other = UserFactory(email="other-editor@example.org")
    other.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(other)

    client.post("/en/accounts/two-factor/", {"action": "remove_passkey", "passkey": Passkey.objects.get().pk})

    assert Passkey.objects.filter(user=editor).exists()


def test_the_passkey_step_speaks_the_language_the_sign_in_started_in(enrolled, editor):
    client, device = enrolled
    response = enter_password(client, editor.email, language="th")
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="th"' in page
    passkey_options(client, language="th")

    refused = use_passkey(client, {"id": "x"}, language="th")
    assert refused.status_code == 400
    assert "passkey" not in refused.json()["error"].lower()  # said in Thai, not in English
    done = use_passkey(client, device.get(passkey_options(client, language="th")), language="th")
    assert done.status_code == 200
