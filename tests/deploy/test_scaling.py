"""An app host set up as docs/deploy.md's "Several hosts" says keeps nothing a reader depends on.

Any host must answer any request behind the load balancer: sessions and the task queue in
PostgreSQL, every cache in the shared Redis, uploads in the bucket, search on Meilisearch's host.
Production settings are read in a fresh process with the environment such a host is given.
"""

import json
import os

from tests.fresh_process import run_python

SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'sessions': s.SESSION_ENGINE, 'cache': s.CACHES['default']['BACKEND'],"
    " 'cache_location': str(s.CACHES['default'].get('LOCATION', '')), 'tasks': s.TASKS['default']['BACKEND'],"
    " 'media': s.STORAGES['default']['BACKEND'], 'meilisearch': s.MEILISEARCH_URL,"
    " 'page_cache_s': s.PAGE_CACHE_SECONDS, 'content_cache_s': s.CONTENT_CACHE_SECONDS}))"
)


def app_host_settings(**environment: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "MEILISEARCH_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="k3J9!vQz#p8Lw2@rT6yU1^mN4&bX7*cE0(hG5)sD-fA+jK=oP_iW",
        ALLOWED_HOSTS="portal.example.org",
        PORTAL_BASE_URL="https://portal.example.org",
        DATABASE_URL="postgres://portal:secret@db-primary:5432/portal",
        **environment,
    )
    result = run_python(["-c", SETTINGS], env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_an_app_host_keeps_sessions_queue_caches_media_and_search_off_the_host(tmp_path):
    settings = app_host_settings(
        PORTAL_DATA_DIR=str(tmp_path),
        REDIS_URL="redis://cache-host:6379/0",
        MEILISEARCH_URL="http://search-host:7700",
        AWS_STORAGE_BUCKET_NAME="portal-media",
    )

    assert settings["sessions"] == "django.contrib.sessions.backends.db"
    assert settings["tasks"] == "django_tasks_db.DatabaseBackend"
    assert "cache-host:6379" in settings["cache_location"]
    assert "locmem" not in settings["cache"]
    assert settings["media"] == "storages.backends.s3.S3Storage"
    assert settings["meilisearch"] == "http://search-host:7700"
    # Pages and the content cache are kept only where every host reads the same copy.
    assert settings["page_cache_s"] > 0 and settings["content_cache_s"] > 0


def test_without_a_shared_cache_no_host_keeps_pages_of_its_own(tmp_path):
    # A per-process cache would go on serving a page another host's editor has changed.
    settings = app_host_settings(PORTAL_DATA_DIR=str(tmp_path))

    assert settings["page_cache_s"] == 0
    assert settings["content_cache_s"] == 0
