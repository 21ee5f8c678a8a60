"""The search page and the JSON search API: both speak only to the search layer."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.filters import (
    Chip,
    Facet,
    Selection,
    UnknownValue,
    build_facets,
    chips,
    clear_url,
    parse_filters,
    url_with,
)
from portal.ratelimit import RateDecision, limit_search
from portal.search.documents import get_document_type
from portal.search.engines.base import SearchEngineError, get_engine
from portal.search.glossary import GLOSSARY
from portal.search.picks import apply_picks
from portal.search.query import Hit, SearchQuery, SearchResult
from portal.search.requests import BadSearchRequest, SearchSpec, page_specs, parse_search_request
from portal.search.stats import ALL_COLLECTIONS, record_click, record_search
from portal.search.suggest import did_you_mean

logger = logging.getLogger(__name__)

GROUP_PREVIEW_SIZE = 5


def run_search(
    spec: SearchSpec, params: QueryDict, language: str
) -> tuple[SearchQuery, SearchResult, list[dict]]:
    """Search one collection for the page's parameters; return the query, the result and the
    presented hits (the API validates its parameters with its own declaration, portal/search/api.py,
    then searches the same way: :func:`search_with`)."""
    query = parse_search_request(params, spec=spec, language=language)
    result, hits = search_with(spec, query, language)
    return query, result, hits


def search_with(spec: SearchSpec, query: SearchQuery, language: str) -> tuple[SearchResult, list[dict]]:
    """Run a validated ``query``; return the result and the presented hits.

    Editors' picks for the query come first on page 1 (see portal.search.picks); every presented
    hit says whether it is ``pinned``.
    """
    document_type = get_document_type(spec.document_type)
    query.validate_for(document_type)
    engine = get_engine()
    result = apply_picks(engine, document_type, query, engine.search(document_type, query))
    suggestion = did_you_mean(query.text, result.hits, collection_words=document_type.collection_words)
    if suggestion:
        result = replace(result, suggestion=suggestion)
    return result, [_present(spec, hit, language) for hit in result.hits]


def _present(spec: SearchSpec, hit: Hit, language: str) -> dict[str, Any]:
    presented = {**spec.present(hit, language), "pinned": hit.pinned, "found_by_meaning": hit.semantic_only}
    if hit.semantic_only:
        # Hybrid search found it by meaning, not by the reader's words: say so, and in which
        # language the matching text is written (the title shown is already the reader's when
        # one exists).
        presented["meaning_language"] = hit.semantic_language
        name = get_language_info(hit.semantic_language)["name_translated"] if hit.semantic_language else ""
        presented["meaning_note"] = (
            _("Related in meaning; written in %(language)s.") % {"language": name}
            if name
            else _("Related in meaning.")
        )
    return presented


def _counts_as_a_search(request: HttpRequest, query: SearchQuery) -> bool:
    """Whether this request is a search for the report: a first page, not a keystroke.

    Later pages are the same search read further, and the page's script marks the loads it makes
    while the reader is still typing ("bik", "bike s"), which would fill the report with halves.
    """
    return query.page == 1 and bool(query.text) and request.headers.get("X-Search-Typing") != "1"


# How long a client should wait before asking again while the engine is down (503 answers).
RETRY_AFTER_S = 60


@dataclass
class ResultGroup:
    key: str
    label: str
    spec: SearchSpec
    query: SearchQuery
    result: SearchResult
    hits: list[dict]
    selection: Selection
    sorts: list[tuple[str, str, bool]] = field(default_factory=list)

    previous_url: str = ""
    next_url: str = ""
    # This group alone (its scope), for "See all" under its preview.
    scope_url: str = ""

    @property
    def page_count(self) -> int:
        return max(1, -(-self.result.total // self.query.page_size))


ALL_SCOPES = "all"
"""The page's default scope: every group, a few results each."""
SORT_LABELS = {
    "relevance": gettext_lazy("Relevance"),
    "date": gettext_lazy("Newest first"),
    "name": gettext_lazy("Name"),
    "title": gettext_lazy("Title"),
}


