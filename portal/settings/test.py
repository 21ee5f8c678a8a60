"""The test run: fast hashing, local-memory cache, tasks run at once, mail kept in memory."""

import tempfile
from pathlib import Path

from portal.settings.dev import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The local-memory cache outlives each test; the page cache tests turn it on for themselves.
PAGE_CACHE_SECONDS = 0
# One process per test worker shares the local-memory cache, so content is cached as in production
# and every test proves a change shows at once; tests/conftest.py empties it per test.
CONTENT_CACHE_SECONDS = 60 * 60
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each search's count is in the report at once (tests read it right after the request).
SEARCH_COUNT_FLUSH_SECONDS = 0

# Each test process gets its own media and search index, never the developer's var/.
DATA_DIR = Path(tempfile.mkdtemp(prefix="portal-test-"))
MEDIA_ROOT = DATA_DIR / "media"
SEARCH_INDEX_DIR = DATA_DIR / "search-index"
MEILISEARCH_URL = ""
# A thousand tests index documents: they search lexically. The hybrid tests switch the real model
# on for themselves (tests/search_behaviour/test_hybrid.py), so no test ranks by stand-in vectors.
SEARCH_EMBEDDINGS = "off"
# Media on disk whatever the developer's shell names as a bucket; the S3 tests switch to a local
# S3-compatible server themselves (tests/faults/test_s3_media.py).
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}  # noqa: F405
WAGTAILDOCS_SERVE_METHOD = "serve_view"
