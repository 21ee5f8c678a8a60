"""Redis refused or hung: every page, the search API and sign-in still answer, uncached and quickly.

The cache is configured as production configures it (portal.redis_cache.redis_cache_settings),
pointed at a port that refuses connections, one that accepts them and never answers, or a real
Redis paused with SIGSTOP.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from experts.factories import DEFAULT_PASSWORD, UserFactory
from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from portal import circuit, redis_cache
from portal.redis_cache import redis_cache_settings
from tests.experts.conftest import last_link

pytestmark = pytest.mark.django_db

# A request served without the cache takes tens of milliseconds here; one that waited for Redis
# would take its socket timeout per operation (a page makes several).
FAST_S = 1.0


@pytest.fixture
def pages(site, home_page, indexed):
    translation.activate("en")
    index = CaseStudyIndexPageFactory(parent=home_page)
    case_study = CaseStudyPageFactory(parent=index, title="Haiphong inventory", slug="haiphong-inventory")
    UserFactory(email="member@example.org")
    return {"case_study": case_study.url}


def use_broken_redis(settings, port: int) -> None:
    redis_cache._breakers.clear()
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{port}/0")
    settings.PAGE_CACHE_SECONDS = 300
    settings.CONTENT_CACHE_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = False


def timed(call):
    began = time.monotonic()
    response = call()
    return response, time.monotonic() - began


def visit_everything(pages) -> list[tuple[str, int, float]]:
    client = Client(raise_request_exception=False)
    answers = []
    for path in ("/en/", pages["case_study"], "/en/experts/", "/en/search/?q=inventory"):
        response, seconds = timed(lambda path=path: client.get(path))
        answers.append((path, response.status_code, seconds))
    for path in ("/api/v1/knowledge?q=inventory", "/api/v1/experts?q=lan"):
        response, seconds = timed(lambda path=path: client.get(path))
        answers.append((path, response.status_code, seconds))
    signer = Client(raise_request_exception=False)
    response, seconds = timed(
        lambda: signer.post(
            "/en/accounts/sign-in/", {"email": "member@example.org", "password": DEFAULT_PASSWORD}
        )
    )
    answers.append(("sign-in password", response.status_code, seconds))
    if response.status_code == 302:
        signer.get(last_link("/accounts/sign-in/link/"))
        response, seconds = timed(lambda: signer.post("/en/accounts/sign-in/link/"))
        answers.append(("sign-in link", response.status_code, seconds))
        answers.append(("signed in", 200 if "_auth_user_id" in signer.session else 401, 0.0))
    return answers


@pytest.mark.parametrize("outage", ["refused", "hung"])
def test_pages_search_and_sign_in_answer_quickly_without_redis(
    pages, settings, request, outage, commit_immediately
):
    port = request.getfixturevalue("closed_port" if outage == "refused" else "hung_port")
    visit_everything(pages)  # a running server: code loaded, the member's first link sent
    mail.outbox.clear()
    use_broken_redis(settings, port)

    answers = visit_everything(pages)

    statuses = {name: status for name, status, _seconds in answers}
    assert statuses == {
        "/en/": 200,
        pages["case_study"]: 200,
        "/en/experts/": 200,
        "/en/search/?q=inventory": 200,
        "/api/v1/knowledge?q=inventory": 200,
        "/api/v1/experts?q=lan": 200,
        "sign-in password": 302,
        "sign-in link": 302,
        "signed in": 200,
    }
    assert len(mail.outbox) == 1
    slowest = max(seconds for _name, _status, seconds in answers)
    assert slowest < FAST_S, answers


def test_a_hung_redis_costs_one_timeout_per_window_not_one_per_operation(
    pages, settings, hung_server, caplog
):
    use_broken_redis(settings, hung_server.port)
    client = Client()

    with caplog.at_level(logging.WARNING, logger="portal.circuit"):
        first = timed(lambda: client.get(pages["case_study"]))[1]
        tried = hung_server.connections
        rest = [timed(lambda: client.get(pages["case_study"]))[1] for _ in range(4)]

    # The first request meets the 0.25 s timeout once, then the circuit is open: the next ones
    # do not even connect (timings alone would be at the mercy of a busy machine).
    assert tried == 1
    assert hung_server.connections == tried
    assert 0.25 <= first < FAST_S, first
    assert max(rest) < FAST_S, rest
    warnings = [record for record in caplog.records if record.name == "portal.circuit"]
    assert len(warnings) == 1, "the opening is logged once"
    assert "Timeout" in warnings[0].getMessage()


def test_the_circuit_retries_after_its_window(pages, settings, closed_port, monkeypatch):
    use_broken_redis(settings, closed_port)
    from django.core.cache import cache

    now = [1000.0]
    monkeypatch.setattr(circuit.time, "monotonic", lambda: now[0])
    attempts = []
    original = redis_cache.RedisCache.get

    def counting_get(self, *args, **kwargs):
        attempts.append(now[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(redis_cache.RedisCache, "get", counting_get)

    assert cache.get("anything", "default") == "default"
    assert cache.get("anything", "default") == "default"
    assert len(attempts) == 1, "skipped while the circuit is open"
    now[0] += 5.1
    assert cache.get("anything", "default") == "default"
    assert len(attempts) == 2, "tried again once the window passed"
    assert redis_cache.breaker_state()[f"127.0.0.1:{closed_port}/0"]["error"].startswith("ConnectionError")


def test_a_password_in_the_redis_address_is_never_shown(settings, closed_port, caplog):
    redis_cache._breakers.clear()
    settings.CACHES = redis_cache_settings(f"redis://:hunter2-secret@127.0.0.1:{closed_port}/0")
    from django.core.cache import cache

    with caplog.at_level(logging.WARNING, logger="portal.circuit"):
        cache.get("anything")

    assert list(redis_cache.breaker_state()) == [f"127.0.0.1:{closed_port}/0"]
    assert "hunter2" not in caplog.text
    assert f"127.0.0.1:{closed_port}" in caplog.text


def test_rate_limits_fail_open_without_redis(pages, settings, closed_port):
    use_broken_redis(settings, closed_port)
    client = Client()

    answers = [
        client.post("/en/accounts/password-reset/", {"email": "member@example.org"}).status_code
        for _ in range(12)
    ]

    # No counter can be kept; refusing every reset instead would lock members out of their
    # accounts for the length of the outage (experts/accounts/ratelimit.py).
    assert answers == [302] * 12


@pytest.fixture
def real_redis(tmp_path):
    import shutil
    import signal
    import socket
    import subprocess

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    yield port, process
    process.send_signal(signal.SIGCONT)
    process.kill()
    process.wait()


def test_a_paused_redis_is_skipped_and_used_again_once_it_answers(pages, settings, real_redis, monkeypatch):
    import signal

    from django.core.cache import cache

    from portal.content_cache import content_version
    from portal.page_cache import CACHE_STATUS_HEADER

    port, process = real_redis
    use_broken_redis(settings, port)
    client = Client()
    assert client.get(pages["case_study"])[CACHE_STATUS_HEADER] == "miss"
    assert client.get(pages["case_study"])[CACHE_STATUS_HEADER] == "hit"
    version_before = content_version()

    process.send_signal(signal.SIGSTOP)  # accepts connections (the kernel does), answers nothing
    try:
        hung = [timed(lambda: client.get(pages["case_study"])) for _ in range(3)]
    finally:
        process.send_signal(signal.SIGCONT)
    assert [response.status_code for response, _seconds in hung] == [200, 200, 200]
    assert all(response[CACHE_STATUS_HEADER] == "miss" for response, _seconds in hung)
    assert max(seconds for _response, seconds in hung) < FAST_S

    # The window passes: the next operation tries Redis, finds it, and the circuit closes.
    later = time.monotonic() + 6
    monkeypatch.setattr(circuit.time, "monotonic", lambda: later)
    assert client.get(pages["case_study"])[CACHE_STATUS_HEADER] == "hit"
    assert redis_cache.breaker_state() == {}
    # Content versions replaced during the outage were lost: a new one is started instead.
    assert cache.get("portal:content:version") != version_before


def test_one_redis_client_serves_every_operation_and_survives_a_paused_redis(
    pages, settings, real_redis, monkeypatch
):
    # Django builds a redis.Redis per operation (half of each cache read's CPU on a page); the
    # portal keeps one per connection pool, which must still recover like the others.
    import signal

    import redis as redis_library
    from django.core.cache import cache

    from portal.page_cache import CACHE_STATUS_HEADER

    port, process = real_redis
    use_broken_redis(settings, port)
    built = []
    original = redis_library.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis_library.Redis, "__init__", counting)
    client = Client()
    assert client.get(pages["case_study"])[CACHE_STATUS_HEADER] == "miss"
    assert client.get(pages["case_study"])[CACHE_STATUS_HEADER] == "hit"
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"
    assert len(built) == 1

    process.send_signal(signal.SIGSTOP)
    try:
        assert client.get(pages["case_study"]).status_code == 200
    finally:
        process.send_signal(signal.SIGCONT)
    later = time.monotonic() + 6
    monkeypatch.setattr(circuit.time, "monotonic", lambda: later)
    assert cache.get("greeting") == "hello"
    assert client.get(pages["case_study"]).status_code == 200
    assert len(built) == 1


def test_a_request_is_counted_in_one_round_trip_with_its_window_as_expiry(settings, real_redis, monkeypatch):
    # The search API counts every request against its client's budget (portal/ratelimit.py);
    # Django's add() and incr() took three round trips for it, ResilientRedisCache.count one.
    import redis as redis_library
    from django.core.cache import cache

    from portal.ratelimit import count_request

    port, _process = real_redis
    use_broken_redis(settings, port)
    cache.get("warm")  # the connection's own handshake (HELLO, CLIENT…) is not the counting's
    sent = _commands_sent(monkeypatch)
    decisions = [
        count_request(scope="search", client="203.0.113.9", limit=2, window_s=60, now=1_800_000_045.0)
        for _ in range(3)
    ]

    assert [(decision.count, decision.allowed) for decision in decisions] == [
        (1, True),
        (2, True),
        (3, False),
    ]
    assert len(sent) == 3
    key = cache.make_key("ratelimit:search:203.0.113.9:30000000")
    stored = redis_library.Redis(port=port).ttl(key)
    assert 0 < stored <= 61
    # The counter is what Django's cache reads back, like any integer it stored.
    assert cache.get("ratelimit:search:203.0.113.9:30000000") == 3
    assert decisions[2].retry_after_s == 15


def test_a_search_request_reads_the_content_version_with_its_count(settings, real_redis, monkeypatch):
    # A search or API request counts itself and then reads the content version: one round trip.
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    from portal.content_cache import bump_content_version, content_version
    from portal.ratelimit import count_request

    port, _process = real_redis
    use_broken_redis(settings, port)
    bump_content_version()
    stored = cache.get("portal:content:version")
    sent = _commands_sent(monkeypatch)
    request_started.send(sender=None)
    try:
        decision = count_request(
            scope="search", client="203.0.113.9", limit=5, window_s=60, with_content_version=True
        )
        assert content_version() == stored
    finally:
        request_finished.send(sender=None)

    assert (decision.count, decision.allowed) == (1, True)
    assert len(sent) == 1


def test_a_count_while_redis_is_refused_is_a_missing_counter(settings, closed_port):
    from django.core.cache import cache

    use_broken_redis(settings, closed_port)
    with pytest.raises(ValueError, match="not found"):
        cache.count("ratelimit:search:203.0.113.9:1", timeout=61)


def _commands_sent(monkeypatch) -> list:
    """Every command redis-py sends from now on (one entry per round trip: a pipeline is one)."""
    import redis as redis_library

    sent: list = []
    original = redis_library.connection.AbstractConnection.send_packed_command

    def counting(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(redis_library.connection.AbstractConnection, "send_packed_command", counting)
    return sent


def test_a_page_cache_hit_is_one_round_trip_and_then_reads_no_page(pages, settings, real_redis, monkeypatch):
    # A hit reads the path's generation, the content version and (the first time in a process) the
    # stored page in one MGET on a connection the cache keeps, not borrowed from the pool each time.
    from portal.page_cache import CACHE_STATUS_HEADER

    port, _process = real_redis
    use_broken_redis(settings, port)
    client = Client()
    assert client.get(pages["case_study"])[CACHE_STATUS_HEADER] == "miss"
    sent = _commands_sent(monkeypatch)

    hits = [client.get(pages["case_study"]) for _ in range(3)]

    assert [hit[CACHE_STATUS_HEADER] for hit in hits] == ["hit", "hit", "hit"]
    commands = [b"".join(command) if isinstance(command, list) else command for command in sent]
    assert len(commands) == 3 and all(b"MGET" in command for command in commands)
    assert [command.count(b"page-cache:answer:") for command in commands] == [1, 0, 0]
