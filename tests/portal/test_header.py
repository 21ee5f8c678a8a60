import pytest
from django.test import Client

from experts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_visitors_are_offered_sign_in_back_to_the_same_page(client: Client, site):
    html = client.get("/vi/").content.decode()

    assert 'href="/vi/accounts/sign-in/?next=/vi/"' in html
    assert "/accounts/sign-out/" not in html


def test_signed_in_readers_reach_their_account_and_sign_out_by_post(client: Client, site):
    client.force_login(UserFactory())
    html = client.get("/en/").content.decode()

    assert 'href="/en/accounts/"' in html
    assert '<form action="/en/accounts/sign-out/" method="post">' in html


def test_the_search_box_shows_each_readers_own_query_escaped(client: Client, site):
    client.get("/en/search/?q=first")  # the header's shared markup is kept from here on

    html = client.get("/en/search/?q=%22bus%22+%3Cb%3E").content.decode()

    assert 'value="&quot;bus&quot; &lt;b&gt;"' in html
    assert 'value="first"' not in html


def test_the_sign_in_link_returns_to_each_page_it_is_on(client: Client, site):
    client.get("/th/")

    html = client.get("/th/experts/").content.decode()

    assert 'href="/th/accounts/sign-in/?next=/th/experts/"' in html
    assert '?next=/th/"' not in html


def test_the_menu_marks_the_section_of_each_page(client: Client, site):
    home = client.get("/en/").content.decode()
    directory = client.get("/en/experts/").content.decode()

    assert '<a href="/en/" aria-current="page">Home</a>' in home
    assert '<a href="/en/experts/" aria-current="page">' in directory
    assert '<a href="/en/" aria-current="page">' not in directory


def test_a_published_menu_page_shows_in_the_header_at_once(client: Client, site, home_page):
    from knowledge.factories import CaseStudyIndexPageFactory

    assert "Case studies" not in client.get("/en/").content.decode()

    index = CaseStudyIndexPageFactory(parent=home_page)
    assert '<a href="/en/case-studies/">Case studies</a>' in client.get("/en/").content.decode()

    index.title_en = "Practices"
    index.save_revision().publish()
    html = client.get("/en/experts/").content.decode()
    assert ">Practices</a>" in html and ">Case studies</a>" not in html

    index.unpublish()
    assert ">Practices</a>" not in client.get("/en/").content.decode()


def test_the_footer_is_in_the_readers_language(client: Client, site):
    client.get("/en/")

    html = client.get("/vi/").content.decode()

    assert '<footer class="site-footer">' in html
    assert 'href="/vi/">' in html.split('<footer class="site-footer">')[1]


def test_the_language_switcher_offers_each_page_in_every_language(client: Client, site):
    client.get("/en/")  # the switcher's shared markup is kept from here on

    html = client.get("/vi/experts/?page=2").content.decode()

    switcher = html[html.index('<nav class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert '<a href="/en/experts/?page=2" hreflang="en" lang="en">English</a>' in switcher
    assert '<a href="/th/experts/?page=2" hreflang="th" lang="th">ภาษาไทย</a>' in switcher
    assert '<a href="/vi/experts/?page=2" hreflang="vi" lang="vi" aria-current="true">' in switcher
    assert 'href="/en/"' not in switcher and switcher.count("aria-current") == 1


def test_the_language_switcher_escapes_each_readers_own_address(client: Client, site):
    client.get("/en/experts/")

    html = client.get("/en/experts/?q=bus&page=2").content.decode()

    switcher = html[html.index('<nav class="language-switcher"') :]
    assert '<a href="/id/experts/?q=bus&amp;page=2" hreflang="id"' in switcher[: switcher.index("</nav>")]
