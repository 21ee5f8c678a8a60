"""Request rate limits in the app (issue 19, finding 9): search and the JSON API share a budget
per client; over it the API answers 429 JSON and the search page a 429 page, both with
``Retry-After`` saying when the window ends. Counted per client behind the proxy, and open while
Redis is down."""

from __future__ import annotations

import pytest
from django.test import Client

from experts.factories import UserFactory
from portal import ratelimit
from portal.ratelimit import count_request

pytestmark = pytest.mark.django_db

# 45 s into a minute: the window ends in 15 s.
NOW = 1_800_000_045.0


@pytest.fixture
def limit_of_three(settings, monkeypatch) -> None:
    settings.SEARCH_RATE_LIMIT_PER_MINUTE = 3
    monkeypatch.setattr(ratelimit, "clock", lambda: NOW)


def test_the_api_answers_429_json_with_retry_after_once_a_client_is_over_the_limit(site, limit_of_three):
    client = Client(REMOTE_ADDR="198.51.100.7")
    answers = [client.get("/api/v1/knowledge?q=inventory").status_code for _ in range(3)]

    refused = client.get("/api/v1/experts?q=lan")

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    assert refused.json() == {
        "error": "too many requests",
        "reasons": ["too many requests from your address; try again in 15 seconds"],
    }
    # Another reader is not held back by this one.
    assert Client(REMOTE_ADDR="198.51.100.8").get("/api/v1/knowledge?q=inventory").status_code == 200


def test_the_search_page_shares_the_budget_and_answers_a_translated_429_page(site, limit_of_three):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        client.get("/api/v1/knowledge?q=inventory")

    refused = client.get("/th/search/?q=inventory")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    text = refused.content.decode()
    assert '<html lang="th"' in text
    assert "15" in text and "Too many searches" not in text  # Thai, not English


def test_a_new_window_lets_the_client_search_again(site, settings, monkeypatch):
    settings.SEARCH_RATE_LIMIT_PER_MINUTE = 1
    now = [NOW]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    client = Client(REMOTE_ADDR="198.51.100.7")

    assert client.get("/api/v1/knowledge?q=a").status_code == 200
    assert client.get("/api/v1/knowledge?q=a").status_code == 429
    now[0] += 15  # the Retry-After it was given
    assert client.get("/api/v1/knowledge?q=a").status_code == 200


def test_behind_the_proxy_each_client_has_its_own_budget_whatever_it_forges(site, settings, limit_of_three):
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(client_ip: str, forged: str) -> int:
        # The proxy appends the address it saw to whatever the client sent.
        headers = {"HTTP_X_FORWARDED_FOR": f"{forged}, {client_ip}"}
        return Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/knowledge?q=x", **headers).status_code

    hammering = [through_proxy("203.0.113.9", f"192.0.2.{n}") for n in range(5)]

    assert hammering == [200, 200, 200, 429, 429]
    assert through_proxy("203.0.113.10", "192.0.2.1") == 200


def test_methods_the_api_refuses_are_not_counted(site, limit_of_three):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        assert client.post("/api/v1/knowledge").status_code == 405

    assert client.get("/api/v1/knowledge?q=x").status_code == 200


def test_no_limit_is_kept_while_the_cache_is_down(site, limit_of_three, monkeypatch):
    """As the resilient Redis cache behaves with its circuit open: add() stores nothing and
    incr() finds no key (portal/redis_cache.py)."""

    def missing(*args, **kwargs):
        raise ValueError("Key not found (the cache is unavailable)")

    monkeypatch.setattr(ratelimit.cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(ratelimit.cache, "incr", missing)
    client = Client(REMOTE_ADDR="198.51.100.7")

    assert [client.get("/api/v1/knowledge?q=x").status_code for _ in range(6)] == [200] * 6


def test_the_window_ends_where_retry_after_says():
    first = count_request(scope="t", client="c", limit=1, window_s=60, now=NOW)
    second = count_request(scope="t", client="c", limit=1, window_s=60, now=NOW + 14.5)
    next_window = count_request(scope="t", client="c", limit=1, window_s=60, now=NOW + 15)

    assert (first.allowed, second.allowed, next_window.allowed) == (True, False, True)
    assert (first.retry_after_s, second.retry_after_s, next_window.retry_after_s) == (15, 1, 60)


def test_a_form_over_its_limit_says_when_to_come_back(site):
    UserFactory(email="member@example.org")
    client = Client(REMOTE_ADDR="192.0.2.60")
    for _ in range(10):
        client.post("/en/accounts/password-reset/", {"email": "member@example.org"})

    refused = client.post("/en/accounts/password-reset/", {"email": "member@example.org"})

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
