"""Wagtail's routing of a reader page, with the sections on the way read from the content cache.

Wagtail finds `/case-studies/practice/` by walking the tree from the site's root page: the root
made specific, then at each level a query for the child with the next slug and one for its
specific row (``Page.route``): five queries before a case study is rendered, on every request
the page cache does not answer. The pages a path runs *through* are the few that have children
(the home page, the section index pages), and they change only when a page is saved, moved,
published or deleted, which replaces the content version (``portal.content_cache``). So they are
kept there, specific, by ``url_path``, and the walk takes them from it; below a section whose
children are all of one type (a case study index holds case studies), the last level is read from
that type's table in one query: a case study is routed in one query instead of five.

The walk does what Wagtail's would, level by level, and hands over to Wagtail's own ``route``
wherever it could differ: at a page whose class routes in any other way than ``Page.route`` or
``RoutablePageMixin.route``, at a routable page whose own sub-routes (which come before its
children) match the rest of the path, and below the last cached section. The Wagtail internals
this relies on are pinned by tests/portal/test_routing.py.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from portal.content_cache import cached

# The row reader moved to portal.raw_sql (a profile's read uses it too); its old names stay here.
from portal.raw_sql import _STREAM_JSON, _stream_from_db  # noqa: F401
from portal.raw_sql import read_model_row as _read_row

__all__ = ["UrlPartsPerRequestMixin", "route_through_sections"]


class UrlPartsPerRequestMixin:
    """A page's address worked out once per request (and language), however often it is named.

    A knowledge page names its own address twice (og:url, the JSON-LD) and its section's three
    times (the section link, the RSS and Atom feeds): each ``get_url`` resolved the site's root
    paths and reversed ``wagtail_serve`` again. What ``get_url_parts`` answers depends on the
    page's path, the sites (constant within a request), the active language (the prefix
    ``i18n_patterns`` puts before the path) and the URL configuration, so the request keeps it by
    page, path and language. Without a request (or for an unsaved page) it is Wagtail's as before.
    """

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        if not isinstance(request, HttpRequest) or self.pk is None:  # type: ignore[attr-defined]
            return super().get_url_parts(request=request)  # type: ignore[misc]
        memo: dict[tuple[Any, ...], Any] = request.__dict__.setdefault("_portal_url_parts", {})
        key = (self.pk, self.url_path, get_language())  # type: ignore[attr-defined]
        if key not in memo:
            memo[key] = super().get_url_parts(request=request)  # type: ignore[misc]
        return memo[key]


# The two ways of routing the walk knows to be a child lookup by slug (after a routable page's
# own sub-routes).
_PAGE_ROUTE = Page.route
_ROUTABLE_ROUTE = RoutablePageMixin.route


def _sections(root: Page) -> dict[str, Page]:
    """Every page below ``root`` that has children, specific, by ``url_path``."""
    return {page.url_path: page for page in root.get_descendants().filter(numchild__gt=0).specific()}


def _routes_itself(page: Page, remaining: Sequence[str]) -> bool:
    """Whether ``page`` answers the rest of the path itself rather than through a child."""
    route = type(page).route
    if route is _PAGE_ROUTE:
        return False
    if route is not _ROUTABLE_ROUTE:
        return True  # a routing of its own: only Wagtail's walk knows what it does
    if not page.live:
        return False  # RoutablePageMixin tries its sub-routes on live pages only
    try:
        type(page).get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


def route_through_sections(
    *, root: Page, request: HttpRequest, path_components: Sequence[str]
) -> RouteResult | None:
    """Route ``path_components`` below ``root`` (a site's root page, whose own routing is
    ``Page.route``) as Wagtail would, taking the sections on the way from the content cache.

    None when no cached section is on the way: the caller routes as Wagtail does. Without a cache
    shared by every process (``CONTENT_CACHE_SECONDS`` 0) nothing is kept, so the walk is skipped.
    """
    if not path_components or settings.CONTENT_CACHE_SECONDS <= 0:
        return None
    sections = cached(f"routing-sections:{root.pk}", lambda: _sections(root), per_language=False)
    current, remaining = root, list(path_components)
    while remaining:
        if current is not root and _routes_itself(current, remaining):
            break
        child = sections.get(f"{current.url_path}{remaining[0]}/")
        if child is None:
            break
        # What Page.route does for the child it found, so get_parent() costs no query.
        child._cached_parent_obj = current
        current, remaining = child, remaining[1:]
    if current is root:
        return None
    if len(remaining) == 1 and not _routes_itself(current, remaining):
        page = _only_child_type(current, remaining[0])
        if page is not None:
            return page.route(request, [])
    return current.route(request, remaining)


def _child_queryset(model: type[Page], section: Page, slug: str) -> QuerySet:
    # The tree row first, as a subquery PostgreSQL runs once (an InitPlan), then the specific row
    # by its key. Written as one join, the planner may take either table first: without fresh
    # statistics (rows written in bulk, autovacuum not yet run) it scanned all 1,681 forum
    # reports and looked each one's tree row up, 1.2 s a page instead of under a millisecond.
    tree_row = Page.objects.child_of(section).filter(slug=slug).values("pk")[:1]
    return model.objects.filter(pk=Subquery(tree_row)).order_by("pk")


# A stand-in no slug can equal (slugs hold no control characters), to find the slug's parameter.
_SLUG_STANDIN = "\x00slug"


@functools.lru_cache(maxsize=64)
def _child_statement(
    model: type[Page], section_pk: int, path: str, depth: int
) -> tuple[tuple[str, tuple[Any, ...]] | None, int]:
    """The SQL and parameters of :func:`_child_queryset` for the section ``section_pk`` at ``path``
    (what Wagtail's ``child_of`` reads of it), and which
    parameter is the slug; (None, -1) where the rows could not be read back by column name.

    Building and compiling that query for a page type of ~90 columns cost 1.3 ms of CPU of a
    case study's ~11 (the ORM's planning, the same on every request for one section); reading its
    row costs the same either way. Only the slug changes from one reader to the next, so the
    statement is compiled once per section and process and its row read with ``raw()``, which
    sets each field from the column of its name: the column order of the cached text cannot
    matter, and a model whose tables repeat a column name (two fields one name) keeps the ORM.
    The statement depends on no language (modeltranslation rewrites neither ``pk`` nor ``slug``
    here): tests/portal/test_routing.py holds it against the ORM's in four languages.
    """
    columns = [field.column for field in model._meta.concrete_fields]
    if len(columns) != len(set(columns)):
        return None, -1
    section = Page(pk=section_pk, path=path, depth=depth)
    sql, params = _child_queryset(model, section, _SLUG_STANDIN)[:1].query.sql_with_params()
    if params.count(_SLUG_STANDIN) != 1:
        return None, -1
    return (sql, tuple(params)), params.index(_SLUG_STANDIN)


def _only_child_type(section: Page, slug: str) -> Page | None:
    """The child at ``slug`` of a section whose children are all of one page type, read from that
    type's table in one query (Wagtail reads the tree row, then the specific one), or None."""
    allowed = type(section).allowed_subpage_models()
    if len(allowed) != 1 or allowed[0].route is not _PAGE_ROUTE:
        return None
    statement, slug_at = _child_statement(allowed[0], section.pk, section.path, section.depth)
    if statement is None:
        page = _child_queryset(allowed[0], section, slug).first()
    else:
        params = list(statement[1])
        params[slug_at] = slug
        page = _read_row(allowed[0], statement[0], params)
    # A page of another type here (made before the rule, or of a subclass) is Wagtail's to find.
    if page is None or type(page) is not page.specific_class:
        return None
    page._cached_parent_obj = section
    return page
