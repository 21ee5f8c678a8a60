"""CSRF: every route that changes something refuses a POST without the token.

The route table is read from the URL resolver, so a new view fails these tests until it is
classified here: either a form (tested below: refused without the token, accepted with it) or a
read-only route (tested: POST is not allowed, or the view only reads or hands over a token).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.models import Revision

from experts import services
from experts.accounts.models import AccountStatus
from experts.factories import AccountFactory, ExpertFactory, UserFactory
from experts.models import ExpertStatus, Nomination
from knowledge.factories import CaseStudyPageFactory, EventPageFactory, TwinningPartnershipFactory
from portal import admin_views
from tests.experts.moderation import action_url
from tests.security.conftest import logged_in

pytestmark = pytest.mark.django_db

PROJECT_MODULES = ("portal", "experts", "knowledge", "wagtail_modeltranslation")


def walk(patterns: list, prefix: str = "", owner: str = "portal") -> Iterator[tuple[str, Callable, str]]:
    """(route, view, top-level package of the URLconf that declares it) for every URL pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            urlconf = entry.urlconf_name
            name = urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", owner)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), name.split(".")[0])
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback, owner


def project_routes() -> dict[str, Callable]:
    """Routes the portal declares or serves with its own code (English stands for every language)."""
    routes = {}
    for route, callback, owner in walk(get_resolver().url_patterns):
        if route.startswith(("vi/", "id/", "th/")):
            continue
        if owner in PROJECT_MODULES or callback.__module__.split(".")[0] in PROJECT_MODULES:
            routes[route] = callback
    return routes


# Routes that take form data; each is exercised in test_every_form_refuses_a_post_without_the_token.
FORM_ROUTES = {
    "admin/pages/<int:page_id>/edit/copy_translation_content/",
    "admin/events/<int:pk>/forum-report/",
    "admin/snippets/experts/expert/workflow/action/<int:pk>/<slug:action_name>/<int:task_state_id>/",
    "admin/snippets/experts/expert/edit/<int:pk>/",
    "admin/expert-moderation/accounts/<int:pk>/decide/",
    "admin/expert-moderation/nominations/<int:pk>/decide/",
    "admin/expert-moderation/invite/",
    "en/experts/<str:slug>/contact/",
    "en/accounts/sign-in/",
    "en/accounts/sign-in/link/",
    "en/accounts/sign-in/new-link/",
    "en/accounts/sign-out/",
    "en/accounts/join/",
    "en/accounts/claim/",
    "en/accounts/nominate/",
    "en/accounts/language/",
    "en/accounts/profile/",
    "en/accounts/delete/",
    "en/accounts/password-reset/",
    "en/accounts/password-reset/<uidb64>/<token>/",
    "en/twinning/draft/",
    "admin/reports/failed-tasks/<uuid:task_id>/<str:action>/",
    "admin/pages/<int:page_id>/translation-files/",
    "en/accounts/sign-in/code/",
    "en/accounts/two-factor/",
    # Passkeys' JSON endpoints: static/js/passkeys.js sends the token in the X-CSRFToken header.
    "en/accounts/sign-in/passkey/options/",
    "en/accounts/sign-in/passkey/",
    "en/accounts/two-factor/passkeys/options/",
    "en/accounts/two-factor/passkeys/",
}
# Read-only routes whose views refuse POST (405) outright.
GET_ONLY_ROUTES = {
    "healthz": "/healthz",
    "robots.txt": "/robots.txt",
    "api/v1/experts": "/api/v1/experts",
    "api/v1/knowledge": "/api/v1/knowledge",
    "api/v1/openapi.json": "/api/v1/openapi.json",
    "api/v1/docs": "/api/v1/docs",
    "api/v1/twinning/suggestions": "/api/v1/twinning/suggestions",
    "en/search/": "/en/search/",
    "en/search/click/": "/en/search/click/?to=/en/",
    "en/experts/": "/en/experts/",
    "en/experts/<str:slug>/": "/en/experts/someone/",
    "en/accounts/sign-in/sent/": "/en/accounts/sign-in/sent/",
    "en/accounts/password-reset/sent/": "/en/accounts/password-reset/sent/",
    "en/accounts/password-reset/complete/": "/en/accounts/password-reset/complete/",
    "en/accounts/join/received/": "/en/accounts/join/received/",
    "en/accounts/": "/en/accounts/",
    "en/accounts/my-data/": "/en/accounts/my-data/",
    "en/twinning/": "/en/twinning/",
    "en/twinning/match/": "/en/twinning/match/",
    "en/twinning/<slug:slug>/": "/en/twinning/some-pair/",
    "en/cities/": "/en/cities/",
    "en/cities/<slug:slug>/": "/en/cities/hanoi/",
    "en/events/calendar.ics": "/en/events/calendar.ics",
    "en/events/<int:pk>/calendar.ics": "/en/events/1/calendar.ics",
    "en/events/<int:pk>/my-calendar.ics": "/en/events/1/my-calendar.ics",
    "photos/experts/<str:name>": "/photos/experts/nobody.jpg",
    "admin/pages/<int:page_id>/translation-files/<str:language>.<str:file_format>": (
        "/admin/pages/1/translation-files/th.po"
    ),
}
# Views that answer any method but neither read form data nor change anything but the caller's
# own session: e-mailed token hand-overs (a mail scanner may use any method) and admin pages
# that only display.
ANY_METHOD_READ_ONLY = {
    "sitemap.xml",
    "admin/login/",
    "en/accounts/sign-in/link/<str:token>/",
    "en/accounts/claim/<str:token>/",
    "admin/expert-moderation/",
    "admin/search-report/",
    "admin/reports/missing-translations/",
    "admin/reports/missing-translations/results/",
    "admin/reports/failed-tasks/",
}
# Exempt views of installed packages, with the reason each is safe.
KNOWN_EXEMPT = {
    # Django REST framework exempts its views from the middleware and checks the token itself
    # (SessionAuthentication, the only authentication of Wagtail's admin API): proven below.
    "admin/api/main/": "rest_framework",
    # wagtail-modeltranslation's copy endpoint: shadowed by portal.admin_views (proven below).
    "admin/pages/(?P<page_id>\\d+)/edit/copy_translation_content/$": "shadowed",
    # The read-only JSON API (portal.api.read_only_api): every unsafe method is a JSON 405 before
    # anything is read, so there is nothing for a forged request to change (proven below).
    "api/v1/experts": "read_only_api",
    "api/v1/knowledge": "read_only_api",
    "api/v1/openapi.json": "read_only_api",
    "api/v1/docs": "read_only_api",
    "api/v1/twinning/suggestions": "read_only_api",
}


