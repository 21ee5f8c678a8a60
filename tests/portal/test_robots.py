"""What a crawler is told before it reads anything: robots.txt and the page's icon."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(ALLOWED_HOSTS=["cleanair.example.org"])
def test_robots_txt_keeps_crawlers_out_of_private_and_endless_addresses_and_names_the_sitemap(client):
    response = client.get("/robots.txt", headers={"host": "cleanair.example.org"}, secure=True)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert {"Disallow: /admin/", "Disallow: /api/", "Disallow: /*/accounts/"} <= set(lines)
    assert "Sitemap: https://cleanair.example.org/sitemap.xml" in lines


def test_every_page_names_its_icon(client, home_page):
    html = client.get("/en/").content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
