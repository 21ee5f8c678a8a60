import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_public_pages_send_a_strict_content_security_policy(client: Client, site):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_public_pages_deny_framing_and_sniffing(client: Client, site):
    response = client.get("/en/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_gets_its_own_policy(client: Client, site):
    # /admin/login/ hands over to the two-step sign-in (experts app); the answer is still the admin's.
    response = client.get("/admin/login/")

    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_inline_scripts_on_public_pages_carry_the_response_nonce(client: Client, site):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    html = response.content.decode()

    for chunk in html.split("<script")[1:]:
        assert "nonce=" in chunk.split(">")[0]
        nonce = chunk.split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in policy
