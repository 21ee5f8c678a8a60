"""Conditional GET (issue 21): a reader, crawler or feed reader whose copy is still current gets a
304 without the body; personal answers never get a validator."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from experts.factories import UserFactory
from knowledge.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from portal.page_cache import CACHE_STATUS_HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study(site, home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, slug="case-studies")
    return CaseStudyPageFactory(parent=index, title="Haiphong inventory", slug="haiphong-inventory")


def revalidate(client: Client, path: str, method: str = "get", **headers):
    first = client.get(path)
    assert first.status_code == 200, path
    etag = first["ETag"]
    return first, getattr(client, method)(path, headers={"If-None-Match": etag, **headers})


def test_a_page_is_not_sent_again_while_the_readers_copy_is_current(client: Client, case_study):
    first, again = revalidate(client, "/en/case-studies/haiphong-inventory/")

    assert first["ETag"].startswith('W/"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    # The reader's copy keeps the policy whose nonce its script tags carry.
    assert not again.has_header("Content-Security-Policy")
    assert "Cookie" in again["Vary"]


def test_every_view_of_a_page_has_the_same_etag_though_its_nonce_changes(client: Client, case_study):
    views = [client.get("/en/case-studies/haiphong-inventory/") for _ in range(2)]

    nonces = {re.search(r"'nonce-([^']+)'", view["Content-Security-Policy"]).group(1) for view in views}
    assert len(nonces) == 2
    assert views[0]["ETag"] == views[1]["ETag"]


def test_head_is_validated_as_get_is(client: Client, case_study):
    _first, again = revalidate(client, "/en/case-studies/haiphong-inventory/", method="head")

    assert again.status_code == 304


def test_a_changed_page_is_sent_again(client: Client, case_study):
    first = client.get("/en/case-studies/haiphong-inventory/")
    case_study.title = "Haiphong inventory, second edition"
    case_study.save_revision().publish()

    again = client.get("/en/case-studies/haiphong-inventory/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert "second edition" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_each_language_is_validated_apart(client: Client, case_study):
    english = client.get("/en/case-studies/haiphong-inventory/")

    thai = client.get("/th/case-studies/haiphong-inventory/", headers={"If-None-Match": english["ETag"]})

    assert thai.status_code == 200
    assert thai["Content-Language"] == "th"
    assert thai["ETag"] != english["ETag"]


def test_a_cached_answer_is_validated_as_the_rendered_one(client: Client, case_study, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SECURE_SSL_REDIRECT = False
    cache.clear()
    with translation.override("en"):
        path = case_study.get_url()

    rendered = client.get(path)
    cached = client.get(path)
    again = client.get(path, headers={"If-None-Match": rendered["ETag"]})

    assert (rendered[CACHE_STATUS_HEADER], cached[CACHE_STATUS_HEADER]) == ("miss", "hit")
    assert cached["ETag"] == rendered["ETag"]
    assert again.status_code == 304
    cache.clear()


def test_signed_in_readers_get_no_validator(client: Client, case_study):
    anonymous = client.get("/en/case-studies/haiphong-inventory/")
    client.force_login(UserFactory())

    signed_in = client.get(
        "/en/case-studies/haiphong-inventory/", headers={"If-None-Match": anonymous["ETag"]}
    )

    assert signed_in.status_code == 200
    assert not signed_in.has_header("ETag")


def test_a_page_with_a_form_token_gets_no_validator(client: Client, site):
    response = client.get("/en/accounts/sign-in/")

    assert response.status_code == 200
    assert response.cookies, "the sign-in form hands out a CSRF cookie"
    assert not response.has_header("ETag")


def test_the_json_api_answers_304(client: Client, case_study, indexed):
    _first, again = revalidate(client, "/api/v1/knowledge?q=haiphong")

    assert again.status_code == 304


def test_feeds_answer_304(client: Client, case_study):
    _first, again = revalidate(client, "/en/case-studies/feed/")

    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "stamp"),
    [
        ("/en/case-studies/feed/", "Sun, 01 Mar 2026 09:30:00"),
        ("/en/case-studies/feed/atom/", "2026-03-01T09:30:00"),
    ],
)
def test_a_feed_without_dated_items_is_dated_by_its_section_not_the_clock(
    client: Client, site, home_page, path, stamp
):
    # Django dates such a feed "now", so its body and ETag changed every second and a feed reader
    # never got a 304 (a CI run caught the test above straddling a second).
    CaseStudyIndexPageFactory(
        parent=home_page, slug="case-studies", last_published_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    )

    body = client.get(path).content.decode()

    assert stamp in body


def test_an_events_calendar_file_is_the_same_until_the_event_changes(client: Client, home_page, site):
    index = EventIndexPageFactory(parent=home_page, slug="events")
    event = EventPageFactory(parent=index, slug="forum")
    # Published as editors and the demo publish (a revision): its file is dated by that. A page
    # made by code alone has no publication date and is dated by the clock (calendar_stamp), so
    # two reads a second apart differ (a CI run caught this test straddling a second).
    event.save_revision().publish()
    path = f"/en/events/{event.pk}/calendar.ics"

    first, again = revalidate(client, path)
    by_date = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})

    assert client.get(path).content == first.content
    assert again.status_code == 304
    assert by_date.status_code == 304
    event.title = "Forum, new dates"
    event.save_revision().publish()
    assert client.get(path, headers={"If-None-Match": first["ETag"]}).status_code == 200
