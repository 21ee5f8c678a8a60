import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "vi", "id", "th"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_answers_in_each_language_with_its_lang_attribute(client: Client, site, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "home_word", "footer_words"),
    [
        ("vi", "Trang chủ", "Đăng nhập cho biên tập viên"),
        ("id", "Beranda", "Masuk untuk editor"),
        ("th", "หน้าแรก", "เข้าสู่ระบบสำหรับบรรณาธิการ"),
    ],
)
def test_navigation_and_footer_are_in_the_page_language(
    client: Client, site, language, home_word, footer_words
):
    html = client.get(f"/{language}/").content.decode()

    assert home_word in html
    assert footer_words in html
    assert "Skip to main content" not in html


def test_home_page_title_is_translated(client: Client, site):
    assert "เครือข่ายแลกเปลี่ยนความรู้เพื่ออากาศสะอาด" in client.get("/th/").content.decode()
    assert "Trao đổi tri thức vì không khí sạch" in client.get("/vi/").content.decode()


@pytest.mark.parametrize(
    ("accept_language", "expected"), [("th-TH,th;q=0.9", "/th/"), ("vi", "/vi/"), ("id", "/id/")]
)
def test_root_redirects_by_browser_language(client: Client, site, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_root_redirects_unknown_languages_to_english(client: Client, site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Location"] == "/en/"


def test_language_switcher_links_to_the_same_page_in_other_languages(client: Client, site):
    html = client.get("/vi/").content.decode()

    for language in LANGUAGES:
        assert f'href="/{language}/" hreflang="{language}"' in html
    assert 'hreflang="vi" lang="vi" aria-current="true"' in html


def test_hreflang_alternates_and_x_default_are_declared(client: Client, site):
    html = client.get("/th/").content.decode()

    for language in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{language}" href="http://testserver/{language}/">' in html
    # The unprefixed address, which redirects each reader to their language (as in /sitemap.xml).
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/">' in html


def test_unknown_page_is_a_translated_404(client: Client, site):
    response = client.get("/th/no-such-page/")

    assert response.status_code == 404
    assert 'lang="th"' in response.content.decode()
