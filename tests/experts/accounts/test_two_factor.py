"""Editors and administrators can sign in with an authenticator app's code instead of the e-mailed
link; members and experts keep the link; recovery codes work once each."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP

from experts.accounts.two_factor import SESSION_PENDING
from experts.factories import DEFAULT_PASSWORD, AccountFactory, UserFactory
from tests.experts.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_wait_after_a_wrong_code(settings):
    # django-otp makes a person wait a second (then two, four…) after a wrong code or recovery
    # code; these tests
    # type the right code straight after a wrong one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def editor(site):
    user = UserFactory(email="editor@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def current_code(secret: str, *, drift: int = 0) -> str:
    """What the person's phone shows now, from the key the enrolment page gave them."""
    totp = TOTP(b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)))
    totp.drift = drift
    return f"{totp.token():06d}"


def enrol(client: Client) -> tuple[str, list[str]]:
    """Open the enrolment page, read the key under the QR code and confirm with the app's code."""
    page = client.get("/en/accounts/two-factor/").content.decode()
    assert re.search(r'<img src="data:image/svg\+xml', page)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    wrong = client.post("/en/accounts/two-factor/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400
    done = client.post("/en/accounts/two-factor/", {"action": "confirm", "code": current_code(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    return secret, codes


def enter_password(client: Client, email: str, language: str = "en"):
    return client.post(f"/{language}/accounts/sign-in/", {"email": email, "password": DEFAULT_PASSWORD})


def test_an_editor_enrols_and_then_signs_in_with_the_code_not_a_link(editor):
    client = Client()
    sign_in(client, editor.email)
    secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    client.post("/en/accounts/sign-out/")
    mail.outbox.clear()

    response = enter_password(client, editor.email)
    assert response["Location"].endswith("/accounts/sign-in/code/")
    assert mail.outbox == []  # no link e-mailed
    assert "_auth_user_id" not in client.session

    wrong = client.post("/en/accounts/sign-in/code/", {"code": "123456"})
    assert wrong.status_code == 400
    assert "That code is not right." in wrong.content.decode()
    # The app's next code is accepted too: phones' clocks run a little fast or slow.
    response = client.post("/en/accounts/sign-in/code/", {"code": current_code(secret, drift=1)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_recovery_code_works_once(editor):
    client = Client()
    sign_in(client, editor.email)
    _, codes = enrol(client)
    client.post("/en/accounts/sign-out/")

    enter_password(client, editor.email)
    assert client.post("/en/accounts/sign-in/code/", {"code": codes[0].upper()}).status_code == 302
    client.post("/en/accounts/sign-out/")

    enter_password(client, editor.email)
    assert client.post("/en/accounts/sign-in/code/", {"code": codes[0]}).status_code == 400
    assert client.post("/en/accounts/sign-in/code/", {"code": codes[1]}).status_code == 302
    assert client.session.get("_auth_user_id") == str(editor.pk)
    assert "You have 8 unused recovery codes." in client.get("/en/accounts/two-factor/").content.decode()


def test_the_code_step_stays_in_the_language_the_sign_in_started_in(editor):
    client = Client()
    sign_in(client, editor.email)
    secret, _ = enrol(client)
    client.post("/en/accounts/sign-out/")

    response = enter_password(client, editor.email, language="th")
    assert response["Location"] == "/th/accounts/sign-in/code/"
    page = client.get(response["Location"])
    assert '<html lang="th"' in page.content.decode()
    response = client.post("/th/accounts/sign-in/code/", {"code": current_code(secret, drift=1)})
    assert response.status_code == 302


def test_the_code_step_expires(editor):
    client = Client()
    sign_in(client, editor.email)
    enrol(client)
    client.post("/en/accounts/sign-out/")
    enter_password(client, editor.email)
    session = client.session
    session[SESSION_PENDING]["at"] = (timezone.now() - timedelta(minutes=6)).isoformat()
    session.save()

    response = client.get("/en/accounts/sign-in/code/")
    assert response["Location"].endswith("/accounts/sign-in/")


def test_members_keep_the_e_mailed_link_and_cannot_enrol(site):
    member = AccountFactory(user=UserFactory(email="mai@example.org")).user
    client = Client()
    sign_in(client, member.email)

    assert client.get("/en/accounts/two-factor/").status_code == 403
    assert "Authenticator app" not in client.get("/en/accounts/").content.decode()
    client.post("/en/accounts/sign-out/")
    mail.outbox.clear()
    assert enter_password(client, member.email)["Location"].endswith("/accounts/sign-in/sent/")
    assert len(mail.outbox) == 1


def test_removing_the_app_brings_back_the_link(editor):
    client = Client()
    sign_in(client, editor.email)
    enrol(client)
    client.post("/en/accounts/two-factor/", {"action": "remove"})
    client.post("/en/accounts/sign-out/")

    assert enter_password(client, editor.email)["Location"].endswith("/accounts/sign-in/sent/")


def test_the_admin_account_page_links_to_the_enrolment(editor):
    client = Client()
    client.force_login(editor)

    assert "/en/accounts/two-factor/" in client.get("/admin/account/").content.decode()
