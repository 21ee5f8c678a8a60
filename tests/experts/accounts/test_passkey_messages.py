"""The messages the passkey script shows when a step fails come with each page, in its language.

Both passkey pages (the sign-in step and the two-step settings) render them from one include,
experts/includes/passkey_messages.html, as the data-msg-* attributes static/js/passkeys.js reads.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from experts.accounts.models import Passkey
from experts.factories import DEFAULT_PASSWORD, UserFactory
from tests.experts.conftest import sign_in

pytestmark = pytest.mark.django_db


def editor(email: str):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def passkey_messages(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-msg-(\w+)="([^"]*)"', page))


def test_the_sign_in_step_says_what_to_do_when_the_passkey_cannot_be_used(site):
    user = editor("passkey@example.org")
    Passkey.objects.create(user=user, name="Work laptop", credential_id="c3RlcA", public_key=b"key")
    client = Client()
    client.post("/en/accounts/sign-in/", {"email": user.email, "password": DEFAULT_PASSWORD})

    messages = passkey_messages(client.get("/en/accounts/sign-in/code/").content.decode())

    assert messages == {
        "unsupported": "This browser cannot use passkeys. Enter one of your recovery codes below, "
        "or try another browser.",
        "cancelled": "The passkey was not used: the request was cancelled or took too long. Please try again.",
        "duplicate": "The passkey could not be used. Please try again.",
        "failed": "The passkey could not be used. Please try again.",
    }


def test_the_two_step_page_says_why_a_passkey_was_not_added_in_the_readers_language(site):
    client = Client()
    sign_in(client, editor("settings@example.org").email)

    english = passkey_messages(client.get("/en/accounts/two-factor/").content.decode())
    vietnamese = passkey_messages(client.get("/vi/accounts/two-factor/").content.decode())

    assert english["unsupported"].startswith("This browser cannot use passkeys. Use an authenticator app")
    assert english["duplicate"] == "This device already holds a passkey for your account."
    assert english["failed"] == "The passkey could not be added. Please try again."
    with translation.override("vi"):
        assert vietnamese["failed"] == gettext("The passkey could not be added. Please try again.")
    assert vietnamese["failed"] != english["failed"]
