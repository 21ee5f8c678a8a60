"""Routing through the cached sections answers exactly what Wagtail's own walk answers, in fewer
queries; and the Wagtail internals portal/routing.py and the site cache rely on still hold."""

import pickle

import pytest
from django.http import Http404
from django.test import Client
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from knowledge.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from knowledge.models import CaseStudyIndexPage, CaseStudyPage
from portal.routing import route_through_sections

pytestmark = pytest.mark.django_db

PATHS = [
    "case-studies/",
    "case-studies/practice/",
    # A child whose slug is also one of the section's own sub-routes: the sub-route wins.
    "case-studies/feed/",
    "case-studies/feed/atom/",
    "case-studies/missing/",
    "case-studies/practice/extra/",
    "hidden-section/",
    "hidden-section/inside/",
    "nowhere/",
]


@pytest.fixture
def tree(site, home_page):
    index = CaseStudyIndexPageFactory(parent=home_page, slug="case-studies")
    CaseStudyPageFactory(parent=index, slug="practice")
    CaseStudyPageFactory(parent=index, slug="feed")
    # An unpublished section still leads to its published pages, as Wagtail routes them.
    hidden = CaseStudyIndexPageFactory(parent=home_page, slug="hidden-section")
    CaseStudyPageFactory(parent=hidden, slug="inside")
    hidden.live = False
    hidden.save()
    return home_page


def wagtails_own(root: Page, rf, path: str):
    try:
        result = Page.route(root, rf.get("/"), [part for part in path.split("/") if part])
    except Http404:
        return None
    return result


def shortcut(root: Page, rf, path: str):
    """The home page's routing: through the cached sections, else Wagtail's."""
    try:
        return root.route(rf.get("/"), [part for part in path.split("/") if part])
    except Http404:
        return None


def described(result) -> tuple | None:
    if result is None:
        return None
    page, args, kwargs = result
    view = args[0].__name__ if args else None
    return (page.pk, type(page).__name__, view, args[1:] if args else (), kwargs)


@pytest.mark.parametrize("path", PATHS)
def test_the_walk_answers_what_wagtails_own_routing_answers(tree, rf, path):
    root = Page.objects.get(pk=tree.pk).specific

    assert described(shortcut(root, rf, path)) == described(wagtails_own(root, rf, path))


def test_a_case_study_is_routed_in_one_query_once_the_sections_are_cached(
    tree, rf, django_assert_num_queries
):
    root = Page.objects.get(pk=tree.pk).specific
    assert route_through_sections(root=root, request=rf.get("/"), path_components=["case-studies"])

    # The cached section holds case studies only: the page is read from their table by its slug.
    with django_assert_num_queries(1):
        page, _args, _kwargs = shortcut(root, rf, "case-studies/practice/")

    assert isinstance(page, CaseStudyPage)
    with django_assert_num_queries(0):
        assert isinstance(page.get_parent(), CaseStudyIndexPage)


def test_a_new_page_and_a_renamed_section_are_routed_at_once(client: Client, tree):
    index = CaseStudyIndexPage.objects.get(slug="case-studies")
    assert client.get("/en/case-studies/practice/").status_code == 200

    CaseStudyPageFactory(parent=index, slug="brand-new")
    assert client.get("/en/case-studies/brand-new/").status_code == 200

    index.slug = "practices"
    index.save_revision().publish()
    assert client.get("/en/practices/practice/").status_code == 200
    assert client.get("/en/case-studies/practice/").status_code == 404


def test_the_wagtail_internals_the_walk_relies_on():
    # The two routings the walk recognises, by identity: a page type routing otherwise is left
    # to Wagtail.
    assert CaseStudyPage.route is Page.route
    assert CaseStudyIndexPage.route is RoutablePageMixin.route
    # A section whose children are all of one type is read from that type's table.
    assert CaseStudyIndexPage.allowed_subpage_models() == [CaseStudyPage]
    # A routable page's sub-routes are resolved by a class-level resolver.
    match = CaseStudyIndexPage.get_resolver().resolve("/feed/")
    assert match.url_name == "feed"


