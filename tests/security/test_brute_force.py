"""Brute force and abuse of the forms that check passwords or send e-mail, beyond the tests in
tests/experts (sign-in per account and per address, join, contact per sender)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from experts.factories import DEFAULT_PASSWORD
from tests.security.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_a_forged_forwarded_for_header_does_not_escape_the_sign_in_lockout(member, settings):
    client = Client(REMOTE_ADDR="192.0.2.77")
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/en/accounts/sign-in/",
            {"email": f"guess{number}@example.org", "password": "wrong-password-1"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )

    response = client.post(
        "/en/accounts/sign-in/",
        {"email": "member@example.org", "password": DEFAULT_PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.250",
    )

    assert response.status_code in (403, 429)
    assert not mail.outbox


def test_the_lockout_holds_for_the_right_password_too(member, settings):
    client = Client(REMOTE_ADDR="192.0.2.78")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/sign-in/", {"email": "member@example.org", "password": "wrong-password-1"})

    response = client.post(
        "/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert not mail.outbox


def test_password_reset_mails_are_limited_per_address(member):
    client = Client(REMOTE_ADDR="192.0.2.79")
    answers = [
        client.post("/en/accounts/password-reset/", {"email": "member@example.org"}).status_code
        for _ in range(12)
    ]

    assert answers[:10] == [302] * 10
    assert answers[10:] == [429, 429]
    assert len(mail.outbox) == 10


def test_new_sign_in_links_are_limited_per_address(member):
    client = Client(REMOTE_ADDR="192.0.2.80")
    client.post("/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD})
    answers = [client.post("/en/accounts/sign-in/new-link/").status_code for _ in range(12)]

    assert 429 not in answers[:10]
    assert answers[10:] == [429, 429]
    assert len(mail.outbox) <= 11


def test_the_contact_form_cannot_be_used_to_mail_many_experts_at_once(
    member, own_expert, other_expert, settings
):
    client = logged_in(member)
    experts = [own_expert, other_expert]
    answers = [
        client.post(
            f"/en/experts/{experts[number % 2].slug}/contact/", {"subject": "Offer", "body": "Buy now"}
        ).status_code
        for number in range(settings.CONTACT_MESSAGES_PER_HOUR + 2)
    ]

    assert answers[: settings.CONTACT_MESSAGES_PER_HOUR] == [302] * settings.CONTACT_MESSAGES_PER_HOUR
    assert set(answers[settings.CONTACT_MESSAGES_PER_HOUR :]) == {429}
    assert len(mail.outbox) == settings.CONTACT_MESSAGES_PER_HOUR
