"""Structured log lines: a request id on every line and in the response, secrets kept out."""

import json
import logging

import pytest
from django.test import Client

from experts.factories import AccountFactory
from portal.logs import REQUEST_ID_HEADER, JsonFormatter, redact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def json_lines(caplog, logger: str) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records if record.name == logger]


def test_every_response_carries_a_request_id_and_one_log_line_names_it(client: Client, caplog, site):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        response = client.get("/en/experts/?country=VN")

    request_id = response[REQUEST_ID_HEADER]
    assert len(request_id) == 32
    [line] = json_lines(caplog, "portal.request")
    assert line["request_id"] == request_id
    assert line["method"] == "GET"
    assert line["path"] == "/en/experts/?country=VN"
    assert line["status"] == 200
    assert line["level"] == "INFO"
    assert line["user_id"] is None
    assert isinstance(line["duration_ms"], float)


def test_a_proxy_request_id_is_kept_when_it_is_a_plain_token(client: Client, site):
    response = client.get("/en/experts/", headers={REQUEST_ID_HEADER: "edge-7f3a9c21-0001"})

    assert response[REQUEST_ID_HEADER] == "edge-7f3a9c21-0001"


@pytest.mark.parametrize("forged", ['abc"} {"level": "ERROR', "short", "x" * 300, "line\nbreak-000000"])
def test_a_forged_request_id_is_replaced(client: Client, site, forged):
    response = client.get("/en/experts/", headers={REQUEST_ID_HEADER: forged})

    assert response[REQUEST_ID_HEADER] != forged
    assert len(response[REQUEST_ID_HEADER]) == 32


def test_the_signed_in_user_is_named_by_id(client: Client, caplog, site):
    account = AccountFactory()
    client.force_login(account.user)

    with caplog.at_level(logging.INFO, logger="portal.request"):
        client.get("/en/accounts/")

    assert json_lines(caplog, "portal.request")[-1]["user_id"] == account.user.pk


def test_sign_in_link_tokens_never_reach_the_log(client: Client, caplog, site):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        client.get("/en/accounts/sign-in/link/s3cr3t-token-value-that-signs-in/")
        client.get("/en/accounts/password-reset/MQ/abc123-s3cr3t/")

    logged = "\n".join(json.dumps(line) for line in json_lines(caplog, "portal.request"))
    assert "s3cr3t" not in logged
    assert "/en/accounts/sign-in/link/[redacted]/" in logged


def test_an_error_is_logged_with_path_user_request_id_and_traceback(
    client: Client, caplog, site, monkeypatch
):
    from experts import views

    def broken(**kwargs):
        raise RuntimeError("directory selector exploded")

    monkeypatch.setattr(views.selectors, "directory", broken)
    account = AccountFactory()
    client.force_login(account.user)
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR):
        response = client.get("/en/experts/?country=VN&token=abc")

    assert response.status_code == 500
    [error] = json_lines(caplog, "django.request")
    assert error["level"] == "ERROR"
    assert error["path"] == "/en/experts/?country=VN&token=[redacted]"
    assert error["method"] == "GET"
    assert error["user_id"] == account.user.pk
    assert error["request_id"] == response[REQUEST_ID_HEADER]
    assert "RuntimeError: directory selector exploded" in error["exception"]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("could not connect to postgres://portal:hunter2-pw@db:5432/portal", "hunter2-pw"),
        ("headers: {'Authorization': 'Bearer masterkey123456'}", "masterkey123456"),
        ("meilisearch api_key=abcdef0123456789 rejected", "abcdef0123456789"),
        ("link https://portal.example.org/vi/accounts/claim/Zm9vYmFyYmF6/ sent", "Zm9vYmFyYmF6"),
    ],
)
def test_secrets_are_redacted_from_messages(text: str, secret: str):
    assert secret not in redact(text)
    assert "[redacted]" in redact(text)


def test_secret_environment_values_are_redacted(monkeypatch):
    from portal.settings import environment

    monkeypatch.setattr(
        environment, "ENV", environment.read_environment({"MEILISEARCH_API_KEY": "k3y-from-the-environment"})
    )
    record = logging.LogRecord(
        "portal.search",
        logging.WARNING,
        __file__,
        1,
        "engine said: %s",
        ("bad key k3y-from-the-environment",),
        None,
    )

    line = json.loads(JsonFormatter().format(record))

    assert "k3y-from-the-environment" not in line["message"]
