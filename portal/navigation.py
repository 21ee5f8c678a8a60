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

from portal.content_cache import cached


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


def _navigation_links(request: HttpRequest, site: Site | None) -> list[tuple[str, str]]:
    """(URL, label) of every section for this site in the active language, in menu order."""
    links: list[tuple[int, str, str]] = []
    if site is not None:
        root = site.root_page
        # Plain pages: a title (translated on the page row) and a URL need no specific type, which
        # would cost one more query per section type on every page of the site.
        pages = Page.objects.child_of(root).live().in_menu().order_by("path")
        for position, page in enumerate(pages):
            url = page.get_url(request=request)
            if url:
                links.append((position, url, page.title))
    shown = {url for _order, url, _label in links}
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
        links.append((section.order, url, str(section.label)))
    return [(url, label) for _order, url, label in sorted(links, key=lambda link: link[0])]


def main_navigation(request: HttpRequest) -> list[NavigationItem]:
    """The menu for this request; its links change only with the content (portal.content_cache)."""
    # Keyed by what picks the site (host and port; sites are content too), so pages Wagtail does
    # not serve (the directory, profiles) need not look the site up at all.
    links = cached(
        f"navigation:{request.get_host()}:{request.get_port()}",
        lambda: _navigation_links(request, Site.find_for_request(request)),
    )
    path = request.path
    return [NavigationItem(url, label, path.startswith(url)) for url, label in links]
