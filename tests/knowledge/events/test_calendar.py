"""The events' .ics files: the event's own time zone, and connection details only for registrants."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from experts.factories import AccountFactory
from knowledge.events.calendar import fold
from knowledge.factories import EventPageFactory, translations
from knowledge.models import EventRegistration

pytestmark = pytest.mark.django_db

PASSCODE = "ics-secret-4412"


@pytest.fixture
def forum(event_index):
    return EventPageFactory(
        parent=event_index,
        slug="seoul-forum",
        timezone="Asia/Seoul",
        start=datetime(2031, 9, 4, 9, 30, tzinfo=ZoneInfo("Asia/Seoul")),
        end=datetime(2031, 9, 5, 17, 0, tzinfo=ZoneInfo("Asia/Seoul")),
        online_participation=True,
        online_url="https://meet.example.org/seoul",
        online_passcode=PASSCODE,
        venue_latitude=37.5665,
        venue_longitude=126.978,
        **translations("title", {"en": "Seoul forum, air quality", "vi": "Diễn đàn Seoul"}),
        **translations("venue", {"en": "Seoul City Hall; Grand Hall"}),
    )


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_event_page_links_its_calendar_file(client: Client, forum):
    html = client.get("/en/events/seoul-forum/").content.decode()

    assert f'href="/en/events/{forum.pk}/calendar.ics"' in html


def test_calendar_file_carries_the_event_time_zone(client: Client, forum):
    response = client.get(f"/en/events/{forum.pk}/calendar.ics")
    text = unfold(response.content.decode())

    assert response["Content-Type"].startswith("text/calendar")
    assert "DTSTART;TZID=Asia/Seoul:20310904T093000" in text
    assert "DTEND;TZID=Asia/Seoul:20310905T170000" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Seoul" in text
    assert "TZOFFSETTO:+0900" in text
    assert "SUMMARY:Seoul forum\\, air quality" in text
    assert "LOCATION:Seoul City Hall\\; Grand Hall" in text
    assert "URL:http" in text and "/en/events/seoul-forum/" in text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_calendar_file_follows_the_readers_language(client: Client, forum):
    text = unfold(client.get(f"/vi/events/{forum.pk}/calendar.ics").content.decode())

    assert "SUMMARY:Diễn đàn Seoul" in text
    assert "/vi/events/seoul-forum/" in text


def test_a_daylight_saving_change_during_the_event_falls_back_to_utc(client: Client, event_index):
    sydney = ZoneInfo("Australia/Sydney")
    event = EventPageFactory(
        parent=event_index,
        timezone="Australia/Sydney",
        start=datetime(2031, 4, 5, 20, 0, tzinfo=sydney),  # +11:00, before the clocks go back
        end=datetime(2031, 4, 6, 10, 0, tzinfo=sydney),  # +10:00
    )

    text = client.get(f"/en/events/{event.pk}/calendar.ics").content.decode()

    assert "DTSTART:20310405T090000Z" in text
    assert "DTEND:20310406T000000Z" in text


def test_public_calendar_never_has_connection_details(client: Client, forum):
    member = AccountFactory().user
    EventRegistration.objects.create(event=forum, user=member)
    client.force_login(member)

    text = unfold(client.get(f"/en/events/{forum.pk}/calendar.ics").content.decode())

    assert PASSCODE not in text and "meet.example.org" not in text


def test_personal_calendar_is_for_registrants_only(client: Client, forum):
    assert client.get(f"/en/events/{forum.pk}/my-calendar.ics").status_code == 302

    stranger = AccountFactory().user
    client.force_login(stranger)
    assert client.get(f"/en/events/{forum.pk}/my-calendar.ics").status_code == 404

    participant = AccountFactory().user
    EventRegistration.objects.create(event=forum, user=participant)
    client.force_login(participant)
    response = client.get(f"/en/events/{forum.pk}/my-calendar.ics")
    text = unfold(response.content.decode())

    assert PASSCODE in text and "https://meet.example.org/seoul" in text
    assert "no-store" in response["Cache-Control"]


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "การประชุมเชิงปฏิบัติการระดับภูมิภาค" * 3

    folded = fold(line)

    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_every_event_is_in_one_calendar_to_subscribe_to(client: Client, forum, event_index):
    EventPageFactory(
        parent=event_index,
        slug="hanoi-workshop",
        timezone="Asia/Ho_Chi_Minh",
        start=datetime(2031, 11, 2, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        end=datetime(2031, 11, 2, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        **translations("title", {"en": "Hanoi workshop"}),
    )

    index_html = client.get("/en/events/").content.decode()
    response = client.get("/en/events/calendar.ics")
    text = unfold(response.content.decode())

    assert 'href="/en/events/calendar.ics"' in index_html
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.count("BEGIN:VEVENT") == 2
    # Seoul 09:30 (UTC+9) and Hanoi 08:00 (UTC+7), as instants.
    assert "DTSTART:20310904T003000Z" in text
    assert "DTSTART:20311102T010000Z" in text
    assert "SUMMARY:Hanoi workshop" in text
    assert PASSCODE not in text and "meet.example.org" not in text
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))
    again = client.get("/en/events/calendar.ics", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_the_calendar_to_subscribe_to_follows_the_language(client: Client, forum):
    text = unfold(client.get("/vi/events/calendar.ics").content.decode())

    assert "SUMMARY:Diễn đàn Seoul" in text
    assert "X-WR-CALNAME:Sự kiện · " in text
