import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from portal import l10n, seo
from portal.content_cache import cached
from portal.i18n import language_name_local as _language_name_local
from portal.navigation import NavigationItem, main_navigation
from portal.stylesheets import stylesheet_text

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation_items(context: template.Context) -> list[NavigationItem]:
    request: HttpRequest | None = context.get("request")
    return main_navigation(request) if request is not None else []


@register.simple_tag(takes_context=True)
def navigation_key(context: template.Context, items: list[NavigationItem]) -> str:
    """What the menu's markup depends on besides the language and the content: the site (host and
    port pick it, as for ``main_navigation``) and which entries are the reader's current section."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    home = request.path == f"/{context.get('LANGUAGE_CODE')}/"
    active = ",".join(str(index) for index, item in enumerate(items) if item.is_active)
    return f"{request.get_host()}:{request.get_port()}:{int(home)}:{active}"


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
def language_name_local(code: str) -> str:
    """The language's own name ("Tiếng Việt"), or the code when Django does not know it."""
    return _language_name_local(code)


@register.filter
def local_number(value: int | float | str | None) -> str:
    return l10n.local_number(value)


# A hole's stand-in in the fragment's cached text: its name (with the key, for a mapping's value)
# between NUL characters, which no template text and no printed value contains (escaping leaves
# them alone; RejectNulBytesMiddleware refuses them in a request).
_MARKER = re.compile("\x00([^\x00]+)\x00")


class ContentFragmentNode(template.Node):
    """See :func:`content_fragment`."""

    def __init__(
        self,
        nodelist: template.NodeList,
        *,
        name: str,
        vary: list[template.base.FilterExpression],
        holes: dict[str, template.base.FilterExpression],
    ) -> None:
        self.nodelist, self.name, self.vary, self.holes = nodelist, name, vary, holes

    def render(self, context: template.Context) -> str:
        values = {hole: expression.resolve(context) for hole, expression in self.holes.items()}
        if settings.CONTENT_CACHE_SECONDS <= 0:
            # Nothing is kept without a cache every process shares (portal.content_cache).
            return self._render_with(context, values)
        varies = [expression.resolve(context) for expression in self.vary]
        if any(value is None for value in varies):
            # The page cannot name what this rendering depends on (experts' directory: an address
            # with parameters the page does not read, which its links carry along): not kept.
            return self._render_with(context, values)
        vary = list(map(str, varies))
        # A mapping's keys are part of the markup (one stand-in each): other keys, another text.
        vary += [",".join(map(str, value)) for value in values.values() if isinstance(value, Mapping)]
        # Each fragment's renderings are kept apart from other entries in the process (its vary
        # values may be many: the directory's panel has one per filter set).
        pieces = cached(
            f"fragment:{self.name}:{':'.join(vary)}",
            lambda: self._pieces(context, values),
            apart=f"fragment:{self.name}" if vary else None,
        )
        if pieces is None:
            return self._render_with(context, values)
        return mark_safe(self._joined(pieces, _printed(values, context)))  # noqa: S308

    def _render_with(self, context: template.Context, values: dict[str, Any]) -> str:
        with context.push(**values):
            return self.nodelist.render(context)

    @staticmethod
    def _joined(pieces: list[str], printed: dict[str, str]) -> str:
        """Our template's own output (even indexes), each hole printed as {{ }} prints it (odd)."""
        return "".join(printed[piece] if index % 2 else piece for index, piece in enumerate(pieces))

    def _pieces(self, context: template.Context, values: dict[str, Any]) -> list[str] | None:
        """The fragment as its text between holes (even indexes) and the holes' names (odd), or
        None when the holes are used otherwise than printed (the fragment is then rendered on every
        request, as without the tag): checked against this request's own rendering."""
        markers = {
            hole: {key: f"\x00{hole}.{key}\x00" for key in value}
            if isinstance(value, Mapping)
            else f"\x00{hole}\x00"
            for hole, value in values.items()
        }
        text = self._render_with(context, markers)
        if not values:
            return [text]  # no hole: this rendering is the fragment
        pieces = _MARKER.split(text)
        printed = _printed(values, context)
        if any(piece not in printed for piece in pieces[1::2]):
            return None
        return pieces if self._joined(pieces, printed) == self._render_with(context, values) else None


def _printed(values: dict[str, Any], context: template.Context) -> dict[str, str]:
    """Each hole's value as {{ }} prints it, by its stand-in's name (``hole``, or ``hole.key`` for
    each item of a mapping)."""
    printed = {}
    for hole, value in values.items():
        if isinstance(value, Mapping):
            printed |= {
                f"{hole}.{key}": render_value_in_context(item, context) for key, item in value.items()
            }
        else:
            printed[hole] = render_value_in_context(value, context)
    return printed


@register.tag
def content_fragment(parser: template.base.Parser, token: template.base.Token) -> ContentFragmentNode:
    """``{% content_fragment "name" vary… hole=value… %}…{% endcontent_fragment %}``: markup the
    same on every page of a language, rendered once per process and content version.

    The header and footer every page shows were rendered node by node on each request, though
    they change only with the language, the content (the menu) and a few per-request values: the
    shared text is kept in the content cache (portal.content_cache: a publish shows at once) and
    the per-request values are put back into it. ``vary`` values (the menu's active item, whether
    the reader is signed in) pick one of a few renderings; each ``hole`` is a per-request value the
    fragment may only *print* as ``{{ hole }}`` (a search query, a path), never test or filter; a
    hole whose value is a mapping may be iterated (``{% for key, value in hole.items %}``) and its
    values printed (the language switcher's address in each language). A ``vary`` value of None
    renders the fragment afresh, as without the tag (a page that cannot name everything its markup
    depends on).
    The name must say what else the markup depends on; the language is added.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("content_fragment takes a quoted name first")
    vary, holes = [], {}
    for bit in bits[2:]:
        hole, equals, value = bit.partition("=")
        if equals:
            holes[hole] = parser.compile_filter(value)
        else:
            vary.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    return ContentFragmentNode(nodelist, name=bits[1][1:-1], vary=vary, holes=holes)