def test_every_route_of_the_portal_is_classified():
    routes = set(project_routes())
    # The package's copy endpoint lives on the same address as the portal's replacement.
    routes.discard("admin/pages/(?P<page_id>\\d+)/edit/copy_translation_content/$")
    classified = FORM_ROUTES | set(GET_ONLY_ROUTES) | ANY_METHOD_READ_ONLY

    assert routes - classified == set(), "new routes: add them to the CSRF tables and tests"
    assert classified - routes == set(), "routes gone: remove them from the CSRF tables"


def test_no_reachable_view_is_exempt_from_csrf_checks():
    exempt = [
        route
        for route, callback, _owner in walk(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False)
    ]

    for route in exempt:
        assert any(route.startswith(known) for known in KNOWN_EXEMPT), f"{route} skips CSRF checks"
    # The package's exempt copy view never answers: the portal's protected one comes first.
    match = resolve("/admin/pages/3/edit/copy_translation_content/")
    assert match.func is admin_views.copy_translation_content
    assert not getattr(match.func, "csrf_exempt", False)


def test_the_admin_api_checks_the_token_itself(editor, case_study_index):
    page = CaseStudyPageFactory(parent=case_study_index, slug="copied")
    client = logged_in(editor, enforce_csrf_checks=True)
    url = f"/admin/api/main/pages/{page.pk}/action/copy/"

    refused = client.post(url, {"destination_page_id": case_study_index.pk}, content_type="application/json")

    assert refused.status_code == 403
    assert "CSRF" in refused.content.decode()
    assert case_study_index.get_children().count() == 1


