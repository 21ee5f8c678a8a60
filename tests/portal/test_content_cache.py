"""Content-bound lookups come from the cache once per request, and a change shows at once."""

from typing import Any

import pytest
from django.test import Client

from knowledge.models import Theme
from portal import content_cache
from portal.content_cache import cached

pytestmark = pytest.mark.django_db


class CountingCache:
    """The real cache, with every key read noted."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.reads: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:
        self.reads.append(key)
        return self.real.get(key, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_directory_page_reads_each_entry_and_the_version_once(client: Client, site, indexed, monkeypatch):
    client.get("/en/experts/")
    counting = CountingCache(content_cache.cache)
    monkeypatch.setattr(content_cache, "cache", counting)

    assert client.get("/en/experts/?theme=monitoring").status_code == 200

    assert counting.reads.count("portal:content:version") == 1
    assert len(counting.reads) == len(set(counting.reads)), counting.reads


def test_outside_a_request_every_call_sees_the_latest_content():
    def theme_names() -> list[str]:
        return sorted(str(theme.name) for theme in Theme.objects.all())

    before = cached("test-theme-names", theme_names)
    Theme.objects.create(slug="indoor-air", name="Indoor air")

    assert "Indoor air" not in before
    assert "Indoor air" in cached("test-theme-names", theme_names)
