from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from portal.i18n import language_codes, language_name_local
from portal.seo import translated_url, x_default_url


def languages(request: HttpRequest) -> dict:
    """The current page in every portal language, for the switcher and hreflang alternates."""
    current = get_language()
    alternates = []
    for code in language_codes():
        alternates.append(
            {
                "code": code,
                "name_local": language_name_local(code),
                "url": translated_url(request=request, url=request.get_full_path(), language=code),
                "is_current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
            }
        )
    default = next((alternate["url"] for alternate in alternates if alternate["is_default"]), "")
    # The same x-default as /sitemap.xml (portal.seo.PortalSitemap): the unprefixed address.
    return {"language_alternates": alternates, "x_default_url": x_default_url(default) if default else ""}
