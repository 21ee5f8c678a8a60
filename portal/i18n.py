"""The portal's languages in one place: codes, names, translated columns and their values.

Two spellings of one language meet here. URLs, search documents, filters, forms and the API
use ISO 639-1 codes (`id` for Bahasa Indonesia); django-modeltranslation names the translated
columns with its own suffix (`title_ind`, because `title_id` would read as a foreign key), so
code reaches a column only through `localized_field()` and never spells a suffix.

The portal's languages are `settings.LANGUAGES`, read at each call rather than copied into
constants, so a setting changed in a test or a fifth language added to the settings reaches
every caller. English is the language everything is written in first; a field empty in
another language falls back to it (MODELTRANSLATION_FALLBACK_LANGUAGES).

Names come in two kinds: `language_name()` names a language in the reader's language (the
directory's "Speaks Thai"), `language_name_local()` in its own ("ภาษาไทย", for the switcher);
`portal_language_names()` are the settings' labels ("Bahasa Indonesia"), which the admin and the
filters show for the four portal languages. Country and city names are translated columns of
their models, read with `translations()` or `localized_value()` like any other field.

This module imports no app: models, services and the search package of every app use it.

Why one file over 400 lines: it is one concern by design (issue 18 asks for one i18n module that
every caller uses, instead of the language helpers scattered before), and its length is the
closed list of ISO 639-1 codes, one line per code as the formatter writes it; the helpers
themselves are about 230 lines. Splitting the list from the helpers that check against it would
only add a hop for a reader.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language, get_language_info, gettext_lazy

# The language everything is written in first and falls back to (settings.LANGUAGE_CODE and
# MODELTRANSLATION_DEFAULT_LANGUAGE say the same; tests/portal/test_i18n.py checks that).
DEFAULT_LANGUAGE = "en"

# The 183 two-letter codes of ISO 639-1 (a closed list; `iw`, `in`, `ji` are withdrawn aliases):
# what experts may say they speak and what the directory's language filter may name.
ISO_639_1_CODES = frozenset(
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)

# Names Django's language list lacks (it knows `zh-hans`, not `zh`), or that its catalogues leave
# in English for a portal language (Malay in Vietnamese and Thai, Urdu in Vietnamese); the others
# come from Django's own translated list.
EXTRA_LANGUAGE_NAMES: dict[str, Promise] = {
    "ms": gettext_lazy("Malay"),
    "ur": gettext_lazy("Urdu"),
    "tl": gettext_lazy("Tagalog"),
    "lo": gettext_lazy("Lao"),
    "si": gettext_lazy("Sinhala"),
    "zh": gettext_lazy("Chinese"),
    "dz": gettext_lazy("Dzongkha"),
    "dv": gettext_lazy("Dhivehi"),
}


# --- Codes ---------------------------------------------------------------------------------


def is_language_code(value: str) -> bool:
    """Whether ``value`` is an ISO 639-1 code (any language, not only the portal's)."""
    return value in ISO_639_1_CODES


def language_codes() -> tuple[str, ...]:
    """The portal's language codes in the settings' order, English first: en, vi, id, th."""
    return tuple(code for code, _name in settings.LANGUAGES)


def translation_languages() -> tuple[str, ...]:
    """The languages a reader may choose besides English: what editors translate into."""
    return tuple(code for code in language_codes() if code != DEFAULT_LANGUAGE)


def is_portal_language(code: str | None) -> bool:
    """Whether ``code`` is one of the portal's languages (an ISO code: `id`, never `ind`)."""
    return code in language_codes()


def language_choices() -> list[tuple[str, Any]]:
    """``(code, label)`` of the portal's languages, labels still lazy: for model and form choices
    and block labels built at import time, which must follow the reader's language later."""
    return list(settings.LANGUAGES)


def portal_language_names() -> dict[str, str]:
    """``{code: label}`` of the portal's languages in the active language ("Bahasa Indonesia")."""
    return {code: str(name) for code, name in settings.LANGUAGES}


# --- Names ---------------------------------------------------------------------------------


def language_name(code: str) -> str:
    """The name of language ``code`` in the active language (the code itself only if no list
    names it, which no ISO 639-1 code is: tests/portal/test_i18n.py checks all 183)."""
    return _language_name(code, get_language())


@functools.lru_cache(maxsize=2048)
def _language_name(code: str, active: str | None) -> str:
    # Remembered per active language: every directory hit names its expert's languages, and
    # translating the lazy name each time was a tenth of presenting a page of hits.
    if code in EXTRA_LANGUAGE_NAMES:
        return str(EXTRA_LANGUAGE_NAMES[code])
    language = active or DEFAULT_LANGUAGE
    try:
        info = get_language_info(code)
    except KeyError:
        info = None
    if info is not None:
        name = unicodedata.normalize("NFC", str(info["name_translated"]))
        # Django's catalogues leave some names in English ("Afrikaans" for a Vietnamese reader);
        # CLDR has them in the reader's language, so an English leftover gives way to it.
        if name != info["name"] or language.startswith(DEFAULT_LANGUAGE):
            return name
        return _cldr_language_name(code, language) or name
    # About half of ISO 639-1 (Afar, Cornish, Yoruba…) is missing from Django's list.
    return _cldr_language_name(code, language) or code


def _cldr_language_name(code: str, language: str) -> str | None:
    """CLDR's name of ``code`` in ``language`` (Babel's data), first letter as the language
    writes a name on its own ("Afar", "Tiếng Afar", "อะฟาร์"); None if CLDR has none."""
    locale = _cldr_locale(language)
    name = locale.languages.get(code) if locale is not None else None
    if not name:
        return None
    return unicodedata.normalize("NFC", name[:1].upper() + name[1:])


@functools.lru_cache(maxsize=16)
def _cldr_locale(language: str) -> Any:
    # Imported late, like modeltranslation below: Babel loads its locale data on first use.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def language_name_local(code: str) -> str:
    """The language's own name ("Tiếng Việt"); for a language neither Django nor CLDR names in
    itself, its name in the reader's language, never the bare code.

    NFC: Django's table spells "Tiếng Việt" with combining marks, which HTML checkers flag and
    which a reader's search for the composed spelling would not find.
    """
    try:
        return unicodedata.normalize("NFC", get_language_info(code)["name_local"])
    except KeyError:
        pass
    own = _cldr_language_name(code, code) if is_language_code(code) else None
    return own or language_name(code)


# --- Translated columns --------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def localized_field(field: str, language: str) -> str:
    """The column holding ``field`` in ``language``: ``title_vi``, ``title_ind`` for `id`."""
    # Imported late: modeltranslation reads its settings on import, and this module is imported
    # by code (gunicorn's config, benchmarks) that may run before Django is set up.
    from modeltranslation.utils import build_localized_fieldname

    return build_localized_fieldname(field, language)


@functools.lru_cache(maxsize=256)
def localized_columns(field: str, languages: tuple[str, ...] | None = None) -> tuple[tuple[str, str], ...]:
    """``(language, column)`` for ``field`` in each of ``languages`` (the portal's by default),
    worked out once: a search rebuild asks for the same few fields hundreds of thousands of times."""
    return tuple((language, localized_field(field, language)) for language in languages or language_codes())


def localized_value(instance: Any, field: str, language: str) -> Any:
    """What ``instance`` holds for ``field`` in ``language`` exactly, without fallback (or None)."""
    return getattr(instance, localized_field(field, language), None)


def is_written(value: Any) -> bool:
    """Whether a translated value has content: an empty StreamValue, blank text and None all
    mean "not written in this language"."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return True


def written_in(instance: Any, field: str, language: str) -> bool:
    """Whether ``instance`` has ``field`` written in ``language`` (not merely falling back)."""
    return is_written(localized_value(instance, field, language))


def translations(instance: Any, field: str) -> dict[str, str]:
    """``{code: text}`` for every portal language in which ``instance.field`` has text.

    Keyed by ISO code (`id`), whatever the column's suffix. Missing translations are left out,
    so no English text is indexed or shown as Thai.
    """
    values: dict[str, str] = {}
    for language, column in localized_columns(field, language_codes()):
        value = getattr(instance, column, None)
        if value:
            values[language] = str(value)
    return values


def set_translations(
    instance: Any, field: str, values: Mapping[str, Any], *, clear_missing: bool = False
) -> None:
    """Assign one value per portal language named in ``values`` (`id` lands in the `_ind` column).

    With ``clear_missing`` a language ``values`` leaves out is emptied, except English, which
    Wagtail's untranslated columns mirror: an update replaces a page's translations rather than
    keeping stale ones beside new English text. Codes that are not portal languages are ignored.
    """
    for language in language_codes():
        if language in values:
            setattr(instance, localized_field(field, language), values[language])
        elif clear_missing and language != DEFAULT_LANGUAGE:
            setattr(instance, localized_field(field, language), None)


def localized_fields(fields: Iterable[str], languages: Iterable[str] | None = None) -> list[str]:
    """Every column of ``fields`` in ``languages`` (the portal's by default), field by field."""
    codes = tuple(languages) if languages is not None else language_codes()
    return [localized_field(field, language) for field in fields for language in codes]
