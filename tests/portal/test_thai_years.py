"""One rule for years on Thai pages (issue 21): the Buddhist era with the Gregorian year beside
it, for bare years ("since 2015", a case study's year, the year filter) as for dates."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory, TwinningPartnershipFactory
from knowledge.models import City
from portal.l10n import local_date, local_year, local_years_in_text

# A Gregorian year standing alone: not the "(2015)" beside a Buddhist-era year, nor part of one.
BARE_GREGORIAN_YEAR = re.compile(r"(?<![\d(])(?:19|20)\d\d(?![\d)])")


@pytest.mark.parametrize(("language", "expected"), [("th", "2558 (2015)"), ("en", "2015"), ("vi", "2015")])
def test_a_year_follows_the_languages_era(language, expected):
    with translation.override(language):
        assert local_year(2015) == expected
        assert local_year("2015") == expected
        assert local_year(None) == ""


def test_a_thai_year_is_written_as_the_year_of_a_thai_date():
    import datetime

    with translation.override("th"):
        assert local_year(2021) in local_date(datetime.date(2021, 3, 1))


@pytest.mark.django_db
def test_thai_pages_show_no_bare_gregorian_year(client: Client, site, home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, slug="case-studies")
    CaseStudyPageFactory(parent=index, slug="a-story", year=2019, city=City.objects.get(slug="bangkok"))
    partnership = TwinningPartnershipFactory(start_year=2015)

    for path in [
        "/th/case-studies/",
        "/th/case-studies/a-story/",
        "/th/cities/bangkok/",
        "/th/twinning/",
        partnership.get_absolute_url().replace("/en/", "/th/", 1),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        soup = BeautifulSoup(response.content, "html.parser")
        main = soup.select_one("main")
        for hidden in main.select("script, [href], input"):
            hidden.extract()
        text = main.get_text(" ")
        assert not BARE_GREGORIAN_YEAR.findall(text), (path, BARE_GREGORIAN_YEAR.findall(text))
    assert "2562 (2019)" in client.get("/th/case-studies/").content.decode()


def test_years_in_an_editors_period_follow_the_same_rule():
    with translation.override("th"):
        assert local_years_in_text("2016–2019") == "2559 (2016)–2562 (2019)"
        assert local_years_in_text("since 2559 (2016)") == "since 2559 (2016)"  # already written so
    with translation.override("en"):
        assert local_years_in_text("2016–2019") == "2016–2019"
