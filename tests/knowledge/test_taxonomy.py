import pytest
from django.utils import translation

from knowledge.models import Action, City, Country, Pollutant, Sector, Theme

pytestmark = pytest.mark.django_db

SEEDED = {
    Theme: {
        "clean-air-for-all",
        "cities-for-a-sustainable-future",
        "raising-climate-ambition",
        "safeguarding-ecosystem-health",
    },
    Pollutant: {"pm25", "pm10", "no2", "o3", "so2", "co", "black-carbon", "methane-and-slcps"},
    Sector: {
        "road-transport",
        "shipping-and-ports",
        "industry",
        "power",
        "residential-cooking-and-heating",
        "commercial-cooking",
        "open-waste-burning",
        "agricultural-burning",
        "construction-dust",
    },
    Action: {
        "emissions-inventory",
        "air-quality-monitoring",
        "forecasting-and-early-warning",
        "source-apportionment",
        "clean-air-action-plan",
        "public-bike-sharing",
        "low-emission-zones",
        "port-emission-controls",
        "commercial-cooking-controls",
        "waste-burning-bans",
        "public-information-and-alerts",
    },
}


@pytest.mark.parametrize("model", list(SEEDED))
def test_vocabularies_are_seeded_with_exactly_the_public_slugs(model):
    assert set(model.objects.values_list("slug", flat=True)) == SEEDED[model]


def test_every_seeded_label_has_all_four_languages():
    for model in [*SEEDED, Country, City]:
        for term in model.objects.all():
            for suffix in ("en", "vi", "ind", "th"):
                assert getattr(term, f"name_{suffix}"), f"{model.__name__} {term.pk} lacks name_{suffix}"


def test_cities_are_seeded_with_country_and_coordinates():
    assert City.objects.count() == 36
    hanoi = City.objects.select_related("country").get(slug="hanoi")
    assert hanoi.country.code == "VN"
    assert (hanoi.latitude, hanoi.longitude) == (21.0285, 105.8542)
    assert City.objects.get(slug="philadelphia").country.code == "US"


def test_labels_follow_the_active_language():
    hanoi = City.objects.get(slug="hanoi")
    with translation.override("vi"):
        assert hanoi.name == "Hà Nội"
    with translation.override("th"):
        assert Action.objects.get(slug="emissions-inventory").name == "บัญชีการปล่อยมลพิษ"
    with translation.override("id"):
        assert Sector.objects.get(slug="shipping-and-ports").name == "Pelayaran dan pelabuhan"
