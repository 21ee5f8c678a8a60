"""The e-mailed sign-in link under attack, beyond tests/experts/test_sign_in.py: fetched by mail
scanners with every method, hostile tokens, and replay after the person signed out."""

from __future__ import annotations

import pytest
from django.test import Client

from experts.accounts.models import SignInAttempt
from experts.factories import DEFAULT_PASSWORD
from tests.security.conftest import last_link

pytestmark = pytest.mark.django_db
LINK = "/accounts/sign-in/link/"
CONFIRM = "/en/accounts/sign-in/link/"


def request_link(client: Client) -> str:
    client.post("/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD})
    return last_link(LINK)


def test_a_mail_scanner_fetching_the_link_every_way_does_not_use_it_up(member):
    person = Client()
    link = request_link(person)

    scanner = Client()
    for method in (scanner.get, scanner.head, scanner.options):
        response = method(link, follow=True)
        assert response.status_code < 500
        assert "_auth_user_id" not in scanner.session
    scanner.get(link)
    assert scanner.get(CONFIRM).status_code == 403  # the scanner's session never started the attempt
    assert SignInAttempt.objects.get().used_at is None

    person.get(link)
    assert person.post(CONFIRM).status_code == 302
    assert person.session["_auth_user_id"] == str(member.pk)


def test_the_link_cannot_be_replayed_after_signing_out(member):
    person = Client()
    link = request_link(person)
    person.get(link)
    person.post(CONFIRM)
    person.post("/en/accounts/sign-out/")

    person.get(link)
    replay = person.post(CONFIRM)

    assert replay.status_code == 410
    assert "_auth_user_id" not in person.session


@pytest.mark.parametrize(
    "token",
    [
        "x" * 5000,
        "%00",
        "abc%00def",
        "..%2F..%2Fetc%2Fpasswd",
        "%E2%80%AE%F0%9F%92%A9",
        "%ff%fe",
        "' OR 1=1 --",
        "<script>alert(1)<%2Fscript>",
    ],
)
def test_hostile_tokens_are_refused_without_an_error(member, token):
    client = Client()
    request_link(client)

    handed = client.get(f"/en/accounts/sign-in/link/{token}/")
    looked = client.get(CONFIRM)
    posted = client.post(CONFIRM)

    # A NUL character is refused before the view (portal.security.RejectNulBytesMiddleware).
    assert handed.status_code in (302, 400, 404)
    assert looked.status_code in (400, 403)
    assert posted.status_code in (400, 403)
    assert "<script>alert" not in posted.content.decode()
    assert "_auth_user_id" not in client.session
    assert SignInAttempt.objects.get().used_at is None


def test_confirming_without_any_link_signs_nobody_in(member):
    client = Client()
    request_link(client)

    response = client.post(CONFIRM)

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
