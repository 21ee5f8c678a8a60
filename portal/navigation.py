"""The main navigation: top-level pages editors mark "show in menus", then app sections.

Apps add their own sections (the experts directory, twinning, …) with `register_section` from
their AppConfig.ready(), so the shell never needs to know which apps exist.
"""

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


@dataclass(frozen=True)
class NavigationItem:
    url: str
    label: str
    is_active: bool


_sections: dict[str, Section] = {}


def register_section(*, url_name: str, label: str | Promise, order: int = 100) -> None:
    _sections[url_name] = Section(url_name=url_name, label=label, order=order)


def main_navigation(request: HttpRequest) -> list[NavigationItem]:
    path = request.path
    items: list[tuple[int, NavigationItem]] = []
    site = Site.find_for_request(request)
    if site is not None:
        root = site.root_page
        pages = Page.objects.child_of(root).live().in_menu().specific().order_by("path")
        for position, page in enumerate(pages):
            url = page.get_url(request=request)
            if url:
                items.append((position, NavigationItem(url, page.title, path.startswith(url))))
    for section in _sections.values():
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue
        items.append((section.order, NavigationItem(url, str(section.label), path.startswith(url))))
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]
