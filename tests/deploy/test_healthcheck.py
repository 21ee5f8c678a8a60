"""deploy/healthcheck.py, the containers' health check, against a running portal."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "healthcheck.py"
spec = importlib.util.spec_from_file_location("healthcheck", SCRIPT)
healthcheck = importlib.util.module_from_spec(spec)
spec.loader.exec_module(healthcheck)


@pytest.fixture
def healthz(live_server, settings) -> str:
    settings.SECURE_SSL_REDIRECT = False
    return f"{live_server.url}/healthz"


def test_a_portal_that_answers_is_healthy_and_so_is_a_part_that_works(healthz):
    assert healthcheck.main([healthz]) == 0
    assert healthcheck.main([healthz, "tasks", "database"]) == 0


def test_a_failing_part_or_no_answer_is_unhealthy(healthz, monkeypatch, capsys):
    from portal import health

    monkeypatch.setitem(health.CHECKS, "tasks", lambda: health.CheckResult(False, {"error": "stuck"}))

    assert healthcheck.main([healthz]) == 0  # the process answers: the web container is fine
    assert healthcheck.main([healthz, "tasks"]) == 1
    assert "failing tasks" in capsys.readouterr().err
    assert healthcheck.main(["http://127.0.0.1:9/healthz"]) == 1
