"""What crawlers are told about an address: its canonical form, whether to index it, and its
x-default language, one rule shared by the pages' <head> and /sitemap.xml.

Absolute addresses are built from the request (its validated Host, and the scheme the proxy
reports under production settings), never from the Site record, which says http://localhost on
a fresh install.

Faceted listings (directory, section indexes, cities, search) can spell the same results in
thousands of filter combinations. Following Google's guidance on faceted navigation, a filtered
listing says `noindex,follow` (its links still lead to every page) and carries no canonical link
(a canonical pointing elsewhere would contradict the noindex); an unfiltered listing, paginated or
not, names itself as canonical, page number included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, ResolverMatch, resolve, reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

from portal.i18n import language_codes

# The same escapes as Django's json_script: no "</script>" or HTML comment can end the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """schema.org data as the text of a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


def place(*, city: Any) -> dict[str, Any]:
    """A city as schema.org City (a Place) within its Country, with its coordinates if known."""
    data: dict[str, Any] = {
        "@type": "City",
        "name": city.name,
        "containedInPlace": {"@type": "Country", "name": city.country.name, "identifier": city.country.code},
    }
    if getattr(city, "latitude", None) is not None and getattr(city, "longitude", None) is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": city.latitude, "longitude": city.longitude}
    return data


def x_default_url(default_language_url: str) -> str:
    """The x-default of a page, given its address in the default language (absolute or a path).

    The address without the language prefix (/experts/ for /en/experts/): it redirects each
    reader to their own language (Accept-Language, then the default), which is what x-default
    is for. One rule for the pages' <head> and /sitemap.xml.
    """
    prefix = f"/{settings.LANGUAGE_CODE}/"
    scheme, separator, rest = default_language_url.partition("://")
    if not separator:
        return (
            default_language_url.replace(prefix, "/", 1)
            if default_language_url.startswith(prefix)
            else default_language_url
        )
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host}{x_default_url(slash + path)}"


def absolute_url(*, request: HttpRequest, url: str) -> str:
    """`url` (a path, or already absolute) at the host and scheme the request came in on."""
    return request.build_absolute_uri(url)


# Campaign and click identifiers that links from newsletters and social sites add: they change
# nothing on the page, so they neither filter a listing nor belong in its canonical address.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid"})


def _is_tracking(name: str) -> bool:
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def _present(request: HttpRequest) -> dict[str, list[str]]:
    """The query's parameters that say something (an empty `country=` filters nothing)."""
    present = {}
    for name in request.GET:
        if _is_tracking(name):
            continue
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if values:
            present[name] = values
    return present


def is_filtered(*, request: HttpRequest, keep: Iterable[str]) -> bool:
    """Whether the listing is narrowed by any parameter other than those in `keep` (e.g. page)."""
    kept = set(keep)
    return any(name not in kept for name in _present(request))


def _address(*, request: HttpRequest, keep: Iterable[str] | None) -> str:
    """The path with the query parameters in `keep` (every meaningful one when None).

    Page 1 is the address without `page`: one address for the same list of results.
    """
    present = _present(request)
    names = present if keep is None else keep
    params = [
        (name, value) for name in names for value in present.get(name, []) if (name, value) != ("page", "1")
    ]
    query = urlencode(params)
    return request.path + (f"?{query}" if query else "")


def canonical_url(*, request: HttpRequest, keep: Iterable[str] = ()) -> str:
    """The absolute address without tracking or filter parameters, keeping only `keep` ones."""
    return absolute_url(request=request, url=_address(request=request, keep=keep))


def translated_url(*, request: HttpRequest, url: str, language: str) -> str:
    """``translate_url(url, language)``, worked out once per request for each path.

    A page's <head> (hreflang alternates) and its language switcher each translate the page's
    address into every language; each translation resolves the path and reverses it again
    (about a tenth of an uncached page's CPU before). The path is translated once per request and
    language and the query string put back, which is what ``translate_url`` does with it.
    """
    path, mark, query = url.partition("?")
    memo: dict[tuple[str, str], str] = request.__dict__.setdefault("_translated_paths", {})
    key = (path, language)
    if key not in memo:
        memo[key] = _translate_path(request, path, language)
    return memo[key] + mark + query


def _translate_path(request: HttpRequest, path: str, language: str) -> str:
    """``translate_url(path, language)`` with the path resolved once per request, not once per
    language: the switcher and the alternates translate it into every language, and each
    translation resolved the same path again (a resolve is most of a translation's CPU)."""
    parsed = urlsplit(path)
    resolved: dict[tuple[str, str | None], ResolverMatch | None] = request.__dict__.setdefault(
        "_resolved_paths", {}
    )
    # Resolving depends on the active language (i18n_patterns' prefix).
    key = (parsed.path, get_language())
    if key not in resolved:
        try:
            resolved[key] = resolve(unquote(parsed.path))
        except Resolver404:
            resolved[key] = None
    match = resolved[key]
    if match is None:
        return path
    # What django.urls.translate_url does with the match.
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(language):
        try:
            translated = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    return urlunsplit((parsed.scheme, parsed.netloc, translated, parsed.query, parsed.fragment))


def language_alternates(*, request: HttpRequest, address: str) -> list[dict[str, str]]:
    """hreflang alternates of `address` (a path with its query): the same address in every
    portal language, then x-default (x_default_url), all absolute."""
    alternates = [
        {
            "code": code,
            "url": absolute_url(
                request=request, url=translated_url(request=request, url=address, language=code)
            ),
        }
        for code in language_codes()
    ]
    default = translated_url(request=request, url=address, language=settings.LANGUAGE_CODE)
    alternates.append({"code": "x-default", "url": absolute_url(request=request, url=x_default_url(default))})
    return alternates


def crawl_directives(
    *, request: HttpRequest, listing: bool = False, keep: Iterable[str] = ("page",), noindex: bool = False
) -> dict[str, Any]:
    """`canonical` (an address or ""), `robots` ("" or "noindex,follow") and the hreflang
    `alternates` for the page's <head>.

    `listing` pages treat every parameter not in `keep` as a filter; other pages are canonical
    at their bare path whatever the query says. `noindex` pages (search results) are never
    indexed but still name their canonical form.

    The alternates name the canonical address in each language, so they agree with it: a page's
    alternates drop the query its content does not depend on (tracking, stray parameters), a
    listing's keep its page number. A filtered listing has no canonical; its content depends on
    every filter, so its alternates carry them (without tracking parameters).
    """
    if not listing:
        address = _address(request=request, keep=())
        return {
            "canonical": absolute_url(request=request, url=address),
            "robots": "noindex,follow" if noindex else "",
            "alternates": language_alternates(request=request, address=address),
        }
    if is_filtered(request=request, keep=keep):
        address = _address(request=request, keep=None)
        return {
            "canonical": "",
            "robots": "noindex,follow",
            "alternates": language_alternates(request=request, address=address),
        }
    address = _address(request=request, keep=keep)
    return {
        "canonical": absolute_url(request=request, url=address),
        "robots": "noindex,follow" if noindex else "",
        "alternates": language_alternates(request=request, address=address),
    }


class PortalSitemap(Sitemap):
    """Every language's address with hreflang alternates, and the pages' x-default (x_default_url)."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            by_language = {alternate["lang_code"]: alternate["location"] for alternate in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default" and settings.LANGUAGE_CODE in by_language:
                    alternate["location"] = x_default_url(by_language[settings.LANGUAGE_CODE])
        return urls
