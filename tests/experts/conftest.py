import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from experts.factories import DEFAULT_PASSWORD


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    # Requests activate their URL's language for the thread; factories and reverse() in the next
    # test would otherwise write and link in whatever language the last request used.
    translation.activate("en")
    yield
    translation.activate("en")


def last_link(pattern: str) -> str:
    """The path of the last e-mailed link matching `pattern` (e.g. '/accounts/sign-in/link/')."""
    for message in reversed(mail.outbox):
        match = re.search(r"https?://[^/\s]+(/\S*" + re.escape(pattern) + r"\S*)", message.body)
        if match:
            return match.group(1)
    raise AssertionError(f"no e-mail with a link to {pattern}")


def sign_in(client: Client, email: str, password: str = DEFAULT_PASSWORD, next_url: str = "") -> str:
    """Enter the password, then follow and confirm the e-mailed link; returns the final redirect."""
    data = {"email": email, "password": password}
    if next_url:
        data["next"] = next_url
    response = client.post("/en/accounts/sign-in/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    link = last_link("/accounts/sign-in/link/")
    client.get(link)
    response = client.post("/en/accounts/sign-in/link/")
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]