def _too_many_searches(request: HttpRequest, decision: RateDecision) -> HttpResponse:
    response = render(
        request, "search/rate_limited.html", {"retry_after_s": decision.retry_after_s}, status=429
    )
    response["Retry-After"] = str(decision.retry_after_s)
    return response


@require_safe
@limit_search(_too_many_searches)
def search_page(request: HttpRequest) -> HttpResponse:
    """/<lang>/search/: every registered collection's group for one query, with facets, sorting
    and pages.

    With ``scope=<a group's scope>`` (``practices``, ``experts``) that group is shown in full with
    its own facets and pages; without it, the first results of every group and the filters they
    share.
    """
    language = translation.get_language() or "en"
    params = request.GET.copy()
    # The groups come from the registry (each app registers its collection's PageGroup).
    specs = {spec.page_group.scope: spec for spec in page_specs() if spec.page_group is not None}
    scope = params.get("scope", ALL_SCOPES)
    if scope not in {ALL_SCOPES, *specs}:
        scope = ALL_SCOPES
    # What the search report calls this page: "all", or the one collection shown.
    collection = ALL_COLLECTIONS if scope == ALL_SCOPES else specs[scope].document_type
    scope_urls = {
        key: url_with(params, scope=None if key == ALL_SCOPES else key, sort=None)
        for key in (ALL_SCOPES, *specs)
    }
    problems: list[str] = []
    # Filter values no group knows are reported once, however many groups refused them.
    unknown: dict[UnknownValue, None] = {}
    unavailable = False
    groups: list[ResultGroup] = []
    for key, spec in specs.items():
        if scope not in {ALL_SCOPES, key}:
            continue
        group_params = params.copy()
        if scope == ALL_SCOPES:
            group_params["page"] = "1"
            group_params["page_size"] = str(GROUP_PREVIEW_SIZE)
        else:
            group_params.pop("page_size", None)
        # The page shows what the known filters find and names the values it could not use
        # (portal.filters); the API refuses them instead.
        selection = parse_filters(group_params, filters=spec.filters)
        unknown.update(dict.fromkeys(selection.unknown))
        try:
            query, result, hits = run_search(spec, selection.known_params(group_params), language)
        except BadSearchRequest as error:
            problems.extend(error.reasons)
            continue
        except SearchEngineError:
            logger.exception("search engine failed answering %s", request.get_full_path())
            unavailable = True
            continue
        click_params = {"q": query.text, "c": collection}
        for hit in hits:
            hit["click_url"] = _click_url(click_params, hit["url"])
        group = ResultGroup(key, str(spec.page_group.label), spec, query, result, hits, selection)
        group.scope_url = scope_urls[key]
        group.sorts = [
            (
                str(SORT_LABELS.get(name, name)),
                url_with(params, sort=name),
                params.get("sort", "relevance") == name,
            )
            for name in spec.sorts
        ]
        if scope != ALL_SCOPES:
            if query.page > 1:
                group.previous_url = url_with(params, page=str(query.page - 1))
            if query.page < group.page_count:
                group.next_url = url_with(params, page=str(query.page + 1))
        groups.append(group)

    facets, page_chips, page_clear_url = _page_facets(groups, params)
    # One correction for the page: the first group's, else the next one's that has one.
    suggestion = next((group.result.suggestion for group in groups if group.result.suggestion), "")
    context = {
        "query_text": params.get("q", ""),
        "suggestion": suggestion,
        "suggestion_url": url_with(params, q=suggestion) if suggestion else "",
        "scope": scope,
        "groups": groups,
        "facets": facets,
        "chips": page_chips,
        "clear_url": page_clear_url,
        "unknown": list(unknown),
        "problems": problems,
        "unavailable": unavailable,
        "total": sum(group.result.total for group in groups),
        "scope_urls": scope_urls,
        # The page's tabs after "Everything": one per group, in the order they are shown.
        "scope_tabs": [
            {"url": scope_urls[key], "label": spec.page_group.label, "current": scope == key}
            for key, spec in specs.items()
        ],
        "related_topics": related_topics(language),
        "language": language,
    }
    if groups and _counts_as_a_search(request, groups[0].query):
        record_search(
            groups[0].query.text,
            language,
            collection,
            found=any(group.result.total or group.hits for group in groups),
        )
    template = (
        "search/results.html" if request.headers.get("X-Requested-With") == "fetch" else "search/search.html"
    )
    # The engine down is the portal's fault, not the reader's: 503 (never 400), and a notice.
    status = 200
    if not groups:
        status = 503 if unavailable else 400 if problems else 200
    response = render(request, template, context, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_S)
    # The same URL answers a whole page or, to the page's own script, only the results.
    patch_vary_headers(response, ["X-Requested-With"])
    return response


