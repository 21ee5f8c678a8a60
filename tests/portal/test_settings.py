import os
import subprocess

import pytest

from portal.settings.environment import InvalidEnvironment, read_environment
from tests.fresh_process import run_python

STRONG_KEY = "k3J9!vQz#p8Lw2@rT6yU1^mN4&bX7*cE0(hG5)sD-fA+jK=oP_iW"


def run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(environment)
    return run_python(["manage.py", *args, "--settings=portal.settings.production"], env=env)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage("check", ALLOWED_HOSTS="portal.example.org", PORTAL_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_manage("check", SECRET_KEY=STRONG_KEY, PORTAL_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example.org",
        PORTAL_BASE_URL="https://portal.example.org",
        PORTAL_DATA_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_environment_is_read_with_types_and_defaults():
    env = read_environment(
        {"DEBUG": "true", "ALLOWED_HOSTS": "a.example.org, b.example.org", "EMAIL_PORT": "2525"}
    )

    assert env.DEBUG is True
    assert env.ALLOWED_HOSTS == ["a.example.org", "b.example.org"]
    assert env.EMAIL_PORT == 2525
    assert env.MEILISEARCH_URL == ""
    assert env.PORTAL_DATA_DIR.name == "var"


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("EMAIL_PORT", "twenty")])
def test_environment_rejects_values_of_the_wrong_type(name, value):
    with pytest.raises(InvalidEnvironment, match=name):
        read_environment({name: value})


def test_the_default_sqlite_database_lets_the_worker_and_the_web_process_write_in_turn(tmp_path):
    # Run in a fresh process on a file database, as `make run` uses it (the test run's is in memory).
    script = (
        "import django; django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor();"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], connection.transaction_mode)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(PORTAL_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="portal.settings.dev")
    result = run_python(["-c", script], env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]
