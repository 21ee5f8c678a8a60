"""Turning a past event into a draft forum report in one step, keeping its facts."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from experts.factories import UserFactory
from knowledge.events import services as event_services
from knowledge.factories import EventPageFactory, translations
from knowledge.models import ForumReportPage

pytestmark = pytest.mark.django_db

TITLES = {
    "en": "Regional workshop on city action plans",
    "vi": "Hội thảo khu vực về kế hoạch hành động",
    "id": "Lokakarya regional rencana aksi kota",
    "th": "การประชุมเชิงปฏิบัติการระดับภูมิภาค",
}


@pytest.fixture
def past_workshop(event_index, forum_index, terms):
    bangkok = ZoneInfo("Asia/Bangkok")
    return EventPageFactory(
        parent=event_index,
        slug="workshop-2022",
        start=datetime(2022, 12, 2, 9, 0, tzinfo=bangkok),
        end=datetime(2022, 12, 2, 17, 0, tzinfo=bangkok),
        timezone="Asia/Bangkok",
        city=terms["city"]["bangkok"],
        venue_latitude=13.7587,
        venue_longitude=100.5119,
        online_participation=True,
        online_url="https://meet.example.org/secret-room",
        online_passcode="do-not-copy",
        interpretation_languages="vi, id, th",
        terms={"themes": [terms["theme"]["clean-air-for-all"]], "partner_cities": [terms["city"]["hanoi"]]},
        **translations("title", TITLES),
        **translations("summary", {"en": "Plans compared", "vi": "So sánh các kế hoạch"}),
        **translations("venue", {"en": "UNCC Bangkok", "th": "ศูนย์การประชุมสหประชาชาติ"}),
        **translations("organisers", {"en": "UN ESCAP"}),
    )


@pytest.fixture
def editor(client: Client):
    user = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_conversion_creates_a_draft_report_with_the_events_facts(past_workshop, editor):
    report = event_services.convert_event_to_forum_report(event=past_workshop, user=editor)

    report = ForumReportPage.objects.get(pk=report.pk)
    assert not report.live and report.has_unpublished_changes
    assert report.get_parent().specific_class.__name__ == "ForumReportIndexPage"
    assert report.available_languages() == ["en", "vi", "id", "th"]
    assert (report.title_en, report.title_vi, report.title_ind, report.title_th) == tuple(TITLES.values())
    assert report.summary_vi == "So sánh các kế hoạch"
    assert (report.start, report.end, report.timezone) == (
        past_workshop.start,
        past_workshop.end,
        "Asia/Bangkok",
    )
    assert (report.venue_en, report.venue_th) == ("UNCC Bangkok", "ศูนย์การประชุมสหประชาชาติ")
    assert (report.venue_latitude, report.venue_longitude) == (13.7587, 100.5119)
    assert report.organisers_en == "UN ESCAP"
    assert report.interpretation_languages == "vi, id, th"
    assert report.city.slug == "bangkok" and report.year == 2022
    assert [city.slug for city in report.partner_cities.all()] == ["hanoi"]
    assert [theme.slug for theme in report.themes.all()] == ["clean-air-for-all"]
    assert report.from_event_id == past_workshop.pk
    assert report.latest_revision is not None
    assert "do-not-copy" not in str(report.latest_revision.content)


def test_converting_twice_returns_the_same_report(past_workshop, editor):
    first = event_services.convert_event_to_forum_report(event=past_workshop, user=editor)
    second = event_services.convert_event_to_forum_report(event=past_workshop, user=editor)

    assert first.pk == second.pk
    assert ForumReportPage.objects.count() == 1


def test_an_upcoming_event_cannot_be_converted(event_index, forum_index, editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        event_services.convert_event_to_forum_report(event=EventPageFactory(parent=event_index), user=editor)


def test_editor_converts_in_one_step_from_the_admin(client: Client, past_workshop, editor):
    edit_page = client.get(f"/admin/pages/{past_workshop.pk}/edit/").content.decode()
    assert f"/admin/events/{past_workshop.pk}/forum-report/" in edit_page

    response = client.post(f"/admin/events/{past_workshop.pk}/forum-report/")

    report = ForumReportPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{report.pk}/edit/"


def test_non_editors_cannot_convert(client: Client, past_workshop):
    client.force_login(UserFactory(email="someone@example.org", is_staff=True))

    assert client.post(f"/admin/events/{past_workshop.pk}/forum-report/").status_code in (302, 403)
    assert not ForumReportPage.objects.exists()


def test_the_event_page_links_its_published_report(client: Client, past_workshop, editor):
    report = event_services.convert_event_to_forum_report(event=past_workshop, user=editor)
    report.latest_revision.publish()

    html = client.get("/en/events/workshop-2022/").content.decode()

    assert 'href="/en/forum-reports/workshop-2022/"' in html
