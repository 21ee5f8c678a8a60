"""The search API writes its answer without ninja's validation pass, and clients get the same bytes
ninja's validated dump of the answer model would have given them."""

import json

import pytest
from django.test import Client

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyPageFactory
from portal.api import UnicodeJSONRenderer
from portal.search.api import search_answer
from portal.search.requests import get_spec

pytestmark = pytest.mark.django_db


def validated_bytes(name: str, body: bytes) -> bytes:
    """What ninja made of the same answer: the answer model validated, dumped without unset fields
    (exclude_unset, as the operation declares) and rendered."""
    answer = search_answer(get_spec(name), name)
    dumped = answer.model_validate(json.loads(body)).model_dump(exclude_unset=True)
    renderer = UnicodeJSONRenderer()
    return json.dumps(dumped, cls=renderer.encoder_class, **renderer.json_dumps_params).encode()


@pytest.fixture
def experts(terms):
    city = terms["city"]
    theme = next(iter(terms["theme"].values()))
    return [
        ExpertFactory(
            name="Trần Thị Lan",
            city=city["hanoi"],
            biography="<p>Đo chất lượng không khí ở Hà Nội, air quality monitoring.</p>",
            themes=[theme],
        ),
        ExpertFactory(
            name="Arief Wibowo", city=city["jakarta"], biography="<p>Air quality zones in Jakarta.</p>"
        ),
        ExpertFactory(name="สมชาย ใจดี", city=city["bangkok"], biography="<p>คุณภาพอากาศ air quality</p>"),
    ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "air quality"},
        {"q": "air quality", "lang": "vi"},
        {"q": "air qualty", "lang": "th"},  # a typo: a suggestion in the answer
        {"q": "nothing-matches-this"},
        {"q": "air", "country": "VN", "lang": "id"},
        {"sort": "name", "page_size": "2", "page": "2"},
    ],
)
def test_an_experts_answer_is_what_the_validated_model_writes(client: Client, experts, params):
    response = client.get("/api/v1/experts", params)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == validated_bytes("experts", response.content)
    # Not a vacuous comparison: the answer carries results and facets in the model's order.
    answer = json.loads(response.content)
    assert list(answer) == [
        "count",
        "page",
        "page_size",
        "engine",
        "matched_all_words",
        "suggestion",
        "results",
        "facets",
    ]


def test_a_knowledge_answer_is_what_the_validated_model_writes(client: Client, case_study_index, terms):
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="pasig-bikes",
        title="Public bike sharing in Pasig",
        summary="Docking stations near schools and markets.",
        city=terms["city"]["pasig"],
        year=2018,
    )
    for params in ({}, {"q": "bike sharing"}, {"q": "bike", "lang": "th"}, {"q": "bikes", "sort": "date"}):
        response = client.get("/api/v1/knowledge", params)
        assert response.status_code == 200
        assert response.content == validated_bytes("knowledge", response.content), params
    assert json.loads(client.get("/api/v1/knowledge", {"q": "bike sharing"}).content)["count"] == 1
