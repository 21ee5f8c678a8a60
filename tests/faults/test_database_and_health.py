"""/healthz tells the public whether each part works, never how it is wired (addresses, driver
errors, backends); superusers get the details. While the database is unreachable the JSON API
answers JSON (503), never the HTML error page."""

from __future__ import annotations

import json
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from experts.factories import UserFactory
from portal import health

pytestmark = pytest.mark.django_db

# What a PostgreSQL driver says when the server is gone: an internal address and port.
DRIVER_ERROR = 'connection to server at "10.0.3.7", port 5432 failed: Connection refused'
REDIS_ERROR = "Error 111 connecting to redis.internal:6379. Connection refused."


@contextmanager
def database_unreachable():
    def refuse(*args, **kwargs):
        raise OperationalError(DRIVER_ERROR)

    with (
        mock.patch.object(connection, "cursor", refuse),
        mock.patch.object(connection, "chunked_cursor", refuse),
    ):
        yield


def cache_refused(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise ConnectionError(REDIS_ERROR)

    monkeypatch.setattr(health.cache, "set", refuse)


@pytest.fixture
def superuser_client(site) -> Client:
    client = Client()
    client.force_login(UserFactory(email="ops@example.org", is_staff=True, is_superuser=True))
    return client


def test_the_public_view_says_ok_or_degraded_per_part_and_nothing_about_the_wiring(
    client: Client, monkeypatch
):
    cache_refused(monkeypatch)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"] == {"ok": False, "status": "degraded"}
    assert body["checks"]["database"] == {"ok": True, "status": "ok"}
    assert body["checks"]["search"] == {"ok": True, "status": "ok"}
    text = response.content.decode()
    for internal in (
        "redis.internal",
        "6379",
        "Connection refused",
        "django.core",
        "sqlite",
        "vendor",
        "search-index",
    ):
        assert internal not in text, internal


def test_the_queue_figures_stay_public(client: Client):
    """The smoke test and monitors wait on them; they say nothing about the network."""
    checks = client.get("/healthz").json()["checks"]

    assert checks["index_backlog"] == {
        "ok": True,
        "status": "ok",
        "backlog": 0,
        "oldest_age_s": 0,
        "retrying": 0,
        "max_age_s": 15 * 60,
    }
    assert set(checks["tasks"]) == {"ok", "status"}  # the immediate backend of tests has no queue


def test_a_superuser_gets_the_details(superuser_client: Client, monkeypatch):
    cache_refused(monkeypatch)

    body = superuser_client.get("/healthz").json()

    assert "Connection refused" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["vendor"] == connection.vendor
    assert body["checks"]["search"]["engine"] == "embedded"


def test_staff_who_are_not_superusers_get_the_public_view(site, monkeypatch):
    cache_refused(monkeypatch)
    client = Client()
    client.force_login(UserFactory(email="editor@example.org", is_staff=True))

    assert client.get("/healthz").json()["checks"]["cache"] == {"ok": False, "status": "degraded"}


def test_a_database_outage_on_healthz_names_the_part_not_the_server(superuser_client: Client):
    with database_unreachable():
        response = superuser_client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert "database" in body["failing"]
    assert body["checks"]["database"] == {"ok": False, "status": "degraded"}
    assert "10.0.3.7" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/experts?q=lan",
        "/api/v1/knowledge?q=inventory",
        "/api/v1/twinning/suggestions?city=hanoi&action=emissions-inventory",
    ],
)
def test_the_api_answers_json_503_while_the_database_is_unreachable(site, indexed, path):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get(path)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "60"
    body = json.loads(response.content)
    assert body["error"] == "unavailable"
    assert "10.0.3.7" not in response.content.decode()


def test_any_other_api_failure_is_json_500(site, monkeypatch):
    # The API's own path into the engine (the HTML page goes through views.run_search).
    from portal.search import api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "search_with", broken)
    response = Client(raise_request_exception=False).get("/api/v1/knowledge?q=x")

    assert response.status_code == 500
    assert response.json() == {
        "error": "server error",
        "reasons": ["the server could not answer this request"],
    }


def test_pages_keep_the_html_error_page(site, monkeypatch):
    from portal.search import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "run_search", broken)
    response = Client(raise_request_exception=False).get("/en/search/?q=x")

    assert response.status_code == 500
    assert "<html" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/", "The portal is briefly unavailable"),
        ("/en/experts/", "The portal is briefly unavailable"),
        ("/th/case-studies/", "ชั่วคราว"),
        ("/vi/", "tạm thời"),
        ("/id/", "sementara"),
    ],
)
def test_pages_answer_a_friendly_503_in_the_readers_language_while_the_database_is_unreachable(
    site, path, heading
):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert f'<html lang="{path.split("/")[1]}">' in text
    assert heading in text
    assert "Nothing you saved is lost" in text or path.split("/")[1] != "en"
    assert response["X-Request-ID"] in text  # the reference a reader can quote
    assert "10.0.3.7" not in text and "OperationalError" not in text


def test_healthz_stays_honest_while_pages_answer_503(site):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        page = client.get("/en/")
        health_response = client.get("/healthz")

    assert page.status_code == 503
    assert health_response.status_code == 503
    assert "database" in health_response.json()["failing"]
