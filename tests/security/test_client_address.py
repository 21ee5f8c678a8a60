"""Behind the documented reverse proxy (TRUSTED_PROXY_COUNT=1) every request arrives from the
proxy's address; the client is the entry the proxy appended to X-Forwarded-For. Lockout and the
per-client limits must count per client, and a client must not choose its own address."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from experts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(client_ip: str, *, forged: str = "") -> dict[str, str]:
    """The headers nginx sends (`proxy_add_x_forwarded_for`): whatever the client sent, then its
    address."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{forged}, {client_ip}" if forged else client_ip}


def test_five_wrong_passwords_from_one_client_do_not_lock_out_another(member, settings):
    attacker = Client(**through_proxy("203.0.113.7"))
    for number in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(
            "/en/accounts/sign-in/", {"email": f"guess{number}@example.org", "password": "wrong-password-1"}
        )
    locked = attacker.post(
        "/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD}
    )
    assert locked.status_code in (403, 429)

    other = Client(**through_proxy("198.51.100.20"))
    response = other.post(
        "/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/sign-in/sent/")
    assert len(mail.outbox) == 1


def test_forged_entries_left_of_the_proxys_cannot_escape_the_lockout(member, settings):
    client = Client(REMOTE_ADDR=PROXY)
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/en/accounts/sign-in/",
            {"email": f"guess{number}@example.org", "password": "wrong-password-1"},
            **through_proxy("203.0.113.8", forged=f"192.0.2.{number}"),
        )

    response = client.post(
        "/en/accounts/sign-in/",
        {"email": "member@example.org", "password": DEFAULT_PASSWORD},
        **through_proxy("203.0.113.8", forged="192.0.2.250"),
    )

    assert response.status_code in (403, 429)
    assert not mail.outbox


def test_password_reset_limits_count_per_client_behind_the_proxy(member):
    busy = Client(**through_proxy("203.0.113.9"))
    answers = [
        busy.post("/en/accounts/password-reset/", {"email": "member@example.org"}).status_code
        for _ in range(11)
    ]
    assert answers[-1] == 429

    other = Client(**through_proxy("198.51.100.21"))
    assert other.post("/en/accounts/password-reset/", {"email": "member@example.org"}).status_code == 302


def test_new_sign_in_link_limits_count_per_client_behind_the_proxy(site):
    UserFactory(email="one@example.org")
    UserFactory(email="two@example.org")
    busy = Client(**through_proxy("203.0.113.10"))
    busy.post("/en/accounts/sign-in/", {"email": "one@example.org", "password": DEFAULT_PASSWORD})
    answers = [busy.post("/en/accounts/sign-in/new-link/").status_code for _ in range(11)]
    assert answers[-1] == 429

    other = Client(**through_proxy("198.51.100.22"))
    other.post("/en/accounts/sign-in/", {"email": "two@example.org", "password": DEFAULT_PASSWORD})
    assert other.post("/en/accounts/sign-in/new-link/").status_code != 429


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.1", "192.0.2.1"),  # no proxy: the header is the client's own
        (1, PROXY, "203.0.113.1", "203.0.113.1"),
        (1, PROXY, "1.2.3.4, 203.0.113.1", "203.0.113.1"),  # a forged entry to the left
        (2, PROXY, "1.2.3.4, 203.0.113.1, 10.0.0.9", "203.0.113.1"),  # the outer proxy's entry
        (2, PROXY, "203.0.113.1", PROXY),  # fewer entries than proxies: not through them all
        (1, PROXY, "", PROXY),  # straight to the app from inside the network
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_outermost_trusted_proxy_appended(
    settings, proxies, remote, forwarded, expected
):
    from portal.security import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_sign_in_records_a_request_without_a_peer_address_instead_of_failing(settings, client):
    # force_login sends no REMOTE_ADDR: axes' IP column (inet on PostgreSQL) must get None, not
    # the rate limiter's "unknown" key, or the sign-in ends in a database error.
    from portal.security import axes_client_address, client_address

    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]

    assert client_address(request) == "unknown"
    assert axes_client_address(request) is None
    user = UserFactory()
    client.force_login(user)
    assert client.get("/en/accounts/").status_code == 200
