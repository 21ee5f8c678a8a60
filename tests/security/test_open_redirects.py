"""Open redirects: no `next` the sign-in flow accepts can send a browser to another site.

The search click counter has its own table of hostile targets (tests/search_behaviour/test_search_report.py).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.security.conftest import logged_in, sign_in

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/path",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "https:evil.example",
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/",
    "https://testserver.evil.example/",
    " //evil.example",
]


def leaves_the_site(location: str) -> bool:
    parts = urlsplit(location.strip())
    return bool(parts.scheme or parts.netloc) or location.startswith(("//", "/\\")) or "\\" in location


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_never_lands_on_another_site(member, target):
    final = sign_in(Client(), "member@example.org", next_url=target)

    assert not leaves_the_site(final)
    assert final == "/en/accounts/"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_sign_in_form_does_not_carry_a_foreign_next(client: Client, site, target):
    html = client.get("/en/accounts/sign-in/", {"next": target}).content.decode()

    # (The language alternates repeat the query string, URL-encoded: following one comes back here.)
    assert 'name="next"' not in html
    assert "javascript:alert" not in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("target", HOSTILE)
def test_a_signed_in_visitor_is_not_bounced_elsewhere(member, target):
    response = logged_in(member).get("/en/accounts/sign-in/", {"next": target})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_admin_login_hand_over_keeps_next_on_the_admin(client: Client, site, target):
    response = client.get("/admin/login/", {"next": target})

    handed = parse_qs(urlsplit(response["Location"]).query)["next"]
    assert handed == ["/admin/"]


def test_same_site_next_is_still_followed(member, client: Client):
    form = client.get("/en/accounts/sign-in/", {"next": "/en/experts/"}).content.decode()
    assert '<input type="hidden" name="next" value="/en/experts/">' in form
    assert (
        sign_in(Client(), "member@example.org", next_url="/en/experts/?country=VN")
        == "/en/experts/?country=VN"
    )
