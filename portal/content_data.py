"""Content as data: the one reader of the portal's data files.

Demo content, seed vocabularies and the search glossary are data, not code. Each app owns its
files under ``<app>/data/`` (``experts/data/experts.json``, ``knowledge/events/data/events.json``,
…); a file is a JSON object ``{"about": "what it holds, who reads it", "items": [...]}`` with one
item per thing and every translated text as an object with the languages side by side::

    {"slug": "pasig-taipei", "title": {"en": "…", "vi": "…", "id": "…", "th": "…"}}

The code that reads a file declares it once, beside itself, as a :class:`DataFile` with the
schema of its items (:class:`Record` of :class:`Text`, :class:`Translated`, :class:`Slug`, …),
and lists its files in a module-level ``DATA_FILES``. ``DataFile.items()`` reads the file and
checks every item before anyone uses one; a broken file stops with :class:`ContentDataError`, one
line per problem, ``file: item N: field: reason`` (N counts from 1), so whoever edits a data file
learns every mistake at once. ``load_demo`` checks every demo module's ``DATA_FILES`` before it
writes anything, and ``tests/portal/test_content_data.py`` every module's.

Why JSON: the standard library reads it (PyYAML is not in the lock), editors' tools and diffs
handle it, and translators see the four languages of a text next to each other.

Why seed migrations read frozen copies: a migration records what was done to a database at one
point of the schema history, and a fresh install must end where an upgraded one did. Were a
migration to read a live data file, a later edit of that file (a new city, a relabelled term)
would silently give fresh installs other rows than upgraded ones, or fail against a schema the
file no longer fits. So a seeding migration reads its own copy beside it
(``knowledge/migrations/data/<migration>.json``) through this same reader, and that copy never
changes once merged; a later change to a vocabulary is a new migration with its own file. That
frozen copy is the one copy of the seeded vocabulary: the demo and ``benchmarks/data.py`` read
the terms, cities and levels from the database the migrations filled, never from a list of
their own.

Factories (``*/factories.py``) stay for tests only: tests build what they assert on.

Ground floor: this module imports nothing of the project but ``portal.i18n``, so any app, a
migration or a benchmark script may use it.
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal.i18n import language_codes

__all__ = [
    "Boolean",
    "ContentDataError",
    "DataFile",
    "Date",
    "Either",
    "Email",
    "Integer",
    "ListOf",
    "Number",
    "OneOf",
    "Record",
    "Slug",
    "Spec",
    "Text",
    "Time",
    "TimeZone",
    "Translated",
    "app_data",
    "optional",
]

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ContentDataError(ValueError):
    """A data file cannot be used: ``problems`` holds one ``file: item N: reason`` line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _where(path: str, reason: str) -> str:
    return f"{path}: {reason}" if path else reason


class Spec:
    """What one value must be. ``problems`` names every mismatch, prefixed by where it is."""

    required = True

    def problems(self, value: Any, path: str) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError


class _Optional(Spec):
    required = False

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def problems(self, value: Any, path: str) -> list[str]:
        return self.spec.problems(value, path)


def optional(spec: Spec) -> Spec:
    """``spec``, for a field an item may leave out."""
    return _Optional(spec)


class Text(Spec):
    """A string; non-empty unless ``blank``."""

    def __init__(self, *, blank: bool = False) -> None:
        self.blank = blank

    def problems(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, str):
            return [_where(path, f"expected text, got {type(value).__name__}")]
        if not self.blank and not value.strip():
            return [_where(path, "must not be empty")]
        return []


class Slug(Spec):
    """A slug as the portal writes them: lower-case words joined by ``-`` (or ``_``)."""

    def problems(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, str) or not SLUG.match(value):
            return [_where(path, f"{value!r} is not a slug (lower-case letters, digits and '-')")]
        return []


class Email(Spec):
    def problems(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, str) or not EMAIL.match(value):
            return [_where(path, f"{value!r} is not an e-mail address")]
        return []


class Integer(Spec):
    def problems(self, value: Any, path: str) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, int):
            return [_where(path, f"expected a whole number, got {value!r}")]
        return []


class Number(Spec):
    def problems(self, value: Any, path: str) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [_where(path, f"expected a number, got {value!r}")]
        return []


class Boolean(Spec):
    def problems(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, bool):
            return [_where(path, f"expected true or false, got {value!r}")]
        return []


class Date(Spec):
    """An ISO date, ``YYYY-MM-DD`` (read as text: JSON has no dates)."""

    def problems(self, value: Any, path: str) -> list[str]:
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return [_where(path, f"{value!r} is not an ISO date (YYYY-MM-DD)")]
        return []


class Time(Spec):
    """A time of day, ``HH:MM``."""

    def problems(self, value: Any, path: str) -> list[str]:
        try:
            datetime.time.fromisoformat(value)
        except (TypeError, ValueError):
            return [_where(path, f"{value!r} is not a time of day (HH:MM)")]
        return []


