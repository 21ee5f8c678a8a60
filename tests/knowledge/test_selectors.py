"""Read-side helpers other code (search indexing, the home page) relies on."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from knowledge.factories import (
    CaseStudyPageFactory,
    ForumReportPageFactory,
    TrainingMaterialPageFactory,
    translations,
)
from knowledge.models import CaseStudyPage
from knowledge.selectors import filter_knowledge_pages, iter_live_knowledge_pages, knowledge_pages
from portal.filters import UnknownValue

pytestmark = pytest.mark.django_db


def read_everything(pages):
    """What an indexer reads: translations, taxonomy, cities and countries."""
    documents = []
    for page in pages:
        with translation.override("vi"):
            title = page.title
        documents.append(
            (
                title,
                [term.slug for term in page.themes.all()],
                [term.slug for term in page.actions.all()],
                page.city.country.code if page.city else None,
                [country.code for country in page.countries],
            )
        )
    return documents


def test_iter_live_knowledge_pages_reads_everything_in_constant_queries(
    case_study_index, training_index, forum_index, terms
):
    def add(number):
        for factory, index in (
            (CaseStudyPageFactory, case_study_index),
            (TrainingMaterialPageFactory, training_index),
            (ForumReportPageFactory, forum_index),
        ):
            factory(
                parent=index,
                slug=f"{index.slug}-{number}",
                city=terms["city"]["hanoi"],
                **translations("title", {"en": f"Page {number}", "vi": f"Trang {number}"}),
                terms={
                    "themes": list(terms["theme"].values())[: number + 1],
                    "actions": list(terms["action"].values())[: number + 1],
                    "partner_cities": list(terms["city"].values())[number : number + 3],
                },
            )

    add(0)
    with CaptureQueriesContext(connection) as few:
        first = read_everything(iter_live_knowledge_pages())
    for number in range(1, 4):
        add(number)
    with CaptureQueriesContext(connection) as many:
        documents = read_everything(iter_live_knowledge_pages())

    assert len(first) == 3 and len(documents) == 12
    assert len(many.captured_queries) == len(few.captured_queries)
    assert ("Trang 3", documents[0][1], documents[0][2], "VN", documents[0][4]) == documents[0]
    assert "VN" in documents[0][4]


def test_filter_accepts_a_plain_mapping(case_study_index, terms):
    CaseStudyPageFactory(
        parent=case_study_index, slug="a", terms={"actions": [terms["action"]["emissions-inventory"]]}
    )
    CaseStudyPageFactory(parent=case_study_index, slug="b")

    result = filter_knowledge_pages(
        queryset=knowledge_pages(model=CaseStudyPage),
        params={"action": ["emissions-inventory"], "sector": ["nope"]},
    )

    assert [page.slug for page in result.queryset] == ["a"]
    assert result.unknown == [UnknownValue("sector", "nope")]
    assert result.selected["action"] == ["emissions-inventory"]


def _add_pages(case_study_index, training_index, forum_index, terms, numbers) -> None:
    for number in numbers:
        for factory, index in (
            (CaseStudyPageFactory, case_study_index),
            (TrainingMaterialPageFactory, training_index),
            (ForumReportPageFactory, forum_index),
        ):
            factory(
                parent=index,
                slug=f"{index.slug}-{number}",
                city=terms["city"]["hanoi"],
                terms={"themes": [terms["theme"]["clean-air-for-all"]]},
            )


def test_the_knowledge_rebuild_reads_the_site_root_once(
    case_study_index, training_index, forum_index, terms, django_assert_max_num_queries
):
    from portal.search.documents import get_document_type

    documents = get_document_type("knowledge")
    _add_pages(case_study_index, training_index, forum_index, terms, range(1))
    with CaptureQueriesContext(connection) as few:
        assert len(list(documents.documents())) == 3
    _add_pages(case_study_index, training_index, forum_index, terms, range(1, 5))

    with django_assert_max_num_queries(len(few.captured_queries)):
        rebuilt = list(documents.documents())

    assert len(rebuilt) == 15
    assert {document["path"] for document in rebuilt} >= {"/case-studies/case-studies-4/"}


def test_the_home_page_queries_do_not_grow_with_the_knowledge_base(
    client, case_study_index, training_index, forum_index, terms, django_assert_max_num_queries
):
    _add_pages(case_study_index, training_index, forum_index, terms, range(1))
    with CaptureQueriesContext(connection) as few:
        client.get("/en/")
    _add_pages(case_study_index, training_index, forum_index, terms, range(1, 8))

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/en/").content.decode()

    assert "case-studies-7" in html


def _without_nonces(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", html)


def test_the_home_sections_are_cached_until_the_content_changes(
    client, case_study_index, training_index, forum_index, terms, django_assert_max_num_queries
):
    from knowledge.factories import TwinningPartnershipFactory

    partnership = TwinningPartnershipFactory(summary="Seoul shows Dhaka its bus depots.")
    _add_pages(case_study_index, training_index, forum_index, terms, range(2))
    with CaptureQueriesContext(connection) as first:
        html = client.get("/en/").content.decode()
    assert "case-studies-1" in html and "Seoul shows Dhaka its bus depots." in html

    # Newest pages and twinning highlights: read once, not on every view of the home page.
    with CaptureQueriesContext(connection) as second:
        again = client.get("/en/").content.decode()
    assert _without_nonces(again) == _without_nonces(html)
    assert len(second.captured_queries) <= len(first.captured_queries) - 5

    newest = CaseStudyPage.objects.get(slug="case-studies-1")
    newest.unpublish()
    html = client.get("/en/").content.decode()
    assert "case-studies-1" not in html and "case-studies-0" in html

    _add_pages(case_study_index, training_index, forum_index, terms, range(2, 3))
    assert "case-studies-2" in client.get("/en/").content.decode()

    partnership.summary_en = "Seoul and Dhaka compare bus fleets."
    partnership.save()
    assert "Seoul and Dhaka compare bus fleets." in client.get("/en/").content.decode()


def test_the_cached_home_sections_are_per_language(
    client, case_study_index, training_index, forum_index, terms
):
    _add_pages(case_study_index, training_index, forum_index, terms, range(1))
    page = CaseStudyPage.objects.get(slug="case-studies-0")
    page.title_vi = "Nghiên cứu số không"
    page.save_revision().publish()

    english = client.get("/en/").content.decode()
    vietnamese = client.get("/vi/").content.decode()

    assert 'href="/en/case-studies/case-studies-0/"' in english and "Nghiên cứu số không" not in english
    assert 'href="/vi/case-studies/case-studies-0/"' in vietnamese and "Nghiên cứu số không" in vietnamese
