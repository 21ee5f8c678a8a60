"""Editors open the add and edit forms of every knowledge page type with all languages side by side."""

import pytest
from django.test import Client

from knowledge.factories import CaseStudyPageFactory, ForumReportPageFactory, TrainingMaterialPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "fixture", "model_name", "field"),
    [
        (CaseStudyPageFactory, "case_study_index", "casestudypage", "lessons_learned"),
        (TrainingMaterialPageFactory, "training_index", "trainingmaterialpage", "learning_objectives"),
        (ForumReportPageFactory, "forum_index", "forumreportpage", "key_outcomes"),
    ],
)
def test_add_and_edit_forms_show_every_language(
    request, client: Client, admin_user, factory, fixture, model_name, field
):
    index = request.getfixturevalue(fixture)
    page = factory(parent=index, slug="form-check")
    client.force_login(admin_user)

    add = client.get(f"/admin/pages/add/knowledge/{model_name}/{index.pk}/")
    edit = client.get(f"/admin/pages/{page.pk}/edit/")

    for response in (add, edit):
        assert response.status_code == 200
        html = response.content.decode()
        for suffix in ("en", "vi", "ind", "th"):
            assert f'name="{field}_{suffix}"' in html
            assert f'name="summary_{suffix}"' in html


def test_index_pages_cannot_be_added_twice(client: Client, admin_user, case_study_index, home_page):
    client.force_login(admin_user)

    response = client.get(f"/admin/pages/add/knowledge/casestudyindexpage/{home_page.pk}/")

    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("factory", "fixture"),
    [
        (CaseStudyPageFactory, "case_study_index"),
        (TrainingMaterialPageFactory, "training_index"),
        (ForumReportPageFactory, "forum_index"),
    ],
)
def test_preview_renders_detail_and_index_pages(request, factory, fixture):
    index = request.getfixturevalue(fixture)
    page = factory(parent=index, slug="preview-check", title="Preview check")

    for draft in (page.get_latest_revision_as_object(), index.get_latest_revision_as_object()):
        response = draft.make_preview_request(preview_mode="")
        assert response.status_code == 200
        assert "Preview check" in response.content.decode()
