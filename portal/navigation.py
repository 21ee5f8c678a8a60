"""The main navigation: top-level pages editors mark "show in menus", then app sections.

Apps add their own sections (the experts directory, twinning, …) with `register_section` from
their AppConfig.ready(), so the shell never needs to know which apps exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from wagtail.models import Page, Site


@dataclass(frozen=True)
class Section:
    url_name: str
    label: str | Promise
    order: int
    # For sections served by a Wagtail page (whose URL no route name reverses): returns its URL
    # for this request, or "" while the page does not exist.
    resolve: Callable[[HttpRequest], str] | None = None


@dataclass(frozen=True)
class NavigationItem:
    url: str
    label: str
    is_active: bool


_sections: dict[str, Section] = {}


def register_section(
    *,
    url_name: str,
    label: str | Promise,
    order: int = 100,
    resolve: Callable[[HttpRequest], str] | None = None,
) -> None:
    _sections[url_name] = Section(url_name=url_name, label=label, order=order, resolve=resolve)


def main_navigation(request: HttpRequest) -> list[NavigationItem]:
    path = request.path
    items: list[tuple[int, NavigationItem]] = []
    site = Site.find_for_request(request)
    if site is not None:
        root = site.root_page
        # Plain pages: a title (translated on the page row) and a URL need no specific type, which
        # would cost one more query per section type on every page of the site.
        pages = Page.objects.child_of(root).live().in_menu().order_by("path")
        for position, page in enumerate(pages):
            url = page.get_url(request=request)
            if url:
                items.append((position, NavigationItem(url, page.title, path.startswith(url))))
    shown = {item.url for _order, item in items}
    for section in _sections.values():
        if section.resolve is not None:
            url = section.resolve(request)
        else:
            try:
                url = reverse(section.url_name)
            except NoReverseMatch:
                continue
        if not url or url in shown:
            continue
        items.append((section.order, NavigationItem(url, str(section.label), path.startswith(url))))
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]
