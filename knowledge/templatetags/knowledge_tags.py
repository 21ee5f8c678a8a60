from typing import Any

from django import template
from django.http import HttpRequest, QueryDict
from django.utils.html import format_html
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from knowledge.models.base import DEFAULT_LANGUAGE, _has_value

register = template.Library()


@register.filter
def fallback_lang(page: Any, field: str) -> str:
    """ "en" when `field` is shown in English because the reader's language lacks it, else ""."""
    language = get_language() or DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE:
        return ""
    local = getattr(page, build_localized_fieldname(field, language), None)
    return "" if _has_value(local) else DEFAULT_LANGUAGE


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


@register.inclusion_tag("knowledge/includes/home_sections.html", takes_context=True)
def knowledge_home_sections(context: template.Context) -> dict[str, Any]:
    from knowledge.selectors import latest_knowledge_pages, twinning_highlights

    latest = latest_knowledge_pages(limit=3)
    return {
        "request": context.get("request"),
        "latest_sections": [
            ("case-studies", latest["casestudypage"]),
            ("training", latest["trainingmaterialpage"]),
            ("forum-reports", latest["forumreportpage"]),
        ],
        "partnerships": twinning_highlights(),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.filter
def language_name_local(code: str) -> str:
    """The language's own name ("Tiếng Việt"), or the code when Django does not know it."""
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