def _click_url(params: dict[str, str], url: str) -> str:
    """The result link through the click counter (search_click), back to ``url``."""
    return f"{reverse('search_click')}?{urlencode({**params, 'to': url})}"


def is_same_site_path(target: str) -> bool:
    """Whether ``target`` is a path on this site (never another host, scheme or ``//`` URL).

    Browsers read a backslash as a slash and drop tabs and newlines, so a backslash after the
    first slash, or a tab before a second one, leads to another host too: anything carrying
    them (or any other space or control character) is refused.
    """
    if not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(not char.isprintable() or char.isspace() for char in target):
        return False
    parts = urlsplit(target)
    return (
        not parts.scheme and not parts.netloc and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    )


@require_safe
@never_cache
def search_click(request: HttpRequest) -> HttpResponse:
    """/<lang>/search/click/?q=…&c=…&to=/path: count a followed result, then go to it.

    Why a redirect rather than a script: following a link works without JavaScript, and the count
    is all the report needs (query, language, collection; nothing about the reader). Only paths
    on this site are followed, so the link cannot send readers elsewhere (no open redirect).
    """
    target = request.GET.get("to", "")
    if not is_same_site_path(target):
        return HttpResponseBadRequest(_("This link does not lead to a page of this site."))
    record_click(
        request.GET.get("q", ""), translation.get_language() or "en", request.GET.get("c", ALL_COLLECTIONS)
    )
    return HttpResponseRedirect(target)


def _page_facets(groups: list[ResultGroup], params: QueryDict) -> tuple[list[Facet], list[Chip], str]:
    """The page's facets, chips and "clear all" link, commonest values first.

    One group shown in full has its own facets; both groups together show the filters they
    share, with their counts added up across the groups.
    """
    if not groups:
        return [], [], url_with(params)
    first = groups[0]
    if len(groups) == 1:
        counts = first.result.facets
        names = [parameter.name for parameter in first.spec.filters]
    else:
        # Only filters that mean the same in every group: `language` is the languages a page is
        # written in ("Available in") for practices but the languages an expert speaks for experts,
        # so adding their counts up would count speakers as pages under "Available in".
        names = [
            p.name for p in first.spec.filters if all(g.spec.filter_parameter(p.name) == p for g in groups)
        ]
        counts = {}
        for group in groups:
            for name in names:
                merged = counts.setdefault(name, {})
                for value, count in group.result.facets.get(name, {}).items():
                    merged[value] = merged.get(value, 0) + count
    shown = first.selection.restricted_to(names)
    facets = build_facets(shown, counts=counts, params=params, order="count")
    return facets, chips(shown, params=params), clear_url(shown, params=params)


RELATED_TOPIC_KEYS = (
    "emissions-inventory",
    "air-quality-monitoring",
    "public-bike-sharing",
    "pm25",
    "low-emission-zones",
)


def related_topics(language: str) -> list[tuple[str, str]]:
    """Glossary terms in the reader's language to try when nothing was found: (label, URL)."""
    topics = []
    for group in GLOSSARY:
        if group.key in RELATED_TOPIC_KEYS:
            term = (group.terms.get(language) or group.terms["en"])[0]
            topics.append((term, "?" + urlencode({"q": term})))
    return topics
