"""Shared test helpers: render a URL and count its queries."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def query_count(client: Client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths) so only the page's own queries count
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)
