"""The search engine down: the experts directory and the search page say so with a 503 and a
translated notice, the JSON API with a 503 JSON reason; never a 500, never a 400."""

from __future__ import annotations

import pytest
from django.test import Client

from portal.search.engines.base import SearchEngineError, get_engine, reset_engine

pytestmark = pytest.mark.django_db

APIS = ("/api/v1/experts?q=lan", "/api/v1/knowledge?q=inventory")
# The notice of each page in each language (locale/*/LC_MESSAGES/django.po).
DIRECTORY_NOTICES = {
    "en": "The experts directory cannot be shown at the moment",
    "vi": "Danh bạ chuyên gia tạm thời không hiển thị được",
    "id": "Direktori pakar sedang tidak dapat ditampilkan",
    "th": "ขณะนี้ยังแสดงรายชื่อผู้เชี่ยวชาญไม่ได้",
}
SEARCH_NOTICES = {
    "en": "Search is not available at the moment",
    "vi": "Chức năng tìm kiếm tạm thời không hoạt động",
    "id": "Pencarian sedang tidak tersedia",
    "th": "ระบบค้นหายังใช้งานไม่ได้ในขณะนี้",
}
PAGES = {
    "/{lang}/experts/": DIRECTORY_NOTICES,
    "/{lang}/experts/?country=VN&page=2": DIRECTORY_NOTICES,
    "/{lang}/search/?q=inventory": SEARCH_NOTICES,
    "/{lang}/search/?q=inventory&scope=experts": SEARCH_NOTICES,
}


@pytest.fixture
def engine_raises(site, indexed, monkeypatch):
    def fail(*args, **kwargs):
        raise SearchEngineError("search: the index is gone")

    monkeypatch.setattr(type(get_engine()), "search", fail)


@pytest.fixture
def meilisearch_on_a_closed_port(site, settings, closed_port):
    settings.MEILISEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.MEILISEARCH_API_KEY = ""
    settings.MEILISEARCH_SEARCH_KEY = ""
    reset_engine()
    assert get_engine().name == "meilisearch"
    yield
    reset_engine()


def assert_degraded(client: Client) -> None:
    for path, notices in PAGES.items():
        for language, notice in notices.items():
            response = client.get(path.format(lang=language))
            assert response.status_code == 503, path
            assert response["Retry-After"] == "60"
            assert notice in response.content.decode(), (language, path)
            assert 'role="alert"' in response.content.decode()
    for path in APIS:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "60"
        body = response.json()
        assert body["error"] == "unavailable"
        assert body["reasons"]


def test_the_embedded_engine_failing_is_a_503_with_a_notice(engine_raises):
    assert_degraded(Client(raise_request_exception=False))


def test_meilisearch_unreachable_is_a_503_with_a_notice(meilisearch_on_a_closed_port):
    assert_degraded(Client(raise_request_exception=False))


def test_a_degraded_directory_is_never_kept_in_the_page_cache(engine_raises, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client = Client(raise_request_exception=False)

    assert client.get("/en/experts/").status_code == 503
    assert "X-Page-Cache" not in client.get("/en/experts/")


def test_a_hung_meilisearch_costs_one_timeout_per_window_not_one_per_request(site, settings, hung_server):
    """A server that accepts connections and never answers: the first search waits for the
    search timeout, the next ones within the window are answered 503 at once."""
    import time

    from portal.search.engines import meilisearch as engine_module

    settings.MEILISEARCH_URL = f"http://127.0.0.1:{hung_server.port}"
    settings.MEILISEARCH_API_KEY = ""
    settings.MEILISEARCH_SEARCH_KEY = ""
    reset_engine()
    client = Client(raise_request_exception=False)
    connections = []
    durations = []
    try:
        for path in ("/en/experts/", "/en/search/?q=inventory", "/api/v1/experts?q=lan", "/en/experts/"):
            began = time.monotonic()
            assert client.get(path).status_code == 503, path
            durations.append(time.monotonic() - began)
            connections.append(hung_server.connections)
    finally:
        reset_engine()

    assert engine_module.SEARCH_HTTP_TIMEOUT_S <= durations[0] < engine_module.SEARCH_HTTP_TIMEOUT_S + 1, (
        durations
    )
    # The next ones do not even connect (timings alone would be at the mercy of a busy machine).
    assert connections == [1, 1, 1, 1]
    assert max(durations[1:]) < engine_module.SEARCH_HTTP_TIMEOUT_S / 2, durations
