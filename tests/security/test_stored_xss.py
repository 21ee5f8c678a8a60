"""Stored XSS: markup written by experts, members, focal points and editors into any field is shown
as text (or removed, for biographies) in every place it appears: public pages, search results and
highlights, the API, e-mails and the admin.

Each test also checks that the payload's escaped form is on the page, so a field that stops being
rendered fails the test instead of passing it silently.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from experts.accounts.models import Account
from experts.factories import DEFAULT_PASSWORD
from experts.models import ContactMessage, Expert
from knowledge.factories import (
    CaseStudyPageFactory,
    EventPageFactory,
    TwinningActionItemFactory,
    TwinningPartnershipFactory,
)
from knowledge.models import City, Theme
from tests.experts.moderation import compare_url, decide
from tests.security.conftest import logged_in

# Saved objects go through a fresh search index (tests/conftest.py), as the pages read from it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed")]

PAYLOAD = "Xss<script>pwn(1)</script>\"'><img src=x onerror=pwn(2)><svg onload=pwn(3)>"
# What a browser would run if the payload reached the page unescaped.
LIVE = ("<script>pwn", "<img src=x onerror", "<svg onload")
# Inside a tag: the same words in text (a biography that quotes HTML, shown escaped) run nothing.
SCRIPT_URL = re.compile(r"""<[^<>]*\b(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
ESCAPED = "Xss&lt;script&gt;pwn(1)&lt;/script&gt;"


def assert_inert(html: str, where: str, *, shown: bool = True) -> None:
    for marker in LIVE:
        assert marker not in html, f"{marker!r} is live on {where}"
    assert not SCRIPT_URL.search(html), f"a javascript: link is live on {where}"
    if shown:
        assert ESCAPED in html, f"the payload is not shown (escaped) on {where}"


def marked(label: str) -> str:
    """The payload behind a searchable word, so each field can be found and told apart."""
    return f"{label} {PAYLOAD}"


@pytest.fixture
def hostile_expert(own_expert, terms, editor) -> Expert:
    """An expert who wrote the payload into every field of the profile form, approved by an editor."""
    client = logged_in(own_expert.user)
    response = client.post(
        "/en/accounts/profile/",
        {
            "position_en": marked("position"),
            "organisation_en": marked("organisation"),
            # The biography box takes text with light marks: typed HTML and a marked-up
            # javascript: link must both stay text.
            "biography_en": f'<p>biography</p>{PAYLOAD}<a href="javascript:pwn(4)">x</a> [y](javascript:pwn(7))',
            "organisation_type": "academia",
            "city": "hanoi",
            "actions": ["emissions-inventory"],
            "skills": marked("skill"),
            "links": "https://example.org/publications",
            "languages": ["en"],
            "public_fields": ["biography", "skills", "links", "nominated_by"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert_inert(logged_in(editor).get(compare_url(own_expert)).content.decode(), "the revision")
    assert_inert(
        logged_in(editor).get(f"/admin/snippets/experts/expert/edit/{own_expert.pk}/").content.decode(),
        "the draft in the admin",
    )
    decide(logged_in(editor), own_expert, "approve")
    own_expert.refresh_from_db()
    # Editors write the name, the nominating body and links in the admin; the model takes them as they come.
    own_expert.name = marked("Hostile")
    own_expert.nominated_by = marked("nominator")
    own_expert.links = [*own_expert.links, "javascript:pwn(5)", "JaVaScRiPt:pwn(6)"]
    own_expert.save()
    return own_expert


def test_a_hostile_profile_is_text_on_every_public_page(hostile_expert, member, client: Client):
    assert hostile_expert.position_en == marked("position")
    member_client = logged_in(member)
    pages = {
        "profile (visitor)": client.get(hostile_expert.get_absolute_url()),
        "profile (member)": member_client.get(hostile_expert.get_absolute_url()),
        "profile (owner)": logged_in(hostile_expert.user).get(hostile_expert.get_absolute_url()),
        "directory (visitor)": client.get("/en/experts/"),
        "directory (member)": member_client.get("/en/experts/", {"action": "emissions-inventory"}),
        "profile editor": logged_in(hostile_expert.user).get("/en/accounts/profile/"),
        "account page": logged_in(hostile_expert.user).get("/en/accounts/"),
        "city page": client.get("/en/cities/hanoi/"),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where, shown=where != "account page")
    profile = pages["profile (member)"].content.decode()
    assert 'href="https://example.org/publications"' in profile
    assert "pwn(5)" not in profile and "pwn(6)" not in profile  # javascript: links are not shown at all
    # The biography's typed tag and marked-up javascript: link are shown as the text typed, never as
    # links (assert_inert found no javascript: inside a tag).
    assert '&lt;a href="javascript:pwn(4)"&gt;x&lt;/a&gt;' in profile
    assert "[y](javascript:pwn(7))" in profile


def test_a_hostile_profile_is_text_in_search_results_highlights_and_the_api(hostile_expert, client: Client):
    for query in ("Hostile", "biography", "position"):
        page = client.get("/en/search/", {"q": query, "scope": "experts"})
        assert_inert(page.content.decode(), f"search page for {query}", shown=query != "biography")
        api = client.get("/api/v1/experts", {"q": query})
        body = api.json()
        assert body["count"] == 1, query
        for snippet in body["results"][0]["highlights"].values():
            # Highlights are HTML meant for a page: escaped text with <mark> only.
            assert_inert(snippet, f"API highlight for {query}", shown=False)
            assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_a_hostile_profile_is_text_in_the_admin(hostile_expert, editor):
    client = logged_in(editor)
    for where, url in {
        "experts listing": "/admin/snippets/experts/expert/",
        "expert editor": f"/admin/snippets/experts/expert/edit/{hostile_expert.pk}/",
        "moderation queue": "/admin/expert-moderation/",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where, shown=where != "moderation queue")


def test_a_hostile_membership_request_is_text_for_the_editor(client: Client, editor):
    response = client.post(
        "/en/accounts/join/",
        {
            "full_name": marked("Requester"),
            "email": "requester@example.org",
            "organisation": marked("organisation"),
            "position": marked("position"),
            "city": "hanoi",
            "preferred_language": "en",
            "password1": "Requesting-access-2026",
            "password2": "Requesting-access-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    account = Account.objects.get(user__email="requester@example.org")
    admin = logged_in(editor)

    assert_inert(admin.get("/admin/expert-moderation/").content.decode(), "the moderation queue")
    assert_inert(admin.get("/admin/snippets/experts/account/").content.decode(), "the accounts listing")
    assert_inert(
        admin.get(f"/admin/snippets/experts/account/edit/{account.pk}/").content.decode(),
        "the account editor",
    )


def test_a_hostile_nomination_is_text_for_the_focal_point_and_the_editor(focal_point, editor):
    client = logged_in(focal_point)
    response = client.post(
        "/en/accounts/nominate/",
        {
            "name": marked("Nominee"),
            "email": "nominee@example.net",
            "organisation": marked("organisation"),
            "organisation_type": "academia",
            "city": "hanoi",
            "themes": [],
            "actions": ["emissions-inventory"],
            "reason": marked("reason"),
            "language": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]

    assert_inert(client.get("/en/accounts/nominate/").content.decode(), "the focal point's nominations")
    admin = logged_in(editor)
    assert_inert(admin.get("/admin/expert-moderation/").content.decode(), "the moderation queue")
    assert_inert(admin.get("/admin/snippets/experts/nomination/").content.decode(), "the nominations listing")


def test_a_hostile_contact_message_reaches_the_expert_as_plain_text(member, other_expert):
    response = logged_in(member).post(
        f"/en/experts/{other_expert.slug}/contact/", {"subject": marked("subject"), "body": marked("body")}
    )
    assert response.status_code == 302
    assert ContactMessage.objects.filter(expert=other_expert).exists()

    message = mail.outbox[-1]
    assert PAYLOAD in message.body  # plain text: shown as typed, never interpreted
    assert "\n" not in message.subject and "\r" not in message.subject
    assert not getattr(message, "alternatives", [])  # no HTML part to run it in
    export = logged_in(member).get("/en/accounts/my-data/")
    # The data download is a JSON attachment browsers never render as a page (and never sniff).
    assert export["Content-Type"].startswith("application/json")
    assert export["Content-Disposition"].startswith("attachment")
    assert export["X-Content-Type-Options"] == "nosniff"
    assert "onerror=pwn(2)" in export.content.decode()


@pytest.fixture
def hostile_taxonomy(terms):
    theme = Theme.objects.get(slug="clean-air-for-all")
    theme.name_en = marked("Theme")
    theme.save()
    city = City.objects.get(slug="hanoi")
    city.name_en = marked("Hanoi")
    city.save()
    return theme, city


def test_hostile_taxonomy_labels_and_page_fields_are_text_everywhere(
    hostile_taxonomy, case_study_index, event_index, editor, client: Client
):
    theme, city = hostile_taxonomy
    page = CaseStudyPageFactory(
        parent=case_study_index,
        slug="hostile-case",
        title=marked("Title"),
        summary=marked("Summary"),
        city=city,
        terms={"themes": [theme]},
    )
    event = EventPageFactory(parent=event_index, slug="hostile-event", venue=marked("Venue"), city=city)
    pair = TwinningPartnershipFactory(slug="hostile-pair", learning_city=city, summary=marked("Summary"))
    TwinningActionItemFactory(partnership=pair, title=marked("Item"), description=marked("Description"))
    pages = {
        "case study": page.url,
        "case study index": "/en/case-studies/",
        "filtered index": "/en/case-studies/?theme=clean-air-for-all",
        "event": event.url,
        "twinning list": "/en/twinning/",
        "twinning pair": "/en/twinning/hostile-pair/",
        "twinning match": "/en/twinning/match/?city=hanoi&action=emissions-inventory",
        "cities": "/en/cities/",
        "city": "/en/cities/hanoi/",
        "search": "/en/search/?q=Title",
        "search facets": "/en/search/?q=Title&theme=clean-air-for-all",
        "feed": "/en/case-studies/feed/",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where, shown=where != "feed")
    admin = logged_in(editor)
    for where, url in {
        "page editor": f"/admin/pages/{page.pk}/edit/",
        "explorer": f"/admin/pages/{case_study_index.pk}/",
        "twinning snippets": "/admin/snippets/knowledge/twinningpartnership/",
    }.items():
        response = admin.get(url)
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where)


def test_the_feed_escapes_hostile_titles(hostile_taxonomy, case_study_index, client: Client):
    CaseStudyPageFactory(parent=case_study_index, slug="hostile-feed", title=marked("Title"))

    feed = client.get("/en/case-studies/feed/").content.decode()

    assert "<script>pwn" not in feed
    assert "&lt;script&gt;pwn(1)" in feed


def test_a_signed_in_expert_cannot_store_markup_through_the_sign_in_next(client: Client, member):
    # The `next` of an attempt is stored; it comes back as a Location header, never as markup.
    response = client.post(
        "/en/accounts/sign-in/",
        {"email": "member@example.org", "password": DEFAULT_PASSWORD, "next": f"/en/?q={PAYLOAD}"},
    )
    assert response.status_code == 302
    assert_inert(client.get("/en/accounts/sign-in/sent/").content.decode(), "sign-in sent", shown=False)