def test_a_parent_set_on_a_page_is_what_get_parent_answers(tree, django_assert_num_queries):
    page = CaseStudyPage.objects.get(slug="practice")
    parent = CaseStudyIndexPage.objects.get(slug="case-studies")
    page._cached_parent_obj = parent

    with django_assert_num_queries(0):
        assert page.get_parent() is parent


def test_a_specific_page_made_once_travels_with_the_cached_site(site, django_assert_num_queries):
    """The site cache keeps the root page's specific form (portal.content_cache._find_site):
    ``Page.specific`` must stay a cached property, stored on the instance and pickled with it."""
    root = Page.objects.get(pk=site.root_page_id)
    specific = root.specific

    copy = pickle.loads(pickle.dumps(root))  # noqa: S301 - our own bytes, as the cache stores them

    with django_assert_num_queries(0):
        assert type(copy.specific) is type(specific)
        assert copy.specific.pk == root.pk


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_a_routed_case_study_holds_what_the_orm_reads_in_every_language(tree, rf, language):
    from django.utils import translation

    index = CaseStudyIndexPage.objects.get(slug="case-studies")
    CaseStudyPageFactory(parent=index, slug="ha-noi-2024", title="Hà Nội: vùng phát thải thấp")
    root = Page.objects.get(pk=tree.pk).specific
    with translation.override(language):
        # Twice: the first reader compiles the section's statement, the second reuses it.
        for _ in range(2):
            page, _args, _kwargs = shortcut(root, rf, "case-studies/ha-noi-2024/")
            expected = CaseStudyPage.objects.get(slug="ha-noi-2024")
            assert type(page) is CaseStudyPage
            assert {
                field.attname: getattr(page, field.attname) for field in CaseStudyPage._meta.concrete_fields
            } == {
                field.attname: getattr(expected, field.attname)
                for field in CaseStudyPage._meta.concrete_fields
            }
            assert page.title == "Hà Nội: vùng phát thải thấp"
        assert shortcut(root, rf, "case-studies/ha-noi-2023/") is None


def test_a_row_read_for_routing_is_what_raw_makes_of_it(tree):
    """portal.routing._read_row keeps raw()'s field converters and positions per connection:
    the page it makes holds what ``raw()`` makes of the same statement, StreamFields included."""
    from django.db import connections

    from portal.routing import _child_statement, _read_row

    index = CaseStudyIndexPage.objects.get(slug="case-studies")
    page = CaseStudyPage.objects.get(slug="practice")
    page.body = [("rich_text", "<p>Low-emission zone</p>")]
    page.save()
    (sql, params), slug_at = _child_statement(CaseStudyPage, index.pk, index.path, index.depth)
    params = list(params)
    params[slug_at] = "practice"
    expected = next(iter(CaseStudyPage.objects.raw(sql, params)))
    for _ in range(2):  # the second read takes the kept converters
        read = _read_row(CaseStudyPage, sql, params)
        assert type(read) is CaseStudyPage
        assert read._state.db == expected._state.db and read._state.adding is False
        for field in CaseStudyPage._meta.concrete_fields:
            assert getattr(read, field.attname) == getattr(expected, field.attname), field.attname
        assert list(read.body.raw_data) == list(expected.body.raw_data)
        assert read.body.raw_data[0]["value"] == "<p>Low-emission zone</p>"
        assert read.body[0].block_type == "rich_text"
    assert "_portal_row_readers" in connections["default"].__dict__
    params[slug_at] = "no-such-page"
    assert _read_row(CaseStudyPage, sql, params) is None


def test_a_streamfield_value_is_read_as_wagtail_reads_it():
    """The routing reader's StreamField converter does what StreamField.from_db_value does, with
    one JSONField made once (wagtail builds one per value)."""
    from django.db import connection

    from portal.routing import _STREAM_JSON, _stream_from_db

    field = CaseStudyPage._meta.get_field("body")
    assert field.json_field.deconstruct()[1:] == _STREAM_JSON.deconstruct()[1:]
    for stored in ['[{"type": "paragraph", "value": "<p>a</p>", "id": "1"}]', "[]", None, "not json"]:
        ours = _stream_from_db(field, stored, None, connection)
        wagtails = field.from_db_value(stored, None, connection)
        assert list(ours.raw_data) == list(wagtails.raw_data)
        assert ours._stream_field is wagtails._stream_field is field
