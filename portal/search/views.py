"""The search page and the JSON search API: both speak only to the search layer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
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

from portal.api import read_only_api
from portal.collation import sort_key
from portal.i18n import is_portal_language, language_codes
from portal.l10n import local_year
from portal.search.documents import get_document_type
from portal.search.engines.base import SearchEngineError, get_engine
from portal.search.glossary import GLOSSARY
from portal.search.picks import apply_picks
from portal.search.query import Hit, SearchQuery, SearchResult
from portal.search.requests import (
    BadSearchRequest,
    FilterParameter,
    SearchSpec,
    get_spec,
    parse_search_request,
)
from portal.search.stats import record_click, record_search
from portal.search.suggest import did_you_mean

logger = logging.getLogger(__name__)

# The page's result groups, in the order they are shown; each is a registered SearchSpec.
PAGE_GROUPS = (("practices", "knowledge"), ("experts", "experts"))
GROUP_PREVIEW_SIZE = 5


def run_search(
    spec: SearchSpec, params: QueryDict, language: str
) -> tuple[SearchQuery, SearchResult, list[dict]]:
    """Search one collection; return the query, the result and the presented hits.

    Editors' picks for the query come first on page 1 (see portal.search.picks); every presented
    hit says whether it is ``pinned``.
    """
    query = parse_search_request(params, spec=spec, language=language)
    document_type = get_document_type(spec.document_type)
    query.validate_for(document_type)
    engine = get_engine()
    result = apply_picks(engine, document_type, query, engine.search(document_type, query))
    suggestion = did_you_mean(query.text, result.hits, collection_words=document_type.collection_words)
    if suggestion:
        result = replace(result, suggestion=suggestion)
    return query, result, [_present(spec, hit, language) for hit in result.hits]


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


def _json_error(status: int, reasons: list[str]) -> JsonResponse:
    response = JsonResponse(
        {"error": "bad request" if status == 400 else "unavailable", "reasons": reasons}, status=status
    )
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_S)
    return response


@read_only_api
def search_api(request: HttpRequest, *, document_type: str) -> JsonResponse:
    """GET /api/v1/<collection>: search answered as JSON (documented in README and openapi.json)."""
    language = request.GET.get("lang") or translation.get_language() or "en"
    if not is_portal_language(language):
        reason = _("lang must be one of %(choices)s, not %(value)r")
        return _json_error(400, [reason % {"choices": ", ".join(language_codes()), "value": language[:20]}])
    spec = get_spec(document_type)
    try:
        with translation.override(language):
            query, result, results = run_search(spec, request.GET, language)
    except BadSearchRequest as error:
        return _json_error(400, error.reasons)
    except SearchEngineError:
        logger.exception("search engine failed answering %s", request.get_full_path())
        return _json_error(503, [_("the search engine is not answering; try again shortly")])
    if _counts_as_a_search(request, query):
        record_search(query.text, language, document_type, found=bool(result.total or results))
    return JsonResponse(
        {
            "count": result.total,
            "page": query.page,
            "page_size": query.page_size,
            "results": results,
            "facets": result.facets,
            "engine": result.engine,
            "matched_all_words": result.matched_all_words,
            "suggestion": result.suggestion or None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]


@dataclass
class ResultGroup:
    key: str
    label: str
    spec: SearchSpec
    query: SearchQuery
    result: SearchResult
    hits: list[dict]
    facets: list[Facet] = field(default_factory=list)
    sorts: list[tuple[str, str, bool]] = field(default_factory=list)

    previous_url: str = ""
    next_url: str = ""

    @property
    def page_count(self) -> int:
        return max(1, -(-self.result.total // self.query.page_size))


def _url_with(params: QueryDict, **changes: list[str] | str | None) -> str:
    """The search URL with some parameters replaced (None removes); always back to page 1."""
    updated = params.copy()
    if "page" not in changes:
        updated.pop("page", None)
    for name, value in changes.items():
        if value is None:
            updated.pop(name, None)
        elif isinstance(value, list):
            updated.setlist(name, value)
        else:
            updated[name] = value
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"


def _option_labels(parameter: FilterParameter, values: list[str]) -> dict[str, str]:
    """Each value's label; a year as the reader's calendar writes it (Thai: "2558 (2015)"), like
    the years in the hits beside it."""
    if parameter.numeric:
        return {value: local_year(value) for value in values}
    return {value: str(label) for value, label in parameter.value_labels().items()}


def _option_order(parameter: FilterParameter, labels: dict[str, str]) -> Callable[[tuple[str, int]], Any]:
    if parameter.numeric:
        return lambda item: (-int(item[0]) if item[0].lstrip("-").isdigit() else 0, item[0])
    if parameter.by_name:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return lambda item: sort_key(labels.get(item[0], item[0]), language)
    return lambda item: (-item[1], labels.get(item[0], item[0]))


def _facets(spec: SearchSpec, result: SearchResult, params: QueryDict, names: list[str]) -> list[Facet]:
    facets = []
    for parameter in spec.filters:
        if parameter.name not in names:
            continue
        counts = result.facets.get(parameter.name, {})
        labels = _option_labels(parameter, [*counts, *params.getlist(parameter.name)])
        chosen = params.getlist(parameter.name)
        options = []
        for value, count in sorted(counts.items(), key=_option_order(parameter, labels)):
            selected = value in chosen
            toggled = [v for v in chosen if v != value] if selected else [*chosen, value]
            options.append(
                FacetOption(
                    value=value,
                    label=str(labels.get(value, value)),
                    count=count,
                    selected=selected,
                    url=_url_with(params, **{parameter.name: toggled}),
                )
            )
        # A chosen value with no results left still shows, so the reader can remove it.
        for value in chosen:
            if value not in counts:
                options.append(
                    FacetOption(
                        value,
                        str(labels.get(value, value)),
                        0,
                        True,
                        _url_with(params, **{parameter.name: [v for v in chosen if v != value]}),
                    )
                )
        if options:
            facets.append(Facet(parameter.name, str(parameter.label), options))
    return facets


GROUP_LABELS = {"practices": gettext_lazy("Practices and reports"), "experts": gettext_lazy("Experts")}
# What the search report calls each scope of the page.
SCOPE_COLLECTIONS = {"all": "all", "practices": "knowledge", "experts": "experts"}
SORT_LABELS = {
    "relevance": gettext_lazy("Relevance"),
    "date": gettext_lazy("Newest first"),
    "name": gettext_lazy("Name"),
    "title": gettext_lazy("Title"),
}


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """/<lang>/search/: practices and experts for one query, with facets, sorting and pages.

    With ``scope=practices`` or ``scope=experts`` one group is shown in full with its own facets
    and pages; without it, the first results of both groups and the filters they share.
    """
    language = translation.get_language() or "en"
    params = request.GET.copy()
    scope = params.get("scope", "all")
    if scope not in {"all", *GROUP_LABELS}:
        scope = "all"
    problems: list[str] = []
    unavailable = False
    groups: list[ResultGroup] = []
    for key, document_type in PAGE_GROUPS:
        if scope not in {"all", key}:
            continue
        spec = get_spec(document_type)
        group_params = params.copy()
        if scope == "all":
            group_params["page"] = "1"
            group_params["page_size"] = str(GROUP_PREVIEW_SIZE)
        else:
            group_params.pop("page_size", None)
        try:
            query, result, hits = run_search(spec, group_params, language)
        except BadSearchRequest as error:
            problems.extend(error.reasons)
            continue
        except SearchEngineError:
            logger.exception("search engine failed answering %s", request.get_full_path())
            unavailable = True
            continue
        click_params = {"q": query.text, "c": SCOPE_COLLECTIONS[scope]}
        for hit in hits:
            hit["click_url"] = _click_url(click_params, hit["url"])
        group = ResultGroup(key, str(GROUP_LABELS[key]), spec, query, result, hits)
        group.sorts = [
            (
                str(SORT_LABELS.get(name, name)),
                _url_with(params, sort=name),
                params.get("sort", "relevance") == name,
            )
            for name in spec.sorts
        ]
        if scope != "all":
            if query.page > 1:
                group.previous_url = _url_with(params, page=str(query.page - 1))
            if query.page < group.page_count:
                group.next_url = _url_with(params, page=str(query.page + 1))
        groups.append(group)

    if scope == "all":
        shared = (
            [p.name for p in groups[0].spec.filters if all(g.spec.filter_parameter(p.name) for g in groups)]
            if groups
            else []
        )
        facets = _merged_facets(groups, params, shared)
    else:
        facets = _facets(groups[0].spec, groups[0].result, params, groups[0].spec.facets) if groups else []

    active_filters = [
        (option.label, option.url) for facet in facets for option in facet.options if option.selected
    ]
    # One correction for the page: the first group's (practices), else the other's.
    suggestion = next((group.result.suggestion for group in groups if group.result.suggestion), "")
    context = {
        "query_text": params.get("q", ""),
        "suggestion": suggestion,
        "suggestion_url": _url_with(params, q=suggestion) if suggestion else "",
        "scope": scope,
        "groups": groups,
        "facets": facets,
        "active_filters": active_filters,
        "problems": problems,
        "unavailable": unavailable,
        "total": sum(group.result.total for group in groups),
        "scope_urls": {
            key: _url_with(params, scope=None if key == "all" else key, sort=None)
            for key in ("all", *GROUP_LABELS)
        },
        "related_topics": related_topics(language),
        "language": language,
    }
    if groups and _counts_as_a_search(request, groups[0].query):
        record_search(
            groups[0].query.text,
            language,
            SCOPE_COLLECTIONS[scope],
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
    record_click(request.GET.get("q", ""), translation.get_language() or "en", request.GET.get("c", "all"))
    return HttpResponseRedirect(target)


def _merged_facets(groups: list[ResultGroup], params: QueryDict, names: list[str]) -> list[Facet]:
    """Facets shared by every group, with their counts added up across the groups."""
    if not groups:
        return []
    merged: dict[str, dict[str, int]] = {}
    for group in groups:
        for name in names:
            for value, count in group.result.facets.get(name, {}).items():
                merged.setdefault(name, {})[value] = merged.setdefault(name, {}).get(value, 0) + count
    combined = SearchResult(hits=[], total=0, facets=merged)
    return _facets(groups[0].spec, combined, params, names)


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
