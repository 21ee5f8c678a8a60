from django import template
from django.http import HttpRequest

from portal.navigation import NavigationItem, main_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation_items(context: template.Context) -> list[NavigationItem]:
    request: HttpRequest | None = context.get("request")
    return main_navigation(request) if request is not None else []


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    request: HttpRequest = context["request"]
    return request.build_absolute_uri(url)
