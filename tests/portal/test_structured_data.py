"""schema.org data on expert profiles, city pages and events (issue 21), read with extruct as a
search engine reads it: what it finds, not how the template spells it."""

import pytest
from django.test import Client
from extruct import extract

from experts.factories import AccountFactory, ExpertFactory, expert_user
from experts.models import ExpertStatus
from knowledge.factories import EventIndexPageFactory, EventPageFactory
from knowledge.models import City, Pollutant

pytestmark = pytest.mark.django_db


def _json_ld(client: Client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    return extract(response.content.decode(), base_url=f"http://testserver{path}", syntaxes=["json-ld"])[
        "json-ld"
    ]


def test_a_published_profile_is_a_person_with_public_fields_only(client: Client, site):
    ExpertFactory(
        name="Nguyễn Thị Lan",
        slug="nguyen-thi-lan",
        position="Head of air quality monitoring",
        organisation="Hanoi Department of Natural Resources and Environment",
        city=City.objects.get(slug="hanoi"),
        pollutants=[Pollutant.objects.get(slug="pm25")],
        languages=["vi", "en"],
        biography="<p>Runs the city's <strong>monitoring network</strong>.</p>",
        skills=["Low-cost sensor networks"],
        links=["https://example.org/lan"],
        public_fields=["biography"],
    )

    [person] = _json_ld(client, "/vi/experts/nguyen-thi-lan/")

    assert person["@type"] == "Person"
    assert person["name"] == "Nguyễn Thị Lan"
    assert person["url"] == "http://testserver/vi/experts/nguyen-thi-lan/"
    assert person["jobTitle"] == "Head of air quality monitoring"
    assert person["worksFor"] == {
        "@type": "Organization",
        "name": "Hanoi Department of Natural Resources and Environment",
    }
    assert person["workLocation"]["@type"] == "City"
    assert person["workLocation"]["containedInPlace"]["identifier"] == "VN"
    assert person["knowsAbout"] == ["Bụi mịn PM2.5"]  # in the language of the page
    assert person["description"] == "Runs the city's monitoring network."
    # Skills and links are members-only for this expert: not in the page's data either.
    assert "Low-cost sensor networks" not in str(person)
    assert "sameAs" not in person


def test_a_member_viewing_a_profile_does_not_widen_its_structured_data(client: Client, site):
    expert = ExpertFactory(name="Member Only Skills", skills=["Dispersion modelling"], public_fields=[])
    client.force_login(AccountFactory().user)

    html = client.get(expert.get_absolute_url()).content.decode()
    [person] = extract(html, syntaxes=["json-ld"])["json-ld"]

    assert "Dispersion modelling" in html  # the member sees it on the page …
    assert "Dispersion modelling" not in str(person)  # … but it is not published as data


def test_an_unpublished_profile_has_no_structured_data(client: Client, site):
    expert = ExpertFactory(name="Draft Owner", status=ExpertStatus.DRAFT)
    client.force_login(expert_user(expert))
    response = client.get(expert.get_absolute_url())

    assert response.status_code == 200
    assert extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"] == []


def test_a_city_page_is_a_place_in_its_country_with_coordinates(client: Client, site):
    city = City.objects.select_related("country").get(slug="bangkok")

    [data] = _json_ld(client, "/th/cities/bangkok/")

    assert data["@type"] == "City"  # schema.org City is a Place (via AdministrativeArea)
    assert data["name"] == city.name_th
    assert data["url"] == "http://testserver/th/cities/bangkok/"
    assert data["containedInPlace"] == {"@type": "Country", "name": city.country.name_th, "identifier": "TH"}
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": city.latitude, "longitude": city.longitude}


def test_an_event_location_carries_a_postal_address_and_online_participation(client: Client, home_page):
    index = EventIndexPageFactory(parent=home_page)
    EventPageFactory(
        parent=index,
        slug="workshop",
        city=City.objects.get(slug="bangkok"),
        venue="United Nations Conference Centre",
        venue_en="United Nations Conference Centre",
        map_query="Ratchadamnoen Nok Avenue, Bangkok 10200",
        online_participation=True,
    )

    [event] = _json_ld(client, "/en/events/workshop/")

    venue, online = event["location"]
    assert event["@type"] == "Event"
    assert venue["@type"] == "Place"
    assert venue["name"] == "United Nations Conference Centre"
    assert venue["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Ratchadamnoen Nok Avenue, Bangkok 10200",
        "addressLocality": "Bangkok",
        "addressCountry": "TH",
    }
    assert online == {"@type": "VirtualLocation", "url": "http://testserver/en/events/workshop/"}
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
