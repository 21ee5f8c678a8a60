from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from portal.i18n import language_codes, language_name_local


def languages(request: HttpRequest) -> dict:
    """The current page in every portal language, for the switcher and hreflang alternates."""
    current = get_language()
    alternates = []
    for code in language_codes():
        alternates.append(
            {
                "code": code,
                "name_local": language_name_local(code),
                "url": translate_url(request.get_full_path(), code),
                "is_current": code == current,
            }
        )
    return {"language_alternates": alternates}
