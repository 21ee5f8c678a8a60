"""Editors turn a suggested pair into a draft partnership in one step; nobody else can."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from experts.factories import AccountFactory, UserFactory
from knowledge.models import TwinningPartnership

pytestmark = pytest.mark.django_db

DRAFT_URL = "/en/twinning/draft/"
MATCH_URL = "/en/twinning/match/?city=phnom-penh&action=emissions-inventory"
SUGGESTION = {
    "mentor": "kitakyushu",
    "city": "phnom-penh",
    "action": ["emissions-inventory", "port-emission-controls"],
}


@pytest.fixture
def editor(site):
    user = get_user_model().objects.create_user("editor", "editor@example.org", "a-long-password-1")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_an_editor_creates_a_planned_partnership_and_lands_in_its_edit_view(editor_client):
    response = editor_client.post(DRAFT_URL, SUGGESTION)

    partnership = TwinningPartnership.objects.get(
        mentor_city__slug="kitakyushu", learning_city__slug="phnom-penh"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/snippets/knowledge/twinningpartnership/edit/{partnership.pk}/"
    assert partnership.status == TwinningPartnership.Status.PLANNED
    assert partnership.slug == "kitakyushu-phnom-penh"
    assert {a.slug for a in partnership.focus_actions.all()} == {
        "emissions-inventory",
        "port-emission-controls",
    }
    assert editor_client.get(response["Location"]).status_code == 200


def test_a_second_click_opens_the_existing_pair(editor_client):
    editor_client.post(DRAFT_URL, SUGGESTION)
    response = editor_client.post(DRAFT_URL, {**SUGGESTION, "action": ["emissions-inventory"]})

    assert response.status_code == 302
    assert TwinningPartnership.objects.filter(learning_city__slug="phnom-penh").count() == 1


def test_the_match_page_shows_the_button_to_editors_only(editor_client, client: Client):
    assert 'action="/en/twinning/draft/"' in editor_client.get(MATCH_URL).content.decode()
    assert 'action="/en/twinning/draft/"' not in client.get(MATCH_URL).content.decode()


def test_visitors_and_members_are_refused(site, client: Client):
    member = AccountFactory().user
    member_client = Client()
    member_client.force_login(member)
    staff_without_permission = UserFactory(is_staff=True)
    staff_client = Client()
    staff_client.force_login(staff_without_permission)

    for refused in (client, member_client, staff_client):
        assert refused.post(DRAFT_URL, SUGGESTION).status_code == 403
    assert not TwinningPartnership.objects.filter(learning_city__slug="phnom-penh").exists()


def test_the_button_is_csrf_protected(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(DRAFT_URL, SUGGESTION)

    assert response.status_code == 403
    assert not TwinningPartnership.objects.filter(learning_city__slug="phnom-penh").exists()


def test_only_post_creates(editor_client):
    assert editor_client.get(DRAFT_URL, SUGGESTION).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {**SUGGESTION, "mentor": "atlantis"},
        {**SUGGESTION, "mentor": "phnom-penh"},
        {**SUGGESTION, "city": "atlantis"},
        {**SUGGESTION, "action": ["teleportation"]},
    ],
)
def test_bad_suggestions_are_refused(editor_client, data):
    assert editor_client.post(DRAFT_URL, data).status_code == 400
    assert not TwinningPartnership.objects.filter(learning_city__slug="phnom-penh").exists()
