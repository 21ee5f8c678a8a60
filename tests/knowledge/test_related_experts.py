import pytest
from django.test import Client

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from knowledge.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def test_a_practice_names_its_published_experts_and_their_profiles_link_back(
    client: Client, case_study_index
):
    published = ExpertFactory(name="Nguyễn Minh Đức", position="Emissions inventory specialist")
    draft = ExpertFactory(name="Hidden Draft", status=ExpertStatus.DRAFT)
    page = CaseStudyPageFactory(
        parent=case_study_index,
        slug="haiphong",
        title="Haiphong inventory",
        terms={"related_experts": [published, draft]},
    )

    html = client.get(page.url).content.decode()
    assert "Nguyễn Minh Đức" in html
    assert published.get_absolute_url() in html
    assert "Hidden Draft" not in html

    profile = client.get(published.get_absolute_url()).content.decode()
    assert "Haiphong inventory" in profile


def test_unpublished_practices_are_not_listed_on_a_profile(client: Client, case_study_index):
    expert = ExpertFactory(name="Linh")
    page = CaseStudyPageFactory(
        parent=case_study_index, slug="gone", title="Withdrawn study", terms={"related_experts": [expert]}
    )
    page.unpublish()

    assert "Withdrawn study" not in client.get(expert.get_absolute_url()).content.decode()
