"""Structured log lines: a request id on every line and in the response, secrets kept out."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from experts.factories import AccountFactory
from portal.logs import (
    LOGGED_PATH_LIMIT,
    LOGGED_QUERY_LIMIT,
    REQUEST_ID_HEADER,
    JsonFormatter,
    RequestIdMiddleware,
    redact,
)

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
    from experts import selectors

    def broken(**kwargs):
        raise RuntimeError("directory selector exploded")

    monkeypatch.setattr(selectors, "directory", broken)
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


def logged_request(caplog, query_string: str, path: str = "/en/experts/") -> dict:
    """The JSON line the request middleware writes for a GET of ``path`` with ``query_string``."""
    request = RequestFactory().get(path)
    request.META["QUERY_STRING"] = query_string
    with caplog.at_level(logging.INFO, logger="portal.request"):
        RequestIdMiddleware(lambda request: HttpResponse("ok"))(request)
    [line] = json_lines(caplog, "portal.request")
    return line


def test_a_100000_character_query_string_is_logged_capped_with_its_secrets_out(caplog):
    # One long run of letters: the input on which the URL-password pattern used to be quadratic
    # (every letter restarted a scan of the rest of the word).
    query = "country=VN&token=abc123-s3cr3t&q=" + "a" * 100_000

    line = logged_request(caplog, query)

    assert line["path"].startswith("/en/experts/?country=VN&token=[redacted] …")
    assert line["path"].endswith(f" …[query string of {len(query)} characters cut]")
    assert len(line["path"]) <= len("/en/experts/?") + LOGGED_QUERY_LIMIT + 60
    assert "s3cr3t" not in json.dumps(line)
    # The parameter the cut went through is left out whole, not logged in part.
    assert "q=a" not in line["path"]
    assert line["message"] == f"GET {line['path']} 200"


def test_a_long_path_is_redacted_then_capped(caplog):
    path = "/en/accounts/sign-in/link/s3cr3t-token/" + "b" * 10_000

    line = logged_request(caplog, "", path=path)

    assert line["path"].startswith("/en/accounts/sign-in/link/[redacted]/bbb")
    assert line["path"].endswith(f" …[path of {len(path)} characters cut]")
    assert len(line["path"]) <= LOGGED_PATH_LIMIT + 40
    assert "s3cr3t" not in line["path"]


def test_a_secret_the_query_cut_goes_through_is_not_logged_in_part(caplog, monkeypatch):
    from portal.settings import environment

    monkeypatch.setattr(
        environment, "ENV", environment.read_environment({"MEILISEARCH_API_KEY": "k3y-from-the-environment"})
    )
    padding = "q=" + "x" * (LOGGED_QUERY_LIMIT - len("q=&note=k3y-from"))
    query = f"{padding}&note=k3y-from-the-environment&page=2"
    assert query.index("-the-environment") == LOGGED_QUERY_LIMIT  # the cut falls inside the secret

    line = logged_request(caplog, query)

    assert "k3y" not in line["path"]
    assert "note=" not in line["path"]
    assert line["path"].startswith(f"/en/experts/?{padding}")


def test_parameter_names_keep_their_place_and_sensitive_ones_lose_their_value(caplog):
    line = logged_request(caplog, "country=VN&Password=hunter2&signature=f00d&code=123456&page=2&empty=")

    assert line["path"] == (
        "/en/experts/?country=VN&Password=[redacted]&signature=[redacted]&code=[redacted]&page=2&empty="
    )


@pytest.mark.parametrize(
    ("query", "secret"),
    [
        # A sign-in link carried in ?next= is a sign-in link all the same once decoded.
        ("next=%2Fen%2Faccounts%2Fsign-in%2Flink%2Fs3cr3t-link-token%2F", "s3cr3t-link-token"),
        ("dsn=postgres%3A%2F%2Fportal%3Ahunter2-pw%40db%3A5432%2Fportal", "hunter2-pw"),
        ("note=api_key%3Dabcdef0123456789", "abcdef0123456789"),
    ],
)
def test_secrets_inside_query_values_are_redacted(caplog, query: str, secret: str):
    line = logged_request(caplog, query)

    assert secret not in json.dumps(line)
    assert "%5Bredacted%5D" in line["path"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "primary postgres://a:pw-one@db1/x replica postgres://b:pw-two@db2/x",
            "primary postgres://a:[redacted]@db1/x replica postgres://b:[redacted]@db2/x",
        ),
        (
            "DATABASE_URL=postgres://portal:hunter2@db/portal",
            "DATABASE_URL=postgres://portal:[redacted]@db/portal",
        ),
        # A port is not a password, and a URL without credentials stays as it was.
        (
            "connecting to http://localhost:7700/indexes/experts",
            "connecting to http://localhost:7700/indexes/experts",
        ),
        # No "@" ends any of these userinfo candidates: nothing to redact, however many there are.
        ("a://b:" * 20_000, "a://b:" * 20_000),
        ("x" * 100_000 + "://h:p", "x" * 100_000 + "://h:p"),
        ("authorization: " + " " * 50_000 + "x", "authorization: " + " " * 50_000 + "x"),
    ],
)
def test_redaction_keeps_what_is_not_secret(text: str, expected: str):
    assert redact(text) == expected
