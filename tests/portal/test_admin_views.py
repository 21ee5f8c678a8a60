"""The page editor's "copy content from" endpoint: the portal's CSRF-protected replacement of
wagtail-modeltranslation's exempt view."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from experts.factories import AccountFactory, UserFactory
from knowledge.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
DATA = {
    "origin_field_name": "body_en",
    "target_field_name": "body_vi",
    "serializedOriginField": json.dumps([{"name": "body_en-count", "value": "0"}]),
}


@pytest.fixture
def page(case_study_index):
    return CaseStudyPageFactory(parent=case_study_index, slug="copy-me")


def url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/copy_translation_content/"


def editor_client(**kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(UserFactory(email="editor@example.org", is_staff=True, is_superuser=True))
    return client


def test_an_editor_gets_the_target_fields_editor_html(page):
    response = editor_client().post(url(page), DATA, **XHR)

    assert response.status_code == 200
    html = json.loads(response.content)
    assert "body_vi" in html


def test_a_cross_site_post_without_the_token_is_refused(page):
    response = editor_client(enforce_csrf_checks=True).post(url(page), DATA, **XHR)

    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


def test_people_who_may_not_edit_the_page_are_refused(page):
    member = Client()
    member.force_login(AccountFactory().user)
    assert member.post(url(page), DATA, **XHR).status_code in (302, 403)

    # May open the admin, but was granted no page permissions.
    admin_only = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(admin_only)
    assert client.post(url(page), DATA, **XHR).status_code == 403


@pytest.mark.parametrize(
    ("changes", "headers"),
    [
        ({}, {}),  # not the editor's script
        ({"target_field_name": "title_vi"}, XHR),  # not a stream field
        ({"target_field_name": "no_such_field"}, XHR),
        ({"serializedOriginField": "{not json"}, XHR),
        ({"serializedOriginField": json.dumps({"name": "x"})}, XHR),
        ({"serializedOriginField": json.dumps([{"name": 1, "value": None}])}, XHR),
    ],
)
def test_malformed_requests_are_a_400_not_a_500(page, changes, headers):
    response = editor_client().post(url(page), {**DATA, **changes}, **headers)

    assert response.status_code == 400


def test_unknown_pages_and_get_requests(page):
    client = editor_client()

    missing = client.post("/admin/pages/999999/edit/copy_translation_content/", DATA, **XHR)
    # The 404 passes through LocaleMiddleware, which tries the language-prefixed address.
    assert missing.status_code in (302, 404)
    assert missing.status_code == 404 or missing["Location"].startswith("/en/admin/")
    assert client.get(url(page), **XHR).status_code == 405
