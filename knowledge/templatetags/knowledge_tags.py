from typing import Any

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from portal.content_cache import cached
from portal.i18n import DEFAULT_LANGUAGE, written_in
from portal.templatetags.portal_tags import language_name_local

register = template.Library()


@register.filter
def fallback_lang(page: Any, field: str) -> str:
    """ "en" when `field` is shown in English because the reader's language lacks it, else ""."""
    language = get_language() or DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE:
        return ""
    return "" if written_in(page, field, language) else DEFAULT_LANGUAGE


@register.simple_tag
def fallback_lang_attr(page: Any, field: str) -> str:
    """` lang="en"` for an element showing `field` in English as a fallback, else nothing: screen
    readers then pronounce the English text as English."""
    return format_html(' lang="{}"', lang) if (lang := fallback_lang(page, field)) else ""


@register.simple_tag(takes_context=True)
def feed_url(context: template.Context, index: Any, name: str = "feed") -> str:
    request: HttpRequest | None = context.get("request")
    base = index.get_url(request=request) or ""
    return base.rstrip("/") + "/" + index.reverse_subpage(name).lstrip("/")


@register.simple_tag(takes_context=True)
def subpage_url(context: template.Context, page: Any, name: str) -> str:
    """The URL of one of a routable page's own routes (an event's register/ or calendar.ics)."""
    return feed_url(context, page, name)


@register.simple_tag
def query_with(query: str, **changes: Any) -> str:
    """The current filter query string with some parameters replaced (pagination links)."""
    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def query_without(query: str, name: str, value: str) -> str:
    """The current filter query string without one selected value (the "remove filter" links)."""
    params = QueryDict(query, mutable=True)
    params.setlist(name, [v for v in params.getlist(name) if v.upper() != str(value).upper()])
    params.pop("page", None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def knowledge_home_sections(context: template.Context) -> SafeString:
    """The home page's newest pages and twinning highlights, rendered once per site and language
    until the content changes (about ten queries and most of the home page's rendering time)."""
    request: HttpRequest | None = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return cached(f"home-sections:{site.pk if site else 0}", lambda: _render_home_sections(context))


def _render_home_sections(context: template.Context) -> SafeString:
    from knowledge import maps
    from knowledge.selectors import (
        city_listing,
        latest_knowledge_pages,
        partnerships_on_map,
        twinning_highlights,
    )

    latest = latest_knowledge_pages(limit=3)
    cities = city_listing(params={}).cities
    html = render_to_string(
        "knowledge/includes/home_sections.html",
        {
            "request": context.get("request"),
            "latest_sections": [
                ("case-studies", latest["casestudypage"]),
                ("training", latest["trainingmaterialpage"]),
                ("forum-reports", latest["forumreportpage"]),
            ],
            "partnerships": twinning_highlights(),
            # Where the member cities are and who mentors whom, drawn on the server (no script).
            "home_map": maps.network_map(cities=cities, partnerships=list(partnerships_on_map()))
            if cities
            else None,
            "cities": cities,
            "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        },
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own template, autoescaped


# One filter for every template (portal_tags defines it for base.html's language switcher).
register.filter("language_name_local", language_name_local)


@register.filter
def document_language(document: Any) -> str:
    """The language ``document``'s file declares ("vi"), or "" when unknown or not yet read."""
    try:
        return document.extracted_text.language
    except (AttributeError, ObjectDoesNotExist):
        return ""


@register.simple_tag
def indicator_charts(blocks: Any) -> SafeString:
    """Indicator blocks (a results stream, or one block's value) as charts with their data tables."""
    from knowledge.charts import indicator_charts as build_charts

    if hasattr(blocks, "get") and not hasattr(blocks, "stream_block"):
        blocks = [blocks]
    return mark_safe(  # noqa: S308 (rendered from an autoescaping template)
        "".join(
            render_to_string("blocks/indicator_chart.html", {"chart": chart})
            for chart in build_charts(blocks)
        )
    )
