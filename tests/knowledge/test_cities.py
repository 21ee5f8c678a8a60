"""City profiles (/<lang>/cities/<slug>/) and the city list with its country and level filters."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from knowledge.factories import (
    CaseStudyPageFactory,
    ForumReportPageFactory,
    TrainingMaterialPageFactory,
    translations,
)
from knowledge.models import CertificationLevel, CityCertification, TwinningPartnership
from tests.knowledge.helpers import query_count

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "vi", "id", "th")


def titles(stem: str) -> dict[str, str]:
    return {language: f"{stem} [{language}]" for language in LANGUAGES}


@pytest.fixture
def hanoi_items(case_study_index, training_index, forum_index, terms):
    """One of each kind of item for Hanoi, with titles in the four languages."""
    hanoi = terms["city"]["hanoi"]
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="hanoi-monitoring",
        city=hanoi,
        **translations("title", titles("Monitoring")),
    )
    TrainingMaterialPageFactory(
        parent=training_index,
        slug="inventory-course",
        city=terms["city"]["bangkok"],
        terms={"partner_cities": [hanoi]},
        **translations("title", titles("Inventory course")),
    )
    ForumReportPageFactory(
        parent=forum_index, slug="hanoi-forum", city=hanoi, **translations("title", titles("Forum"))
    )
    CityCertification.objects.create(
        city=hanoi,
        level=CertificationLevel.objects.get(slug="measuring"),
        awarded=date(2024, 3, 1),
        **translations("note", {"en": "Twelve reference stations", "vi": "Mười hai trạm tham chiếu"}),
    )
    ExpertFactory(name="Nguyễn Thị Lan", city=hanoi)
    ExpertFactory(name="Hidden Draft", city=hanoi, status=ExpertStatus.IN_REVIEW)
    TwinningPartnership.objects.create(
        slug="hanoi-kawasaki", mentor_city=terms["city"]["kawasaki"], learning_city=hanoi
    )
    return hanoi


@pytest.mark.parametrize("language", LANGUAGES)
def test_city_page_aggregates_its_items_in_each_language(client: Client, hanoi_items, language):
    response = client.get(f"/{language}/cities/hanoi/")
    html = response.content.decode()

    assert response.status_code == 200
    for stem in ("Monitoring", "Inventory course", "Forum"):
        assert f"{stem} [{language}]" in html
    assert "Nguyễn Thị Lan" in html
    assert "Hidden Draft" not in html
    assert f'href="/{language}/cities/kawasaki/"' in html  # the mentor city of its twinning
    assert "https://www.openstreetmap.org/?mlat=21.0285&amp;mlon=105.8542" in html
    # Coordinates keep the decimal point in every language: "21,0285, 105,8542" would be ambiguous.
    assert "21.0285, 105.8542" in html
    assert "expert1@example.net" not in html and "@example.net" not in html


def test_city_page_shows_the_certification_level_its_date_and_meaning(client: Client, hanoi_items):
    english = client.get("/en/cities/hanoi/").content.decode()
    vietnamese = client.get("/vi/cities/hanoi/").content.decode()

    assert "Level 2: Measuring" in english
    assert "March 1, 2024" in english
    assert "The city measures its air" in english
    assert "Twelve reference stations" in english
    assert "Đo lường" in vietnamese
    assert "Mười hai trạm tham chiếu" in vietnamese
    assert "1 tháng 3, 2024" in vietnamese
    assert "1 มีนาคม 2567 (2024)" in client.get("/th/cities/hanoi/").content.decode()


def test_city_page_query_count_does_not_grow_with_its_items(
    client: Client, django_assert_num_queries, case_study_index, training_index, forum_index, terms
):
    """Da Nang has one item of each kind, Hanoi many: both pages cost the same queries."""
    hanoi, da_nang = terms["city"]["hanoi"], terms["city"]["da-nang"]
    committed = CertificationLevel.objects.get(slug="committed")
    for city in (hanoi, da_nang):
        CaseStudyPageFactory(parent=case_study_index, city=city)
        TrainingMaterialPageFactory(parent=training_index, city=city)
        ForumReportPageFactory(parent=forum_index, city=city)
        ExpertFactory(city=city, actions=[terms["action"]["air-quality-monitoring"]])
        CityCertification.objects.create(city=city, level=committed, awarded=date(2022, 1, 1))
    TwinningPartnership.objects.create(slug="c", mentor_city=terms["city"]["seoul"], learning_city=da_nang)
    for _ in range(5):
        CaseStudyPageFactory(parent=case_study_index, city=hanoi)
        TrainingMaterialPageFactory(parent=training_index, terms={"partner_cities": [hanoi]})
        ForumReportPageFactory(parent=forum_index, city=hanoi)
        ExpertFactory(city=hanoi, actions=[terms["action"]["emissions-inventory"]])
    CityCertification.objects.create(
        city=hanoi, level=CertificationLevel.objects.get(slug="planning"), awarded=date(2025, 1, 1)
    )
    TwinningPartnership.objects.create(slug="a", mentor_city=terms["city"]["kawasaki"], learning_city=hanoi)
    TwinningPartnership.objects.create(slug="b", mentor_city=hanoi, learning_city=terms["city"]["vientiane"])

    one_each = query_count(client, "/en/cities/da-nang/")
    client.get("/en/cities/hanoi/")
    with django_assert_num_queries(one_each):
        client.get("/en/cities/hanoi/")


def test_imported_case_study_appears_on_its_city_page(client: Client, site, tmp_path):
    row = {
        "type": "case_study",
        "slug": "da-nang-monitoring",
        "city": "da-nang",
        "title": {
            "en": "Expanding the monitoring network in Da Nang",
            "vi": "Mở rộng mạng lưới quan trắc ở Đà Nẵng",
        },
    }
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_knowledge", str(path), stdout=StringIO(), stderr=StringIO())

    assert "Mở rộng mạng lưới quan trắc ở Đà Nẵng" in client.get("/vi/cities/da-nang/").content.decode()


def test_unknown_city_is_not_found(client: Client, site):
    assert client.get("/en/cities/atlantis/").status_code == 404


def test_city_list_filters_by_country_and_level(client: Client, site, terms):
    planning = CertificationLevel.objects.get(slug="planning")
    CityCertification.objects.create(
        city=terms["city"]["hanoi"],
        level=CertificationLevel.objects.get(slug="committed"),
        awarded=date(2021, 1, 1),
    )
    CityCertification.objects.create(city=terms["city"]["hanoi"], level=planning, awarded=date(2024, 1, 1))
    CityCertification.objects.create(city=terms["city"]["bangkok"], level=planning, awarded=date(2023, 1, 1))

    everything = client.get("/en/cities/").content.decode()
    vietnam = client.get("/en/cities/?country=vn").content.decode()
    planning_cities = client.get("/en/cities/?level=planning").content.decode()
    committed = client.get("/en/cities/?level=committed").content.decode()
    both = client.get("/en/cities/?country=TH&level=planning").content.decode()

    assert "Seoul" in everything and "Da Nang" in everything
    assert "Hanoi" in vietnam and "Da Nang" in vietnam and "Seoul" not in vietnam
    assert "Hanoi" in planning_cities and "Bangkok" in planning_cities and "Seoul" not in planning_cities
    # Hanoi has moved on from its first level: the filter matches the current level only.
    assert ">Hanoi<" not in committed
    assert "Bangkok" in both and ">Hanoi<" not in both


def test_city_list_reports_unknown_filters(client: Client, site):
    html = client.get("/en/cities/?country=XX&level=platinum").content.decode()

    assert "unknown filter country" in html
    assert "unknown filter level" in html
    assert "Seoul" in html


def test_cities_are_in_the_main_navigation(client: Client, site):
    assert 'href="/th/cities/"' in client.get("/th/cities/").content.decode()


def test_city_page_charts_the_results_of_its_case_studies(client: Client, case_study_index, terms):
    from decimal import Decimal

    indicator = {"indicator": "PM2.5", "unit": "µg/m³", "baseline": Decimal("40"), "baseline_year": 2018}
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="hanoi-clean-buses",
        city=terms["city"]["hanoi"],
        **translations("title", titles("Clean buses")),
        results_en=[("indicator", {**indicator, "result": Decimal("30"), "year": 2022})],
    )
    CaseStudyPageFactory(
        parent=case_study_index, slug="hanoi-no-numbers", city=terms["city"]["hanoi"], title="No numbers"
    )
    html = client.get("/en/cities/hanoi/").content.decode()
    assert "Results of these case studies" in html
    section = html.split('id="results-heading"')[1].split("</section>")[0]
    assert "Clean buses [en]" in section and "No numbers" not in section
    assert section.count('role="img"') == 1
    assert "PM2.5 fell 25 % from 2018 to 2022" in section
    # A city whose case studies carry no numbers shows no empty section.
    assert "Results of these case studies" not in client.get("/en/cities/da-nang/").content.decode()
