"""A directory API request reads vocabularies and picks from the cache, and still sees every change at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from experts.factories import ExpertFactory
from knowledge.models import Theme
from portal.models import SearchPick
from portal.search.models import SearchQueryLog
from portal.search.requests import get_spec

pytestmark = pytest.mark.django_db
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL synchronous_commit")


@pytest.fixture
def experts(terms):
    city = terms["city"]
    return {
        "lan": ExpertFactory(
            name="Trần Thị Lan",
            city=city["hanoi"],
            biography="<p>Air quality monitoring in Hà Nội.</p>",
            themes=[terms["theme"][next(iter(terms["theme"]))]],
        ),
        "arief": ExpertFactory(name="Arief Wibowo", city=city["jakarta"], biography="<p>Jakarta zones.</p>"),
    }


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [result["name"] for result in response.json()["results"]]


def test_a_repeated_filtered_search_makes_only_the_search_count_queries(client: Client, experts, terms):
    params = {"q": "air quality", "country": "VN", "theme": next(iter(terms["theme"])), "lang": "vi"}
    assert names(client.get("/api/v1/experts", params)) == ["Trần Thị Lan"]

    with CaptureQueriesContext(connection) as captured:
        assert names(client.get("/api/v1/experts", params)) == ["Trần Thị Lan"]

    # The count for the search report (its UPDATE in a savepoint, on PostgreSQL with the commit
    # not waiting for the disk) and nothing else: no session, no vocabulary, no picks.
    statements = [query["sql"] for query in captured.captured_queries]
    count_table = SearchQueryLog._meta.db_table
    assert [
        sql for sql in statements if count_table not in sql and not sql.startswith(TRANSACTION_CONTROL)
    ] == []
    assert sum(count_table in sql for sql in statements) == 1


def test_a_keystroke_search_makes_no_query_at_all(client: Client, experts, django_assert_num_queries):
    params = {"q": "arief", "country": "ID"}
    client.get("/api/v1/experts", params)

    with django_assert_num_queries(0):
        assert names(client.get("/api/v1/experts", params, headers={"X-Search-Typing": "1"})) == [
            "Arief Wibowo"
        ]


def test_a_new_theme_is_a_valid_filter_on_the_next_request(client: Client, experts):
    assert client.get("/api/v1/experts", {"theme": "indoor-air"}).status_code == 400

    theme = Theme.objects.create(slug="indoor-air", name_en="Indoor air")

    assert client.get("/api/v1/experts", {"theme": "indoor-air"}).status_code == 200
    theme.delete()
    assert client.get("/api/v1/experts", {"theme": "indoor-air"}).status_code == 400


def test_a_relabelled_country_has_its_new_label_on_the_next_request(experts, terms):
    country = get_spec("experts").filter_parameter("country")
    assert country.value_labels()["ID"] == "Indonesia"

    indonesia = terms["city"]["jakarta"].country
    indonesia.name_en = "Republic of Indonesia"
    indonesia.save()

    # What the search page's facets and the API's validation read.
    assert country.value_labels()["ID"] == "Republic of Indonesia"
    with translation.override("vi"):
        assert country.value_labels()["ID"] == "Indonesia"


def test_a_new_pick_shows_on_the_next_request_and_a_deleted_one_goes(client: Client, experts):
    assert names(client.get("/api/v1/experts", {"q": "jakarta"})) == ["Arief Wibowo"]

    pick = SearchPick.objects.create(query="Jakarta", expert=experts["lan"])
    assert names(client.get("/api/v1/experts", {"q": "jakarta"})) == ["Trần Thị Lan", "Arief Wibowo"]

    pick.delete()
    assert names(client.get("/api/v1/experts", {"q": "jakarta"})) == ["Arief Wibowo"]


def test_a_pick_edited_to_another_query_moves_with_it(client: Client, experts):
    pick = SearchPick.objects.create(query="Jakarta", expert=experts["lan"])
    assert names(client.get("/api/v1/experts", {"q": "jakarta"}))[0] == "Trần Thị Lan"

    pick.query = "zones"
    pick.save()

    assert names(client.get("/api/v1/experts", {"q": "jakarta"})) == ["Arief Wibowo"]
    assert names(client.get("/api/v1/experts", {"q": "zones"}))[0] == "Trần Thị Lan"
