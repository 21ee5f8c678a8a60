from django.conf import settings
from django.http import HttpRequest

from portal.i18n import language_codes
from portal.seo import translated_url, x_default_url


def languages(request: HttpRequest) -> dict:
    """The current page's address in every portal language (code: address), for the switcher.

    Only the addresses: the switcher's markup is the same on every page of a language and kept
    with the shared header (``content_fragment`` in base.html), these being its holes.
    """
    urls = {
        code: translated_url(request=request, url=request.get_full_path(), language=code)
        for code in language_codes()
    }
    default = urls.get(settings.LANGUAGE_CODE, "")
    # The same x-default as /sitemap.xml (portal.seo.PortalSitemap): the unprefixed address.
    return {"language_urls": urls, "x_default_url": x_default_url(default) if default else ""}
