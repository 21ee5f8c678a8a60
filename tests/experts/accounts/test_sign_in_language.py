"""Signing in keeps the reader's language, the admin sign-in asks for what the README names, and
an expert reads how to get an account."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from experts.factories import DEFAULT_PASSWORD, AccountFactory, UserFactory
from tests.experts.conftest import last_link

pytestmark = pytest.mark.django_db
EXPERT_HELP = (
    "Are you an expert? The secretariat e-mails each expert in the directory an invitation to claim "
    "their profile and choose a password. Not listed yet? A focal point of your country can nominate you."
)


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


@pytest.fixture
def vietnamese_member(site):
    return AccountFactory(user=UserFactory(email="mai@example.org"), preferred_language="vi").user


def test_signing_in_from_an_english_page_stays_english_end_to_end(client: Client, vietnamese_member):
    client.post("/en/accounts/sign-in/", {"email": "mai@example.org", "password": DEFAULT_PASSWORD})
    (message,) = mail.outbox
    assert message.subject == "Your sign-in link"
    link = last_link("/accounts/sign-in/link/")
    assert link.startswith("/en/")
    confirm = client.get(link)["Location"]
    assert confirm == "/en/accounts/sign-in/link/"
    assert client.post(confirm)["Location"] == "/en/accounts/"


def test_a_new_link_comes_in_the_language_the_sign_in_started_in(client: Client, vietnamese_member):
    client.post("/th/accounts/sign-in/", {"email": "mai@example.org", "password": DEFAULT_PASSWORD})
    client.post("/en/accounts/sign-in/new-link/")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == in_language("th", "Your sign-in link") != "Your sign-in link"
    assert last_link("/accounts/sign-in/link/").startswith("/th/")


def test_the_admin_sign_in_asks_for_the_user_name_the_readme_gives(client: Client, site):
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert "user `admin`" in readme
    UserFactory(username="admin", email="admin@example.org", is_staff=True, is_superuser=True)

    login = client.get("/admin/", follow=True)
    page = login.content.decode()
    assert re.search(r'<label for="id_email">E-mail address or user name', page)
    assert re.search(r'<input type="text" name="email"[^>]*autocomplete="username"', page)

    response = client.post(login.redirect_chain[-1][0], {"email": "admin", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/sign-in/sent/")
    assert mail.outbox[-1].to == ["admin@example.org"]

    wrong = client.post("/en/accounts/sign-in/", {"email": "admin", "password": "not-it"})
    assert (
        "The e-mail address or user name and the password do not match an account." in wrong.content.decode()
    )


@pytest.mark.parametrize("path", ["experts/", "accounts/sign-in/", "accounts/join/"])
@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_experts_read_how_to_get_an_account_in_their_language(client: Client, site, path, language):
    page = client.get(f"/{language}/{path}").content.decode()
    text = in_language(language, EXPERT_HELP)
    assert language == "en" or text != EXPERT_HELP, f"not translated into {language}"
    assert text in page
