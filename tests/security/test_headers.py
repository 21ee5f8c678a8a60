"""Response headers and cookies as production sends them, on every kind of public answer.

tests/portal/test_security_headers.py checks the home page's policy; these tests cover the other
pages, API answers, error pages, HSTS and the cookie flags with production's settings
(portal.settings.base; production.py only adds its refusal to start without secrets).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from experts.factories import DEFAULT_PASSWORD
from knowledge.factories import CaseStudyPageFactory, EventPageFactory
from portal.settings import base as production

pytestmark = pytest.mark.django_db

PRODUCTION_TRANSPORT = {
    name: getattr(production, name)
    for name in (
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "LANGUAGE_COOKIE_SAMESITE",
    )
}
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.fixture
def production_transport(settings):
    for name, value in PRODUCTION_TRANSPORT.items():
        setattr(settings, name, value)


@pytest.fixture
def public_paths(site, home_page, case_study_index, event_index, own_expert) -> list[str]:
    page = CaseStudyPageFactory(parent=case_study_index, slug="headers-case")
    event = EventPageFactory(parent=event_index, slug="headers-event")
    return [
        "/en/",
        "/vi/",
        page.url,
        event.url,
        "/en/case-studies/",
        "/en/experts/",
        own_expert.get_absolute_url(),
        "/en/search/?q=air",
        "/en/twinning/",
        "/en/twinning/match/",
        "/en/cities/",
        "/en/cities/hanoi/",
        "/en/accounts/sign-in/",
        "/en/accounts/join/",
        "/en/no-such-page/",
    ]


def test_every_public_page_allows_only_nonced_scripts(client: Client, public_paths):
    for path in public_paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        policy = dict(
            directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
        )
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert "'unsafe-eval'" not in policy["script-src"], path
        assert policy["frame-ancestors"] == "'none'", path
        assert policy["object-src"] == "'none'", path
        assert policy["base-uri"] == "'self'", path
        html = response.content.decode()
        assert not INLINE_HANDLER.search(html), (path, INLINE_HANDLER.search(html))
        assert "javascript:" not in html.lower(), path
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag:
                nonce = re.search(r'nonce="([^"]+)"', tag)
                assert nonce and f"'nonce-{nonce.group(1)}'" in policy["script-src"], (path, tag)
        # The portal's stylesheets are set in the page (nothing to wait for before the first
        # paint), each with the nonce; no other inline style and no style attribute is allowed.
        assert "'unsafe-inline'" not in policy["style-src"], path
        assert not re.search(r"<[a-z][^>]*\sstyle=", html), path
        for tag in re.findall(r"<style\b[^>]*>", html):
            nonce = re.search(r'nonce="([^"]+)"', tag)
            assert nonce and f"'nonce-{nonce.group(1)}'" in policy["style-src"], (path, tag)


def test_every_kind_of_answer_denies_framing_and_sniffing(client: Client, public_paths):
    for path in [
        *public_paths,
        "/api/v1/experts?q=air",
        "/api/v1/knowledge?page=0",
        "/api/v1/twinning/suggestions?city=nowhere",
        "/api/v1/openapi.json",
        "/healthz",
        "/sitemap.xml",
    ]:
        response = client.get(path)
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path


def test_production_sends_hsts_and_redirects_plain_http(client: Client, site, production_transport):
    secure = client.get("/en/", secure=True)
    plain = client.get("/en/experts/")
    probe = client.get("/healthz")

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/en/experts/"
    # Load balancers probe the health check over plain HTTP inside the private network.
    assert probe.status_code in (200, 503)


def test_production_cookies_are_secure_httponly_and_same_site(client: Client, member, production_transport):
    client.get("/en/accounts/sign-in/", secure=True)
    csrf = client.cookies["csrftoken"]
    client.post(
        "/en/accounts/sign-in/",
        {"email": "member@example.org", "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    session = client.cookies["sessionid"]

    assert csrf["secure"] and csrf["samesite"] == "Lax"
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_addresses_carrying_a_token_send_no_referrer(client: Client, member):
    client.post("/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD})

    for path in ("/en/accounts/sign-in/link/abc/", "/en/accounts/claim/x/"):
        response = client.get(path)
        assert response["Referrer-Policy"] == "no-referrer", path
        assert "no-store" in response.get("Cache-Control", ""), path


def test_confirmation_pages_keep_the_token_out_of_the_address_and_send_their_origin(client: Client, member):
    # The link views move the token into the session; the page with the confirm button carries none,
    # so it may send its origin, which the browser's POST needs to pass Django's CSRF origin check.
    client.post("/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD})
    redirect = client.get("/en/accounts/sign-in/link/abc/")

    assert redirect["Location"] == "/en/accounts/sign-in/link/"
    response = client.get(redirect["Location"])
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.get("Cache-Control", "")
