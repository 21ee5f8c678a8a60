"""Editors find the vocabulary under one "Taxonomy" menu and manage twinning partnerships."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

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
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    partnership = TwinningPartnership.objects.get(slug="taipei-bangkok")
    assert str(partnership) == "Taipei – Bangkok"
    assert partnership.summary_th == "จักรยานสาธารณะสำหรับกรุงเทพฯ"


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
