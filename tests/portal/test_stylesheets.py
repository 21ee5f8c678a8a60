import re

import pytest
from django.test import Client

from portal.page_cache import with_fresh_nonce
from portal.stylesheets import stylesheet_text

pytestmark = pytest.mark.django_db


def _styles(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<style nonce="([^"]+)">(.*?)</style>', html, re.S)


def test_a_page_arrives_with_its_styles_so_nothing_holds_back_the_first_paint(client: Client, site):
    response = client.get("/en/")
    html = response.content.decode()

    assert 'rel="stylesheet"' not in html
    styles = _styles(html)
    assert any(".site-header" in css and "--brand: #0b5e55;" in css for _nonce, css in styles)
    # One nonce per answer, the one the policy allows; the figures' styles come before the
    # portal's, in the order the linked files had (the later rule wins a tie).
    assert {nonce for nonce, _css in styles} == {styles[0][0]}
    assert f"style-src 'self' 'nonce-{styles[0][0]}'" in response["Content-Security-Policy"]
    assert ".site-header" in styles[-1][1]


def test_a_stored_page_gets_a_fresh_nonce_for_its_styles_too(client: Client, site):
    response = client.get("/en/")
    (old, _css), *_ = _styles(response.content.decode())

    fresh = with_fresh_nonce(response)
    (new, _css), *_ = _styles(fresh.content.decode())
    assert new != old
    assert f"'nonce-{new}'" in fresh["Content-Security-Policy"].split("style-src", 1)[1].split(";")[0]


def test_the_set_in_stylesheet_is_the_file_without_its_comments():
    css = stylesheet_text(path="css/portal.css")

    assert "/*" not in css and "</" not in css
    assert ".skip-link:focus { top: 0.5rem; }" in css
