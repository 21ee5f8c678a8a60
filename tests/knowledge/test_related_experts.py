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


def test_a_profile_lists_every_kind_of_page_naming_the_expert_and_only_those(
    client: Client, home_page, case_study_index
):
    from knowledge.factories import ForumReportIndexPageFactory, ForumReportPageFactory

    expert, other = ExpertFactory(name="Arief Wibowo"), ExpertFactory(name="Siti Rahma")
    reports = ForumReportIndexPageFactory(parent=home_page)
    CaseStudyPageFactory(
        parent=case_study_index, slug="zones", title="Low emission zones", terms={"related_experts": [expert]}
    )
    ForumReportPageFactory(
        parent=reports, slug="forum", title="Jakarta forum", terms={"related_experts": [expert]}
    )
    CaseStudyPageFactory(
        parent=case_study_index,
        slug="other",
        title="Someone else's study",
        terms={"related_experts": [other]},
    )

    profile = client.get(expert.get_absolute_url()).content.decode()
    assert "Low emission zones" in profile
    assert "Jakarta forum" in profile
    assert "Someone else&#x27;s study" not in profile and "Someone else's study" not in profile
    assert "Low emission zones" not in client.get(other.get_absolute_url()).content.decode()


def test_a_preview_names_the_drafts_experts_and_a_publish_names_them_to_readers(
    client: Client, rf, case_study_index
):
    expert = ExpertFactory(name="Siriporn Chaiyasit")
    page = CaseStudyPageFactory(parent=case_study_index, slug="bangkok-buses", title="Bangkok buses")
    assert "Siriporn Chaiyasit" not in client.get(page.url).content.decode()

    # What Wagtail's preview does: the draft's links held in memory, nothing written.
    draft = type(page).objects.get(pk=page.pk)
    draft.related_experts = [expert]
    assert draft.get_context(rf.get(page.url))["related_experts"] == [expert]
    assert "Siriporn Chaiyasit" not in client.get(page.url).content.decode()

    draft.save_revision().publish()
    assert "Siriporn Chaiyasit" in client.get(page.url).content.decode()


def test_the_look_at_the_link_table_sees_exactly_the_page_own_links(
    case_study_index, django_assert_num_queries
):
    """KnowledgePage._links_any_expert's plain statement: one query, this page's rows only."""
    expert = ExpertFactory(name="Trần Thu Hà")
    naming = CaseStudyPageFactory(parent=case_study_index, slug="naming", terms={"related_experts": [expert]})
    silent = CaseStudyPageFactory(parent=case_study_index, slug="silent")

    with django_assert_num_queries(1):
        assert naming._links_any_expert() is True
    with django_assert_num_queries(1):
        assert silent._links_any_expert() is False
    # A page naming no one: the look alone, not the profiles' query.
    with django_assert_num_queries(1):
        assert silent._published_related_experts({}) == []
