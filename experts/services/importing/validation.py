"""Validating one import row: the columns, the list and translated values, and the lookups of cities
and taxonomy terms (cached per batch).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from experts.models import (
    Availability,
    Expert,
    ExpertStatus,
    OrganisationType,
)
from experts.services.common import (
    TAXONOMY_MODELS,
)
from experts.services.importing.reading import ImportRowError
from knowledge.models import City
from portal.i18n import (
    DEFAULT_LANGUAGE,
    language_codes,
    localized_field,
)
from portal.sanitize import sanitize_html

LANGUAGE_CODE_PATTERN = re.compile(r"^[a-z]{2}$")


IMPORT_LIST_COLUMNS = (
    "themes",
    "pollutants",
    "sectors",
    "actions",
    "skills",
    "languages",
    "availability",
    "links",
)
# Import column → model field; `_vi`/`_id`/`_th` suffixed columns name the other languages.
IMPORT_TRANSLATED_COLUMNS = {"position": "position", "organisation": "organisation", "bio": "biography"}


def _list_value(row: dict[str, Any], column: str) -> list[str]:
    value = row.get(column)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, list):
        items = value
    else:
        raise ImportRowError(f"{column} must be a list")
    return [str(item).strip() for item in items if str(item).strip()]


def _text_value(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


class _Lookups:
    """Cities and taxonomy terms by slug, read once per batch for the slugs not seen before."""

    def __init__(self) -> None:
        self.cities: dict[str, City] = {}
        self.terms: dict[str, dict[str, Any]] = {column: {} for column in TAXONOMY_MODELS}
        self._asked: dict[str, set[str]] = {"city": set(), **{column: set() for column in TAXONOMY_MODELS}}

    def load(self, rows: Iterable[dict[str, Any]]) -> None:
        wanted: dict[str, set[str]] = {name: set() for name in self._asked}
        for row in rows:
            wanted["city"].add(_text_value(row, "city"))
            for column in TAXONOMY_MODELS:
                with contextlib.suppress(ImportRowError):  # reported by _validated_row
                    wanted[column].update(_list_value(row, column))
        for name, slugs in wanted.items():
            slugs -= self._asked[name] | {""}
            if not slugs:
                continue
            self._asked[name] |= slugs
            if name == "city":
                self.cities.update((city.slug, city) for city in City.objects.filter(slug__in=slugs))
            else:
                found = TAXONOMY_MODELS[name].objects.filter(slug__in=slugs)
                self.terms[name].update((term.slug, term) for term in found)


def _validated_row(row: dict[str, Any], *, lookups: _Lookups | None = None) -> dict[str, Any]:
    """Check a row and turn it into model values, or raise ImportRowError naming the first problem."""
    if lookups is None:
        lookups = _Lookups()
        lookups.load([row])
    email = _text_value(row, "email").lower()
    if not email:
        raise ImportRowError("email is missing")
    try:
        validate_email(email)
    except ValidationError as error:
        raise ImportRowError(f"email {email!r} is not a valid address") from error
    name = _text_value(row, "name")
    if not name:
        raise ImportRowError("name is missing")
    city_slug = _text_value(row, "city")
    if not city_slug:
        raise ImportRowError("city is missing")
    city = lookups.cities.get(city_slug)
    if city is None:
        raise ImportRowError(f"unknown city {city_slug!r}")
    values: dict[str, Any] = {"email": email, "name": name, "city": city}

    organisation_type = _text_value(row, "organisation_type")
    if organisation_type and organisation_type not in OrganisationType.values:
        raise ImportRowError(f"unknown organisation_type {organisation_type!r}")
    if "organisation_type" in row:
        values["organisation_type"] = organisation_type
    if "nominated_by" in row:
        values["nominated_by"] = _text_value(row, "nominated_by")

    for column, field in IMPORT_TRANSLATED_COLUMNS.items():
        for language in language_codes():
            key = column if language == DEFAULT_LANGUAGE else f"{column}_{language}"
            if key in row:
                text = _text_value(row, key)
                values[localized_field(field, language)] = (
                    sanitize_html(text) if field == "biography" else text
                )

    for column in TAXONOMY_MODELS:
        slugs = _list_value(row, column)
        known = lookups.terms[column]
        terms = list({known[slug].pk: known[slug] for slug in slugs if slug in known}.values())
        unknown = sorted(set(slugs) - known.keys())
        if unknown:
            raise ImportRowError(f"unknown {column[:-1]} {', '.join(repr(slug) for slug in unknown)}")
        if column in row:
            values[column] = terms

    languages = [code.lower() for code in _list_value(row, "languages")]
    bad = [code for code in languages if not LANGUAGE_CODE_PATTERN.match(code)]
    if bad:
        raise ImportRowError(f"languages must be ISO 639-1 codes, not {', '.join(map(repr, bad))}")
    availability = _list_value(row, "availability")
    bad = [slug for slug in availability if slug not in Availability.values]
    if bad:
        raise ImportRowError(f"unknown availability {', '.join(map(repr, bad))}")
    links = _list_value(row, "links")
    check_url = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check_url(link)
        except ValidationError as error:
            raise ImportRowError(f"link {link!r} is not an http(s) URL") from error
    for column, items in (
        ("languages", list(dict.fromkeys(languages))),
        ("availability", availability),
        ("links", links),
        ("skills", _list_value(row, "skills")),
    ):
        if column in row:
            values[column] = items

    status = _text_value(row, "status") or ExpertStatus.PUBLISHED
    if status not in ExpertStatus.values:
        raise ImportRowError(f"unknown status {status!r}")
    values["status"] = status
    for field, value in values.items():
        # PostgreSQL refuses an over-long value with an error for the whole row; say which field.
        limit = getattr(Expert._meta.get_field(field), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            raise ImportRowError(f"{field} is longer than {limit} characters")
    return values
