"""Editors find the vocabulary under one "Taxonomy" menu and manage twinning partnerships."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from experts.factories import ExpertFactory
from knowledge.models import Action, TwinningPartnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(site) -> Client:
    user = get_user_model().objects.create_user("editor", "editor@example.org", "a-long-password-1")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def test_the_five_known_pairs_are_seeded():
    pairs = {
        (p.mentor_city.slug, p.learning_city.slug): {a.slug for a in p.focus_actions.all()}
        for p in TwinningPartnership.objects.all()
    }

    assert pairs == {
        ("kitakyushu", "haiphong"): {"emissions-inventory", "port-emission-controls"},
        ("taipei", "pasig"): {"public-bike-sharing"},
        ("san-diego", "bangkok"): {"emissions-inventory"},
        ("san-jose", "taichung"): set(),
        ("philadelphia", "kaohsiung"): set(),
    }
    assert TwinningPartnership.objects.get(slug="kitakyushu-haiphong").summary_th


def test_taxonomy_menu_groups_the_vocabulary_snippets(editor_client):
    html = editor_client.get("/admin/").content.decode()

    assert "Taxonomy" in html
    for path in ("theme", "pollutant", "sector", "action", "country", "city", "twinningpartnership"):
        assert editor_client.get(f"/admin/snippets/knowledge/{path}/").status_code == 200


def test_an_editor_adds_a_twinning_partnership(editor_client):
    response = editor_client.post(
        "/admin/snippets/knowledge/twinningpartnership/add/",
        {
            "mentor_city": TwinningPartnership.objects.get(slug="pasig-taipei").mentor_city_id,
            "learning_city": TwinningPartnership.objects.get(slug="bangkok-san-diego").learning_city_id,
            "slug": "taipei-bangkok",
            "focus_actions": [Action.objects.get(slug="public-bike-sharing").pk],
            "start_year": "2024",
            "status": "planned",
            "summary_en": "Bike sharing for Bangkok.",
            "summary_th": "จักรยานสาธารณะสำหรับกรุงเทพฯ",
            # The admin form always sends the (empty) action list and documents stream.
            "action_items-TOTAL_FORMS": "0",
            "action_items-INITIAL_FORMS": "0",
            "action_items-MIN_NUM_FORMS": "0",
            "action_items-MAX_NUM_FORMS": "1000",
            "documents-count": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    partnership = TwinningPartnership.objects.get(slug="taipei-bangkok")
    assert str(partnership) == "Taipei – Bangkok"
    assert partnership.summary_th == "จักรยานสาธารณะสำหรับกรุงเทพฯ"


def test_an_editor_adds_an_action_item_with_milestones_and_experts(editor_client):
    partnership = TwinningPartnership.objects.get(slug="pasig-taipei")
    expert = ExpertFactory(name="Bike Mentor")
    edit_url = f"/admin/snippets/knowledge/twinningpartnership/edit/{partnership.pk}/"
    form = editor_client.get(edit_url).content.decode()
    for suffix in ("en", "vi", "ind", "th"):
        assert f"action_items-__prefix__-title_{suffix}" in form
        assert f"action_items-__prefix__-description_{suffix}" in form

    data = nested_form_data(
        {
            "mentor_city": partnership.mentor_city_id,
            "learning_city": partnership.learning_city_id,
            "slug": partnership.slug,
            "start_year": "2015",
            "status": "active",
            "summary_en": partnership.summary_en,
            "documents": streamfield([]),
            "action_items": inline_formset(
                [
                    {
                        "action": Action.objects.get(slug="public-bike-sharing").pk,
                        "title_en": "Station plan",
                        "title_th": "แผนสถานี",
                        "description_en": "Where the first stations go.",
                        "status": "in_progress",
                        "is_published": "on",
                        "milestones": streamfield(
                            [
                                (
                                    "milestone",
                                    {"date": "2016-05-01", "status": "done", "note_en": "Sites surveyed"},
                                )
                            ]
                        ),
                    }
                ]
            ),
        }
    )
    # nested_form_data would spread a list over numbered keys; a multiple select sends repeats.
    data["focus_actions"] = [a.pk for a in partnership.focus_actions.all()]
    data["experts"] = [expert.pk]
    response = editor_client.post(edit_url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    item = partnership.action_items.get()
    assert item.title_th == "แผนสถานี" and item.is_published
    assert item.milestones[0].value["note_en"] == "Sites surveyed"
    saved = TwinningPartnership.objects.get(pk=partnership.pk)
    assert list(saved.experts.all()) == [expert]
    assert [a.slug for a in saved.focus_actions.all()] == ["public-bike-sharing"]


def test_editors_manage_certifications_and_see_registrations(editor_client: Client, event_index):
    from datetime import date

    from experts.factories import AccountFactory
    from knowledge.factories import EventPageFactory
    from knowledge.models import CertificationLevel, City, CityCertification, EventRegistration

    CityCertification.objects.create(
        city=City.objects.get(slug="hanoi"),
        level=CertificationLevel.objects.get(slug="planning"),
        awarded=date(2024, 1, 1),
    )
    member = AccountFactory().user
    EventRegistration.objects.create(event=EventPageFactory(parent=event_index), user=member, language="th")

    levels = editor_client.get("/admin/snippets/knowledge/certificationlevel/")
    certifications = editor_client.get("/admin/snippets/knowledge/citycertification/")
    new_certification = editor_client.get("/admin/snippets/knowledge/citycertification/add/")
    registrations = editor_client.get("/admin/snippets/knowledge/eventregistration/")

    assert levels.status_code == 200 and "Leading" in levels.content.decode()
    assert certifications.status_code == 200 and "Hanoi" in certifications.content.decode()
    assert new_certification.status_code == 200 and 'name="note_vi"' in new_certification.content.decode()
    assert registrations.status_code == 200 and member.email in registrations.content.decode()
