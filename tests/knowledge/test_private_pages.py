"""Private sections: whether any page is private is cached, and a new restriction applies at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from experts.factories import ExpertFactory
from knowledge.factories import CaseStudyPageFactory
from portal.content_cache import any_page_view_restrictions

pytestmark = pytest.mark.django_db


def _restriction_queries(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if "pageviewrestriction" in query["sql"]]


def test_serving_a_page_looks_up_no_restrictions_while_no_page_is_private(client: Client, case_study_index):
    CaseStudyPageFactory(parent=case_study_index, slug="open-practice")
    client.get("/en/case-studies/open-practice/")

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/case-studies/open-practice/").status_code == 200

    assert _restriction_queries(captured) == []


def test_a_section_made_private_asks_for_a_sign_in_on_the_next_request(client: Client, case_study_index):
    CaseStudyPageFactory(parent=case_study_index, slug="soon-private")
    assert client.get("/en/case-studies/soon-private/").status_code == 200
    assert not any_page_view_restrictions()

    restriction = PageViewRestriction.objects.create(
        page=case_study_index, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get("/en/case-studies/soon-private/")
    assert response.status_code == 302
    assert "next=/en/case-studies/soon-private/" in response["Location"]

    restriction.delete()
    assert client.get("/en/case-studies/soon-private/").status_code == 200


def test_private_pages_leave_the_home_page_and_profiles_when_made_private(
    client: Client, site, home_page, case_study_index
):
    expert = ExpertFactory(name="Linked Expert")
    page = CaseStudyPageFactory(parent=case_study_index, slug="linked-practice", title="Linked practice")
    page.related_experts.set([expert])
    page.save_revision().publish()
    assert "Linked practice" in client.get("/en/").content.decode()
    assert "Linked practice" in client.get(expert.get_absolute_url()).content.decode()

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert "Linked practice" not in client.get("/en/").content.decode()
    assert "Linked practice" not in client.get(expert.get_absolute_url()).content.decode()