@pytest.mark.parametrize("route", [route for route, why in KNOWN_EXEMPT.items() if why == "read_only_api"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_answers_unsafe_methods_with_a_json_405_and_changes_nothing(route, method, client: Client):
    response = getattr(client, method)(GET_ONLY_ROUTES[route], {"q": "x"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    body = response.json()
    assert body["error"] == "method not allowed" and body["reasons"]


@pytest.mark.parametrize("route", sorted(GET_ONLY_ROUTES))
def test_read_only_routes_answer_head_as_they_answer_get(route, editor, client: Client):
    # RFC 9110 asks for HEAD wherever GET works: uptime monitors and link checkers send it.
    client.force_login(editor)

    get = client.get(GET_ONLY_ROUTES[route])
    head = client.head(GET_ONLY_ROUTES[route])

    assert head.status_code == get.status_code != 405
    assert head.get("Content-Type") == get.get("Content-Type")


@pytest.mark.parametrize("route", sorted(GET_ONLY_ROUTES))
def test_read_only_routes_refuse_a_post_even_with_the_token(route, editor, client: Client):
    client.force_login(editor)

    assert client.post(GET_ONLY_ROUTES[route], {"x": "1"}).status_code == 405


@dataclass
class Attempt:
    client: Client
    path: str
    data: dict
    headers: dict


@pytest.fixture
def attempts(editor, member, focal_point, own_expert, other_expert, event_index, case_study_index):
    """One realistic submission per form route, by someone allowed to make it."""
    event = EventPageFactory(parent=event_index, slug="csrf-workshop")
    page = CaseStudyPageFactory(parent=case_study_index, slug="csrf-case")
    services.submit_profile_revision(expert=own_expert, user=own_expert.user, data={"skills": ["GIS"]})
    pending = AccountFactory(status=AccountStatus.PENDING)
    nominated = ExpertFactory(status=ExpertStatus.IN_REVIEW)
    nomination = Nomination.objects.create(expert=nominated, nominating_body="Ministry", reason="Good")
    unclaimed = ExpertFactory(name="Unclaimed Expert")
    TwinningPartnershipFactory(slug="csrf-pair")
    reset_user = UserFactory(email="reset@example.org")
    uid = urlsafe_base64_encode(force_bytes(reset_user.pk))
    reset_path = f"/en/accounts/password-reset/{uid}/{default_token_generator.make_token(reset_user)}/"
    xhr = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    as_json = {"content_type": "application/json"}
    failed_task = DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="experts.tasks.send_email",
        backend_name="default",
        run_after=get_date_max(),
    )
    operator = UserFactory(email="ops-csrf@example.org", is_staff=True, is_superuser=True)

    def by(user):
        return logged_in(user, enforce_csrf_checks=True) if user else Client(enforce_csrf_checks=True)

    return {
        "admin/pages/<int:page_id>/edit/copy_translation_content/": Attempt(
            by(editor),
            f"/admin/pages/{page.pk}/edit/copy_translation_content/",
            {
                "origin_field_name": "body_en",
                "target_field_name": "body_vi",
                "serializedOriginField": json.dumps([{"name": "body_en-count", "value": "0"}]),
            },
            xhr,
        ),
        "admin/events/<int:pk>/forum-report/": Attempt(
            by(editor), f"/admin/events/{event.pk}/forum-report/", {}, {}
        ),
        "admin/snippets/experts/expert/workflow/action/<int:pk>/<slug:action_name>/<int:task_state_id>/": Attempt(
            by(editor), action_url(own_expert, "approve"), {}, {}
        ),
        "admin/snippets/experts/expert/edit/<int:pk>/": Attempt(
            by(editor), f"/admin/snippets/experts/expert/edit/{other_expert.pk}/", {"name": "Hacked"}, {}
        ),
        "admin/expert-moderation/accounts/<int:pk>/decide/": Attempt(
            by(editor), f"/admin/expert-moderation/accounts/{pending.pk}/decide/", {"decision": "approve"}, {}
        ),
        "admin/expert-moderation/nominations/<int:pk>/decide/": Attempt(
            by(editor),
            f"/admin/expert-moderation/nominations/{nomination.pk}/decide/",
            {"decision": "decline", "comment": "No"},
            {},
        ),
        "admin/expert-moderation/invite/": Attempt(
            by(editor),
            "/admin/expert-moderation/invite/",
            {"expert": unclaimed.pk, "email": "attacker@example.com", "language": "en"},
            {},
        ),
        "en/experts/<str:slug>/contact/": Attempt(
            by(member), f"/en/experts/{other_expert.slug}/contact/", {"subject": "Hi", "body": "Spam"}, {}
        ),
        "en/accounts/sign-in/": Attempt(
            by(None), "/en/accounts/sign-in/", {"email": "member@example.org", "password": "x" * 12}, {}
        ),
        "en/accounts/sign-in/link/": Attempt(by(None), "/en/accounts/sign-in/link/", {}, {}),
        "en/accounts/sign-in/new-link/": Attempt(by(None), "/en/accounts/sign-in/new-link/", {}, {}),
        "en/accounts/sign-out/": Attempt(by(member), "/en/accounts/sign-out/", {}, {}),
        "en/accounts/join/": Attempt(by(None), "/en/accounts/join/", {"email": "new@example.org"}, {}),
        "en/accounts/claim/": Attempt(by(None), "/en/accounts/claim/", {"password1": "x"}, {}),
        "en/accounts/nominate/": Attempt(by(focal_point), "/en/accounts/nominate/", {"name": "Someone"}, {}),
        "en/accounts/language/": Attempt(
            by(member), "/en/accounts/language/", {"preferred_language": "th"}, {}
        ),
        "en/accounts/profile/": Attempt(
            by(own_expert.user), "/en/accounts/profile/", {"position_en": "Hacked"}, {}
        ),
        "en/accounts/delete/": Attempt(by(member), "/en/accounts/delete/", {"confirm": "on"}, {}),
        "en/accounts/password-reset/": Attempt(
            by(None), "/en/accounts/password-reset/", {"email": "reset@example.org"}, {}
        ),
        "en/accounts/password-reset/<uidb64>/<token>/": Attempt(
            by(None),
            reset_path,
            {"new_password1": "Chosen-by-attacker-1", "new_password2": "Chosen-by-attacker-1"},
            {},
        ),
        "en/twinning/draft/": Attempt(
            by(editor),
            "/en/twinning/draft/",
            {"mentor": "kitakyushu", "city": "phnom-penh", "action": ["emissions-inventory"]},
            {},
        ),
        "admin/reports/failed-tasks/<uuid:task_id>/<str:action>/": Attempt(
            by(operator), f"/admin/reports/failed-tasks/{failed_task.pk}/retry/", {}, {}
        ),
        "admin/pages/<int:page_id>/translation-files/": Attempt(
            by(editor), f"/admin/pages/{page.pk}/translation-files/", {"language": "th"}, {}
        ),
        "en/accounts/sign-in/code/": Attempt(by(None), "/en/accounts/sign-in/code/", {"code": "123456"}, {}),
        "en/accounts/two-factor/": Attempt(by(editor), "/en/accounts/two-factor/", {"action": "start"}, {}),
        "en/accounts/sign-in/passkey/options/": Attempt(
            by(None), "/en/accounts/sign-in/passkey/options/", {}, as_json
        ),
        "en/accounts/sign-in/passkey/": Attempt(
            by(None), "/en/accounts/sign-in/passkey/", {"id": "x"}, as_json
        ),
        "en/accounts/two-factor/passkeys/options/": Attempt(
            by(editor), "/en/accounts/two-factor/passkeys/options/", {"name": "Attacker's key"}, as_json
        ),
        "en/accounts/two-factor/passkeys/": Attempt(
            by(editor), "/en/accounts/two-factor/passkeys/", {"id": "x"}, as_json
        ),
        # Wagtail page routes of the event page (served by the page tree, not the resolver).
        "event register": Attempt(by(member), event.url + "register/", {"language": "en"}, {}),
        "event cancel": Attempt(by(member), event.url + "cancel-registration/", {}, {}),
    }


def _token(client: Client) -> str:
    """Give the client a CSRF cookie, as any page with a form would, and return its token."""
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    return secret


def test_every_form_refuses_a_post_without_the_token(attempts):
    assert set(attempts) >= FORM_ROUTES
    for name, attempt in attempts.items():
        response = attempt.client.post(attempt.path, attempt.data, **attempt.headers)
        assert response.status_code == 403, name
        assert "CSRF" in response.content.decode(), name


def test_a_forged_token_is_refused_too(attempts):
    attempt = attempts["en/accounts/profile/"]
    _token(attempt.client)

    response = attempt.client.post(
        attempt.path, {**attempt.data, "csrfmiddlewaretoken": "A" * 64}, HTTP_X_CSRFTOKEN="A" * 64
    )

    assert response.status_code == 403
    assert not Revision.objects.filter(content__position_en="Hacked").exists()


def test_the_same_posts_with_the_token_reach_their_views(attempts):
    # The refusals above are the CSRF check, not a missing route or permission.
    for name, attempt in attempts.items():
        token = _token(attempt.client)
        response = attempt.client.post(
            attempt.path,
            {**attempt.data, "csrfmiddlewaretoken": token},
            HTTP_X_CSRFTOKEN=token,
            **attempt.headers,
        )
        assert response.status_code not in (403, 404, 405), (name, response.status_code)
