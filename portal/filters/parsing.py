"""Declaring a listing's filter parameters and reading them from a query string: :class:`Filter`,
:func:`parse_filters` and the :class:`Selection` with the values it could not use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _

# How much of a rejected value is echoed back (in notices and API reasons), and how many.
SHOWN_VALUE_LENGTH = 80
MAX_REPORTED = 20


@dataclass(frozen=True)
class Filter:
    """One URL parameter that filters a listing.

    ``choices`` returns the values the portal knows mapped to their labels in the active language,
    in the order the listing shows them; it is called once per request. Open-ended values (years)
    give a ``pattern`` (a regular expression a whole value must match) instead, and ``display``
    for their labels. ``multiple=False`` parameters (the city list's selects) take one value.
    """

    name: str
    label: str | Promise
    choices: Callable[[], Mapping[str, str]] | None = None
    pattern: str = ""
    display: Callable[[str], str] | None = None
    multiple: bool = True
    # Codes readers type by hand in either case (ISO country and language codes): the one
    # spelling the portal writes, e.g. str.upper; the API description says so.
    normalize: Callable[[str], str] | None = None
    # Places: always listed in the vocabulary's order (by their names in the reader's language,
    # portal.collation), even where a listing puts the commonest values first, because a reader
    # looks a country up by its name.
    by_name: bool = False

    def value_labels(self) -> Mapping[str, str]:
        return self.choices() if self.choices else {}

    def accepts(self, value: str, labels: Mapping[str, str]) -> bool:
        if self.pattern:
            return re.fullmatch(self.pattern, value, flags=re.ASCII) is not None
        return value in labels

    def label_of(self, value: str, labels: Mapping[str, str]) -> str:
        if self.display is not None:
            return self.display(value)
        return str(labels.get(value, value))


@dataclass(frozen=True)
class UnknownValue:
    """A value the portal does not know for a parameter it does (cut for showing back)."""

    name: str
    value: str


@dataclass
class Selection:
    """What a request asks to filter by: the known values per parameter, and what was refused."""

    filters: tuple[Filter, ...]
    selected: dict[str, list[str]]
    unknown: list[UnknownValue]
    too_many: list[str]
    labels: dict[str, Mapping[str, str]]

    @property
    def is_filtered(self) -> bool:
        return any(self.selected.values())

    @property
    def count(self) -> int:
        """How many values are ticked ("Filters (n)")."""
        return sum(len(values) for values in self.selected.values())

    @property
    def is_valid(self) -> bool:
        return not self.unknown and not self.too_many

    def values(self, name: str) -> list[str]:
        return self.selected.get(name, [])

    def value(self, name: str) -> str:
        """The value of a one-value parameter, or ""."""
        values = self.selected.get(name, [])
        return values[0] if values else ""

    def reasons(self) -> list[str]:
        """One readable line per refused parameter, in the active language (API 400 answers)."""
        lines = []
        for parameter in self.filters:
            bad = [item.value for item in self.unknown if item.name == parameter.name]
            if bad:
                shown = ", ".join(repr(value) for value in bad[:5])
                if parameter.pattern:
                    reason = _("%(name)s must be a year of four digits, not %(values)s")
                else:
                    reason = _("%(name)s must be a known value, not %(values)s")
                lines.append(reason % {"name": parameter.name, "values": shown})
            if parameter.name in self.too_many:
                lines.append(_("%(name)s takes one value") % {"name": parameter.name})
        return lines

    def restricted_to(self, names: Iterable[str]) -> Selection:
        """The same selection over some of its filters only (those a page shows facets for)."""
        kept = set(names)
        return Selection(
            filters=tuple(parameter for parameter in self.filters if parameter.name in kept),
            selected={name: values for name, values in self.selected.items() if name in kept},
            unknown=[item for item in self.unknown if item.name in kept],
            too_many=[name for name in self.too_many if name in kept],
            labels={name: labels for name, labels in self.labels.items() if name in kept},
        )

    def known_params(self, params: QueryDict) -> QueryDict:
        """``params`` with each filter's values replaced by its known ones (links, engine queries)."""
        cleaned = params.copy()
        for parameter in self.filters:
            cleaned.pop(parameter.name, None)
            if self.selected.get(parameter.name):
                cleaned.setlist(parameter.name, list(self.selected[parameter.name]))
        return cleaned


class FilteredListing:
    """What a listing's results say about its filters (templates read these); mixed into a
    dataclass with a ``selection`` field."""

    selection: Selection

    @property
    def is_filtered(self) -> bool:
        return self.selection.is_filtered

    @property
    def selected(self) -> dict[str, list[str]]:
        return self.selection.selected

    @property
    def unknown(self) -> list[UnknownValue]:
        return self.selection.unknown


def as_query_dict(params: QueryDict | Mapping[str, Iterable[str] | str]) -> QueryDict:
    """``params`` as a QueryDict (callers and tests may pass a plain mapping of lists)."""
    if isinstance(params, QueryDict):
        return params
    query = QueryDict(mutable=True)
    for name, values in params.items():
        query.setlist(name, [values] if isinstance(values, str) else list(values))
    return query


def _lists(params: QueryDict | Mapping[str, Sequence[str] | str], name: str) -> list[str]:
    if hasattr(params, "getlist"):
        return list(params.getlist(name))
    raw = params.get(name, [])
    return [raw] if isinstance(raw, str) else list(raw)


def parse_filters(
    params: QueryDict | Mapping[str, Sequence[str] | str], *, filters: Iterable[Filter]
) -> Selection:
    """Split the requested values of ``filters`` into known ones and refused ones (see the rule above).

    ``params`` is a QueryDict or any mapping of parameter → value or list of values. Each
    vocabulary is loaded once.
    """
    filters = tuple(filters)
    selection = Selection(filters=filters, selected={}, unknown=[], too_many=[], labels={})
    for parameter in filters:
        labels = parameter.value_labels()
        selection.labels[parameter.name] = labels
        values: list[str] = []
        for raw in _lists(params, parameter.name):
            if not isinstance(raw, str) or raw == "":
                continue  # an empty value means no filter
            value = parameter.normalize(raw) if parameter.normalize else raw
            if parameter.accepts(value, labels):
                if value not in values:
                    values.append(value)
            elif len(selection.unknown) < MAX_REPORTED:
                selection.unknown.append(UnknownValue(parameter.name, raw[:SHOWN_VALUE_LENGTH]))
        if not parameter.multiple and len(values) > 1:
            # Which one the reader meant is a guess either way: say so rather than pick.
            selection.too_many.append(parameter.name)
            values = values[:1]
        if values:
            selection.selected[parameter.name] = values
    return selection