class TimeZone(Spec):
    """An IANA time zone name (``Asia/Bangkok``)."""

    def problems(self, value: Any, path: str) -> list[str]:
        try:
            zoneinfo.ZoneInfo(value)
        except (TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
            return [_where(path, f"{value!r} is not a time zone (such as Asia/Bangkok)")]
        return []


class OneOf(Spec):
    """One of ``choices`` (a vocabulary's values)."""

    def __init__(self, choices: Sequence[Any]) -> None:
        self.choices = tuple(choices)

    def problems(self, value: Any, path: str) -> list[str]:
        if value not in self.choices:
            return [_where(path, f"{value!r} is not one of {', '.join(map(str, self.choices))}")]
        return []


class ListOf(Spec):
    """A list whose every element matches ``spec`` (``min_length`` elements at least)."""

    def __init__(self, spec: Spec, *, min_length: int = 0) -> None:
        self.spec = spec
        self.min_length = min_length

    def problems(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, list):
            return [_where(path, f"expected a list, got {type(value).__name__}")]
        if len(value) < self.min_length:
            return [_where(path, f"needs at least {self.min_length} element(s)")]
        found = []
        for position, element in enumerate(value, start=1):
            found += self.spec.problems(element, f"{path}[{position}]")
        return found


class Either(Spec):
    """Matches one of ``specs`` (e.g. one text for every language, or a translated one)."""

    def __init__(self, *specs: Spec) -> None:
        self.specs = specs

    def problems(self, value: Any, path: str) -> list[str]:
        found = [spec.problems(value, path) for spec in self.specs]
        if any(not problems for problems in found):
            return []
        return [_where(path, "matches none of its forms: " + "; or ".join(p[0] for p in found if p))]


class Translated(Spec):
    """One value per language, side by side: ``{"en": …, "vi": …, "id": …, "th": …}``.

    Keys must be portal languages; ``required`` must be there (English by default: the fallback
    every reader gets), or every language with ``complete``. ``of`` is what each language's value
    is (non-empty text unless told otherwise). ``languages`` fixes the languages instead of the
    portal's: a frozen seed must read the same whatever languages the portal gains later.
    """

    def __init__(
        self,
        *,
        required: Sequence[str] = ("en",),
        complete: bool = False,
        of: Spec | None = None,
        languages: Sequence[str] | None = None,
    ) -> None:
        self.required_languages = tuple(required)
        self.complete = complete
        self.of = of or Text()
        self.languages = tuple(languages) if languages is not None else None

    def problems(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, Mapping):
            return [_where(path, f"expected an object of languages, got {type(value).__name__}")]
        languages = self.languages or language_codes()
        found = []
        unknown = sorted(set(value) - set(languages))
        if unknown:
            found.append(
                _where(
                    path, f"unknown language(s) {', '.join(unknown)} (languages are {', '.join(languages)})"
                )
            )
        needed = languages if self.complete else self.required_languages
        missing = [language for language in needed if language not in value]
        if missing:
            found.append(_where(path, f"missing {', '.join(missing)}"))
        for language in languages:
            if language in value:
                found += self.of.problems(value[language], f"{path}.{language}" if path else language)
        return found


class Record(Spec):
    """An object with exactly these fields (``optional(spec)`` for those it may leave out)."""

    def __init__(self, fields: Mapping[str, Spec]) -> None:
        self.fields = dict(fields)

    def problems(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, Mapping):
            return [_where(path, f"expected an object, got {type(value).__name__}")]
        found = []
        unknown = sorted(set(value) - set(self.fields))
        if unknown:
            found.append(_where(path, f"unknown fields: {', '.join(unknown)}"))
        for name, spec in self.fields.items():
            inner = f"{path}.{name}" if path else name
            if name not in value:
                if spec.required:
                    found.append(_where(inner, "missing"))
                continue
            found += spec.problems(value[name], inner)
        return found


@dataclass(eq=False)
class DataFile:
    """One data file and the schema of its items, declared once beside the code that reads it.

    ``key``: the field that names an item (a slug, an e-mail); no two items may share it.
    ``check``: a further check of each item (returns reasons), for rules across its fields.
    ``list_key``: the member holding the items (``items``; the glossary calls them ``groups``).
    The file is read and checked on the first ``items()`` and kept: data files change with a
    deployment, never while the process runs.
    """

    path: Path
    schema: Spec
    key: str | None = None
    check: Callable[[Mapping[str, Any]], list[str]] | None = None
    list_key: str = "items"
    _items: list[dict[str, Any]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)

    @property
    def name(self) -> str:
        """The file as problems name it: relative to the project when it lies inside it."""
        root = Path(__file__).resolve().parents[1]
        try:
            return str(self.path.resolve().relative_to(root))
        except ValueError:
            return str(self.path)

    def problems(self) -> list[str]:
        """Every problem of the file, ``file: item N: reason`` (empty when it can be used)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError as error:
            return [f"{self.name}: cannot be read ({error.strerror or error})"]
        except ValueError as error:
            return [f"{self.name}: not valid JSON ({error})"]
        items = data.get(self.list_key) if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            return [f"{self.name}: expected an object with an '{self.list_key}' list"]
        found = []
        seen: dict[Any, int] = {}
        for number, item in enumerate(items, start=1):
            reasons = self.schema.problems(item, "")
            if not reasons and self.check is not None:
                reasons = self.check(item)
            if not reasons and self.key is not None:
                value = item[self.key]
                if value in seen:
                    reasons = [f"{self.key} {value!r} is also item {seen[value]}'s"]
                seen.setdefault(value, number)
            found += [f"{self.name}: item {number}: {reason}" for reason in reasons]
        return found

    def items(self) -> list[dict[str, Any]]:
        """The file's items, checked; ContentDataError names every problem."""
        if self._items is None:
            problems = self.problems()
            if problems:
                raise ContentDataError(problems)
            self._items = json.loads(self.path.read_text(encoding="utf-8"))[self.list_key]
        return self._items

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.items())

    def __len__(self) -> int:
        return len(self.items())

    def by_key(self) -> dict[Any, dict[str, Any]]:
        """The items by their ``key`` field."""
        if self.key is None:
            raise TypeError(f"{self.name} declares no key")
        return {item[self.key]: item for item in self.items()}


def app_data(module_file: str, name: str) -> Path:
    """The data file ``name`` of the package holding ``module_file`` (pass ``__file__``)."""
    return Path(module_file).resolve().parent / "data" / name
