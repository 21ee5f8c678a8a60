"""compose.yaml, the Dockerfile and nginx.conf describe the stack docs/deploy.md promises.

No container engine runs here, so these read the files (compose.yaml is JSON, which is YAML too)
and check what an operator relies on; `make smoke` runs the app half for real.
"""

import dataclasses
import json
import re
from pathlib import Path

import pytest

from portal.settings.environment import Environment

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = json.loads((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
LONG_RUNNING = ("proxy", "app", "worker", "scheduler", "db", "redis", "meilisearch")
# Read by gunicorn itself, not by the portal's settings.
GUNICORN_VARIABLES = {"WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"}


def test_the_stack_has_every_service():
    assert set(SERVICES) == {"proxy", "app", "worker", "scheduler", "release", "db", "redis", "meilisearch"}
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert SERVICES["meilisearch"]["image"].startswith("getmeili/meilisearch:")
    assert SERVICES["proxy"]["image"].startswith("nginx:")


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_health_check_and_restarts(name):
    service = SERVICES[name]
    assert service["healthcheck"]["test"], name
    assert service["restart"] == "unless-stopped"


@pytest.mark.parametrize(
    ("service", "mount"),
    [
        ("db", "/var/lib/postgresql/data"),
        ("meilisearch", "/meili_data"),
        ("redis", "/data"),
        ("app", "/data"),
        ("worker", "/data"),
    ],
)
def test_stateful_directories_live_on_named_volumes(service, mount):
    volumes = {entry.split(":")[1]: entry.split(":")[0] for entry in SERVICES[service]["volumes"]}
    assert volumes[mount] in COMPOSE["volumes"], f"{service}:{mount} is not on a named volume"


def test_the_app_runs_gunicorn_with_production_settings_after_the_release_job():
    app = SERVICES["app"]
    assert app["command"][:2] == ["gunicorn", "portal.wsgi"]
    assert (ROOT / app["command"][app["command"].index("--config") + 1]).is_file()
    assert app["depends_on"]["release"]["condition"] == "service_completed_successfully"
    assert "migrate --noinput" in " ".join(SERVICES["release"]["command"])
    assert SERVICES["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in dockerfile


def test_meilisearch_master_key_comes_from_the_environment_and_never_reaches_the_web_app():
    assert SERVICES["meilisearch"]["environment"]["MEILI_MASTER_KEY"].startswith("${MEILI_MASTER_KEY:?")
    app_environment = SERVICES["app"]["environment"]
    assert "MEILISEARCH_API_KEY" not in app_environment
    assert not any("MEILI_MASTER_KEY" in value for value in app_environment.values())
    assert app_environment["MEILISEARCH_SEARCH_KEY"] == "${MEILISEARCH_SEARCH_KEY:-}"
    for service in ("worker", "release"):
        assert SERVICES[service]["environment"]["MEILISEARCH_API_KEY"].startswith("${MEILI_MASTER_KEY")


def test_the_app_uses_redis_for_the_cache_and_trusts_one_proxy():
    app_environment = SERVICES["app"]["environment"]
    assert app_environment["REDIS_URL"].startswith("redis://redis:")
    assert app_environment["TRUSTED_PROXY_COUNT"] == "1"


@pytest.mark.parametrize("service", ["app", "worker", "scheduler", "release"])
def test_every_variable_given_to_the_portal_is_declared_in_environment_py(service):
    declared = {field.name for field in dataclasses.fields(Environment)}
    given = set(SERVICES[service]["environment"]) - GUNICORN_VARIABLES
    assert given <= declared, given - declared


def test_nginx_serves_static_and_media_from_the_volumes_and_forwards_the_scheme():
    proxy_mounts = {entry.split(":")[1]: entry.split(":")[0] for entry in SERVICES["proxy"]["volumes"]}
    config_path = proxy_mounts["/etc/nginx/conf.d/default.conf"]
    config = (ROOT / config_path).read_text()
    assert proxy_mounts["/srv/static"] == "static"
    assert proxy_mounts["/srv/data"] == "data"
    assert re.search(r"location /static/ \{\s*alias /srv/static/;", config)
    assert re.search(r"location /media/ \{\s*alias /srv/data/media/;", config)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
    assert "proxy_set_header X-Request-ID $request_id;" in config
    assert "server app:8000;" in config


def test_the_image_installs_the_hashed_lock_and_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "--require-hashes --no-deps -r /tmp/requirements.lock" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1] not in ("root", "0")


def test_the_scheduler_runs_the_periodic_jobs_and_proves_it_is_alive():
    scheduler = SERVICES["scheduler"]
    assert scheduler["command"] == ["python", "manage.py", "scheduler"]
    assert scheduler["healthcheck"]["test"] == ["CMD", "python", "manage.py", "scheduler", "--check"]
