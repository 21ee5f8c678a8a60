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


def test_pages_refuse_powerful_features_they_never_use(client: Client, site):
    policy = client.get("/en/")["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    # The embedded videos may still go fullscreen.
    assert "fullscreen" not in policy


@pytest.mark.parametrize(
    "path", ["/api/v1/knowledge?q=air", "/api/v1/openapi.json", "/api/v1/knowledge?sort=nonsense"]
)
def test_any_origin_may_read_the_api_without_credentials(client: Client, site, indexed, path):
    response = client.get(path, headers={"Origin": "https://city.example.org"})

    assert response.status_code in (200, 400)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_a_cors_preflight_to_the_api_is_answered(client: Client, site):
    response = client.options(
        "/api/v1/experts",
        headers={
            "Origin": "https://city.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-search-typing",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert response["Access-Control-Allow-Headers"] == "x-search-typing"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_pages_are_not_opened_to_other_origins(client: Client, site):
    assert not client.get("/en/", headers={"Origin": "https://city.example.org"}).has_header(
        "Access-Control-Allow-Origin"
    )
