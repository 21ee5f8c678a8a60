"""An expert's profile has a Wagtail history: editors compare any two versions in words.

Versions come from an editor's save in the admin and from an approved change the expert proposed;
the comparison names fields as the form does (in the editor's language) and values as a reader
reads them, and lists only what changed.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone
from wagtail.users.models import UserProfile

from experts import services
from experts.factories import ExpertFactory, UserFactory, expert_user
from experts.models import Expert
from knowledge.models import City, Pollutant, Theme
from tests.experts.moderation import review_task

pytestmark = pytest.mark.django_db
INTERNALS = (
    "biography_vi",
    "biography_en",
    "None",
    "['",
    "&lt;p&gt;",
    "&lt;strong&gt;",
    "tl,",
    "hanoi",
    "mentor,",
)


@pytest.fixture
def editor(site):
    return UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def expert(site):
    return ExpertFactory(
        name="Maria Santos",
        skills=["CMAQ"],
        languages=["en"],
        availability=[],
        biography="<p>Runs <strong>Manila</strong> sensors.</p>",
    )


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def compare(client: Client, expert: Expert, first: int, second: int) -> dict[str, str]:
    """``{field label: the comparison's text}`` from Wagtail's revision comparison page."""
    url = f"/admin/snippets/experts/expert/history/{expert.pk}/revisions/compare/{first}...{second}/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(
        r'<div class="title-wrapper">(.*?):</div>\s*</td>\s*<td class="comparison[^"]*">(.*?)</td>',
        html,
        re.S,
    )
    return {label.strip(): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip() for label, body in rows}


def test_opening_a_profile_without_history_records_it_and_an_edit_compares_in_words(editor, expert):
    client = admin_client(editor)
    assert expert.latest_revision is None

    assert client.get(f"/admin/snippets/experts/expert/edit/{expert.pk}/").status_code == 200
    expert.refresh_from_db()
    first = expert.latest_revision
    assert first is not None and first.as_object().biography_en == expert.biography_en

    # An editor's change (as the admin form saves it) becomes the next version.
    expert.biography_vi = "<p>Vận hành <strong>mạng cảm biến</strong>.</p>"
    expert.languages = ["en", "tl"]
    expert.availability = ["mentor"]
    expert.city = City.objects.get(slug="bangkok")
    expert.save()
    expert.themes.set([Theme.objects.get(slug="clean-air-for-all")])
    second = expert.save_revision(user=editor)

    changes = compare(client, expert, first.pk, second.pk)

    assert set(changes) == {
        "Biography (Vietnamese)",
        "Languages spoken",
        "Availability",
        "City",
        "Themes",
    }, changes
    assert "Vận hành mạng cảm biến." in changes["Biography (Vietnamese)"]
    assert changes["Languages spoken"] == "English English, Tagalog"
    assert changes["Availability"] == "— Mentor a twinning"
    assert changes["City"] == "Hanoi Bangkok"
    assert changes["Themes"] == "— Clean air for all"
    text = " ".join(changes.values())
    for internal in INTERNALS:
        assert internal not in text, internal


def test_an_approved_change_is_a_version_written_by_the_expert(editor, expert):
    user = expert_user(expert)
    pm25 = Pollutant.objects.get(slug="pm25")
    services.submit_profile_revision(
        expert=expert,
        user=user,
        data={"skills": ["CMAQ", "WRF"], "pollutants": [pm25.slug], "position_th": "วิศวกรคุณภาพอากาศ"},
    )

    services.decide(task_state=review_task(expert), user=editor, action="approve")

    expert.refresh_from_db()
    before, after = expert.revisions.order_by("created_at", "pk")
    assert after.user == user and before.user is None
    assert expert.live_revision == after
    assert after.as_object().revision_expertise["pollutants"] == ["pm25"]
    assert list(expert.pollutants.all()) == [pm25]
    # The approval also dates the review.
    assert expert.last_reviewed == timezone.localdate()
    changes = compare(admin_client(editor), expert, before.pk, after.pk)
    assert set(changes) == {"Skills", "Pollutants", "Position (Thai)"}, changes
    assert changes["Skills"] == "CMAQ CMAQ, WRF"
    assert changes["Pollutants"] == f"— {pm25.name}"


def test_the_comparison_names_fields_in_the_editors_language(editor, expert):
    client = admin_client(editor)
    first = expert.save_revision(user=editor)
    expert.languages = ["en", "lo"]
    expert.save()
    second = expert.save_revision(user=editor)
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "th"
    profile.save()

    changes = compare(client, expert, first.pk, second.pk)

    ((label, text),) = changes.items()
    assert label != "Languages spoken" and "ภาษา" in label
    assert "ลาว" in text  # Lao, named in Thai


def test_the_migration_gives_every_existing_profile_its_first_version():
    migration = importlib.import_module("experts.migrations.0007_expert_revisions")
    expert = ExpertFactory(name="Imported Person", skills=["GIS"])
    expert.themes.set([Theme.objects.get(slug="clean-air-for-all")])
    assert expert.latest_revision is None

    migration.first_revisions(apps, None)

    expert.refresh_from_db()
    version = expert.latest_revision.as_object()
    assert version.name == "Imported Person" and version.skills == ["GIS"]
    assert version.biography_en == expert.biography_en
    assert version.revision_expertise["themes"] == ["clean-air-for-all"]
    # Run again (as a re-applied migration would), it adds nothing.
    migration.first_revisions(apps, None)
    assert expert.revisions.count() == 1
