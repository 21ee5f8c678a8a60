"""Event pages: the index (upcoming first, past archived), registration, and who sees the
online connection details (only registered participants, never pages, feeds, sitemap or search)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from experts.accounts.models import AccountStatus
from experts.factories import AccountFactory, UserFactory
from knowledge.factories import EventPageFactory, translations
from knowledge.models import EventPage, EventRegistration

pytestmark = pytest.mark.django_db

SECRET_URL = "https://meet.example.org/j/9988776655"
SECRET_ID = "998 877 6655"
SECRET_PASSCODE = "clean-air-7731"
SECRETS = (SECRET_URL, SECRET_ID, SECRET_PASSCODE, "9988776655")


@pytest.fixture
def workshop(event_index, terms):
    return EventPageFactory(
        parent=event_index,
        slug="regional-workshop",
        city=terms["city"]["bangkok"],
        start=datetime(2031, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Bangkok")),
        end=datetime(2031, 12, 2, 17, 0, tzinfo=ZoneInfo("Asia/Bangkok")),
        venue_latitude=13.7587,
        venue_longitude=100.5119,
        online_participation=True,
        online_url=SECRET_URL,
        online_meeting_id=SECRET_ID,
        online_passcode=SECRET_PASSCODE,
        interpretation_languages="vi, id, th",
        organisers="UN ESCAP",
        **translations(
            "title",
            {
                "en": "Regional workshop",
                "vi": "Hội thảo khu vực",
                "id": "Lokakarya regional",
                "th": "การประชุมเชิงปฏิบัติการระดับภูมิภาค",
            },
        ),
        **translations("summary", {"en": "City action plans"}),
    )


@pytest.fixture
def member():
    return AccountFactory(preferred_language="vi").user


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_event_page_shows_its_facts_in_its_own_time_zone(client: Client, workshop):
    html = client.get("/en/events/regional-workshop/").content.decode()

    assert 'datetime="2031-12-02T09:00:00+07:00"' in html
    assert "time zone: Asia/Bangkok" in html
    assert "https://www.openstreetmap.org/?mlat=13.7587&amp;mlon=100.5119" in html
    assert "Vietnamese" in html and "Thai" in html and "Indonesian" in html
    assert "UN ESCAP" in html
    assert "Workshop" in html


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("en", 'Dec. 2, 2031, 9 a.m.</time> – <time datetime="2031-12-02T17:00:00+07:00">5 p.m.'),
        ("vi", '09:00, 2 tháng 12, 2031</time> – <time datetime="2031-12-02T17:00:00+07:00">17:00'),
        ("id", '2 Desember 2031, 09.00</time> – <time datetime="2031-12-02T17:00:00+07:00">17.00'),
        ("th", '2 ธันวาคม 2574 (2031), 09:00</time> – <time datetime="2031-12-02T17:00:00+07:00">17:00'),
    ],
)
def test_event_times_are_written_as_the_reader_writes_them_with_zone_and_offset(
    client: Client, workshop, language, when
):
    html = client.get(f"/{language}/events/regional-workshop/").content.decode()

    assert when in html
    assert "Asia/Bangkok, UTC+07:00" in html


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_event_page_renders_in_each_language(client: Client, workshop, language):
    response = client.get(f"/{language}/events/regional-workshop/")

    assert response.status_code == 200
    assert workshop.available_languages() == ["en", "vi", "id", "th"]


def test_index_lists_upcoming_soonest_first_and_past_separately(client: Client, event_index):
    now = timezone.now()
    EventPageFactory(parent=event_index, title="Later", start=now + timedelta(days=60))
    EventPageFactory(parent=event_index, title="Sooner", start=now + timedelta(days=5))
    EventPageFactory(parent=event_index, title="Long ago", start=now - timedelta(days=90))
    EventPageFactory(
        parent=event_index, title="Ongoing", start=now - timedelta(hours=2), end=now + timedelta(hours=2)
    )

    html = client.get("/en/events/").content.decode()
    upcoming, past = html.split('id="past-heading"')

    assert upcoming.index("Ongoing") < upcoming.index("Sooner") < upcoming.index("Later")
    assert "Long ago" in past and "Long ago" not in upcoming


def test_events_are_in_the_main_navigation(client: Client, event_index):
    html = client.get("/vi/cities/").content.decode()

    assert 'href="/vi/events/"' in html
    assert html.count('href="/vi/events/"') == 1


def test_registration_requires_sign_in(client: Client, workshop):
    response = client.post("/en/events/regional-workshop/register/", {"language": "en"})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/sign-in/?next=")
    assert not EventRegistration.objects.exists()


def test_registration_requires_an_approved_membership(client: Client, workshop):
    pending = AccountFactory(status=AccountStatus.PENDING).user
    client.force_login(pending)

    client.post("/en/events/regional-workshop/register/", {"language": "en"})

    assert not EventRegistration.objects.exists()


def test_a_member_registers_once_in_their_language(client: Client, workshop, member):
    client.force_login(member)

    client.post("/en/events/regional-workshop/register/")
    client.post("/en/events/regional-workshop/register/")

    registration = EventRegistration.objects.get()
    assert (registration.event_id, registration.user_id, registration.language) == (
        workshop.pk,
        member.pk,
        "vi",
    )
    assert registration.reminder_sent_at is None


def test_the_language_chosen_in_the_form_is_kept(client: Client, workshop, member):
    client.force_login(member)

    client.post("/en/events/regional-workshop/register/", {"language": "th"})

    assert EventRegistration.objects.get().reminder_language == "th"


def test_registration_closes_after_the_event(client: Client, event_index, member):
    EventPageFactory(parent=event_index, slug="past", start=timezone.now() - timedelta(days=3))
    client.force_login(member)

    client.post("/en/events/past/register/")

    assert not EventRegistration.objects.exists()


def test_connection_details_are_shown_to_registered_participants_only(client: Client, workshop, member):
    assert_no_secrets(client.get("/en/events/regional-workshop/").content.decode())

    client.force_login(member)
    not_yet = client.get("/en/events/regional-workshop/")
    assert_no_secrets(not_yet.content.decode())
    assert 'action="/en/events/regional-workshop/register/"' in not_yet.content.decode()

    client.post("/en/events/regional-workshop/register/")
    registered = client.get("/en/events/regional-workshop/")

    html = registered.content.decode()
    assert SECRET_URL in html and SECRET_ID in html and SECRET_PASSCODE in html
    assert "no-cache" in registered["Cache-Control"] and "private" in registered["Cache-Control"]


def test_another_members_registration_reveals_nothing_to_them(client: Client, workshop, member):
    EventRegistration.objects.create(event=workshop, user=member, language="vi")
    client.force_login(AccountFactory().user)

    assert_no_secrets(client.get("/en/events/regional-workshop/").content.decode())


def test_cancelling_a_registration_hides_the_details_again(client: Client, workshop, member):
    EventRegistration.objects.create(event=workshop, user=member, language="vi")
    client.force_login(member)

    client.post("/en/events/regional-workshop/cancel-registration/")

    assert not EventRegistration.objects.exists()
    assert_no_secrets(client.get("/en/events/regional-workshop/").content.decode())


def test_connection_details_stay_out_of_feeds_sitemap_and_search(client: Client, workshop, member):
    EventRegistration.objects.create(event=workshop, user=member, language="vi")

    for url in ("/en/events/feed/", "/en/events/feed/atom/", "/sitemap.xml", "/en/events/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secrets(response.content.decode())
    assert "/en/events/regional-workshop/" in client.get("/sitemap.xml").content.decode()
    indexed = {field.field_name for field in EventPage.get_search_fields()}
    assert not indexed & {"online_url", "online_meeting_id", "online_passcode"}


def test_editors_export_the_registration_list_as_csv(client: Client, workshop, member):
    EventRegistration.objects.create(event=workshop, user=member, language="vi")
    admin = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get("/admin/snippets/knowledge/eventregistration/?export=csv")

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Regional workshop" in body
    assert member.email in body
    assert ",vi," in body


def test_end_before_start_is_rejected(workshop):
    from django.core.exceptions import ValidationError

    workshop.end = workshop.start - timedelta(hours=1)
    with pytest.raises(ValidationError):
        workshop.full_clean()


def test_registrations_are_part_of_a_members_data_export(workshop, member):
    from experts.services import export_personal_data

    EventRegistration.objects.create(event=workshop, user=member, language="vi")

    (exported,) = export_personal_data(user=member)["event_registrations"]
    assert exported["event"] == "Regional workshop" and exported["language"] == "vi"
