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


def test_the_wagtail_internals_the_site_middleware_relies_on(rf, site):
    """CachedSiteMiddleware calls Wagtail's private ``Site._find_for_request`` and stores its
    answer where ``Site.find_for_request`` looks first (``request._wagtail_site``). Pinned here:
    a Wagtail upgrade that renames or changes either fails this test, not every page."""
    from wagtail.models import Site

    request = rf.get("/en/", HTTP_HOST="testserver")
    assert Site._find_for_request(request) == site
    # No site for the host: the default site, as Wagtail's own lookup answers.
    other = Site.objects.create(hostname="elsewhere.example", port=80, root_page=site.root_page)
    assert Site._find_for_request(rf.get("/en/", HTTP_HOST="elsewhere.example")) == other
    assert Site._find_for_request(rf.get("/en/", HTTP_HOST="unknown.example")) == site

    request = rf.get("/en/", HTTP_HOST="testserver")
    request._wagtail_site = other
    assert Site.find_for_request(request) is other


def test_pages_are_served_with_the_cached_site_without_a_site_query(client: Client, site, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/en/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/?visit=2").status_code == 200

    assert not [query for query in captured.captured_queries if "wagtailcore_site" in query["sql"]]


def test_a_request_reads_only_the_version_for_entries_this_process_read_before(
    client: Client, site, indexed, monkeypatch
):
    client.get("/en/experts/?theme=monitoring")
    counting = CountingCache(content_cache.cache)
    monkeypatch.setattr(content_cache, "cache", counting)

    assert client.get("/en/experts/?theme=monitoring").status_code == 200

    assert counting.reads == ["portal:content:version"]


def test_a_change_made_by_another_process_shows_on_the_next_request(client: Client, site, indexed):
    def theme_names() -> list[str]:
        return sorted(str(theme.name) for theme in Theme.objects.all())

    content_cache._request_started()
    before = cached("test-theme-names", theme_names)
    content_cache._request_finished()
    # Another process saves a theme: its signal replaces the version in the shared cache.
    Theme.objects.bulk_create([Theme(slug="indoor-air", name="Indoor air")])  # no signal here
    content_cache.cache.set(content_cache.CONTENT_VERSION_KEY, "another-process-version", timeout=None)

    content_cache._request_started()
    after = cached("test-theme-names", theme_names)
    content_cache._request_finished()
    assert "Indoor air" not in before
    assert "Indoor air" in after
