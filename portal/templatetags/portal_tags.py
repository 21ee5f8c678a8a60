from datetime import date, datetime
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from portal import l10n, seo
from portal.navigation import NavigationItem, main_navigation
from portal.stylesheets import stylesheet_text

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation_items(context: template.Context) -> list[NavigationItem]:
    request: HttpRequest | None = context.get("request")
    return main_navigation(request) if request is not None else []


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    request: HttpRequest = context["request"]
    return seo.absolute_url(request=request, url=url)


@register.simple_tag(takes_context=True)
def inline_stylesheet(context: template.Context, path: str) -> SafeString:
    """The portal's stylesheet at ``path`` set in the page (see portal.stylesheets: no round trip
    before the first paint), allowed by the response's CSP nonce."""
    # The text is the portal's own file, checked to hold no "</"; escaping it would break
    # selectors such as "a > b".
    css = mark_safe(stylesheet_text(path=path))  # noqa: S308
    return format_html('<style nonce="{}">{}</style>', context.get("CSP_NONCE", ""), css)


@register.inclusion_tag("includes/crawl_links.html", takes_context=True)
def crawl_links(
    context: template.Context, listing: bool = False, keep: str = "page", noindex: bool = False
) -> dict[str, Any]:
    """The hreflang alternates, canonical link and robots directive of the page (see
    portal.seo.crawl_directives); `keep` is the comma-separated parameters of a listing that are
    not filters."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return {"canonical": "", "robots": ""}
    names = [name.strip() for name in keep.split(",") if name.strip()]
    return seo.crawl_directives(request=request, listing=listing, keep=names, noindex=noindex)


# Dates and numbers as readers of the active language write them (see portal.l10n). The optional
# argument is an IANA time zone: an event's times are always shown in the event's own zone.


@register.filter
def local_date(value: date | datetime | None, zone_name: str = "") -> str:
    return l10n.local_date(value, zone_name or None)


@register.filter
def any_selected(options: list) -> bool:
    """Whether any of these facet options is ticked (keeps a "show all" list open)."""
    return any(getattr(option, "selected", False) for option in options)


@register.filter
def local_year(value: int | str | None) -> str:
    return l10n.local_year(value)


@register.filter
def local_years_in_text(value: str | None) -> str:
    return l10n.local_years_in_text(value)


@register.filter
def local_datetime(value: datetime | None, zone_name: str = "") -> str:
    return l10n.local_datetime(value, zone_name or None)


@register.filter
def local_time(value: datetime | None, zone_name: str = "") -> str:
    return l10n.local_time(value, zone_name or None)


@register.filter
def zone_label(value: datetime | None, zone_name: str) -> str:
    """ "Asia/Bangkok, UTC+07:00": the zone's name and its offset on the day of `value`."""
    return l10n.zone_label(value, zone_name)


@register.filter
def local_number(value: int | float | str | None) -> str:
    return l10n.local_number(value)
