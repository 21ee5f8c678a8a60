"""One filter and facet layer for every listing: search and its API, the experts directory, the
section index pages, the city list and twinning.

A listing declares its :class:`Filter` parameters; :func:`parse_filters` reads them from the query
string into a :class:`Selection`; the listing counts what each value would find (with the search
engine, the ORM or :func:`count_in_memory`) and :func:`build_facets` turns the counts into options
with toggle links, and :func:`chips` into the removable "filters in use".

The rule, the same on every listing:

- A value is matched exactly as the portal writes it in its own links (slugs, four-digit years),
  except that ISO country and language codes may come in either case (``Filter.normalize``). No
  other cleaning: what the API description declares is what is accepted. An empty value
  (``city=``) means no filter. Values of one parameter are OR-ed, different parameters AND-ed. Parameters a listing does
  not declare are ignored (tracking parameters do no harm).
- An unknown value is never applied and never silently dropped, because dropping it would widen the
  results without the reader knowing: the JSON API refuses the request (400, one reason per
  parameter, :meth:`Selection.reasons`); a page shows what the other filters find, with a notice
  naming each value it could not use (:attr:`Selection.unknown`).
- Links the page writes (toggles, chips, "clear all") carry the known values only, keep every other
  parameter (``q``, ``sort``, ``scope``) and start again at page 1.

Ground floor: imports nothing of the project, so every app and the search package may use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _

__all__ = [
    "Chip",
    "Facet",
    "FacetOption",
    "Filter",
    "Selection",
    "UnknownValue",
    "as_query_dict",
    "build_facets",
    "chips",
    "clear_url",
    "count_in_memory",
    "parse_filters",
    "url_with",
]

# How much of a rejected value is echoed back (in notices and API reasons), and how many.
SHOWN_VALUE_LENGTH = 80
MAX_REPORTED = 20

Item = TypeVar("Item")


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


def url_with(params: QueryDict, **changes: list[str] | str | None) -> str:
    """``?`` and the query string with some parameters replaced (None removes one).

    Back to page 1 unless ``page`` is one of the changes: a new filter gives a new list.
    """
    updated = params.copy()
    if "page" not in changes:
        updated.pop("page", None)
    for name, value in changes.items():
        if value is None or value == []:
            updated.pop(name, None)
        elif isinstance(value, list):
            updated.setlist(name, value)
        else:
            updated[name] = value
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # ticks the option, or unticks it when selected


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    multiple: bool = True


@dataclass(frozen=True)
class Chip:
    """A filter in use, shown above the results; following ``url`` removes it."""

    name: str
    facet_label: str
    label: str
    url: str


def _toggled(selection: Selection, parameter: Filter, value: str) -> list[str]:
    chosen = selection.values(parameter.name)
    if value in chosen:
        return [v for v in chosen if v != value]
    return [*chosen, value] if parameter.multiple else [value]


def build_facets(
    selection: Selection,
    *,
    counts: Mapping[str, Mapping[str, int]],
    params: QueryDict,
    names: Iterable[str] | None = None,
    order: Literal["vocabulary", "count"] = "vocabulary",
) -> list[Facet]:
    """One facet per filter (of ``names``, default all) with its options and toggle links.

    An option is listed when it would find something (``counts``: value → how many results the
    value gives with the *other* filters applied) or when it is ticked, so a ticked value that
    finds nothing can still be removed. ``order="vocabulary"`` keeps the vocabulary's order
    (pattern filters: newest first), ``"count"`` puts the commonest first.
    """
    base = selection.known_params(params)
    wanted = set(names) if names is not None else None
    facets = []
    for parameter in selection.filters:
        if wanted is not None and parameter.name not in wanted:
            continue
        labels = selection.labels.get(parameter.name, {})
        found = counts.get(parameter.name, {})
        chosen = selection.values(parameter.name)
        if parameter.pattern:
            values = sorted({*found, *chosen}, reverse=True)
        else:
            values = [value for value in labels if value in found or value in chosen]
        values = [value for value in values if found.get(value) or value in chosen]
        # Years stay newest first and places by name: only topics go by count.
        if order == "count" and not parameter.pattern and not parameter.by_name:
            values.sort(key=lambda value: (-found.get(value, 0), parameter.label_of(value, labels)))
        options = [
            FacetOption(
                value=value,
                label=parameter.label_of(value, labels),
                count=found.get(value, 0),
                selected=value in chosen,
                url=url_with(base, **{parameter.name: _toggled(selection, parameter, value)}),
            )
            for value in values
        ]
        facets.append(Facet(parameter.name, str(parameter.label), options, parameter.multiple))
    return facets


def chips(selection: Selection, *, params: QueryDict) -> list[Chip]:
    """The filters in use, in the listing's order, each with the link that removes it."""
    base = selection.known_params(params)
    found = []
    for parameter in selection.filters:
        labels = selection.labels.get(parameter.name, {})
        for value in selection.values(parameter.name):
            found.append(
                Chip(
                    name=parameter.name,
                    facet_label=str(parameter.label),
                    label=parameter.label_of(value, labels),
                    url=url_with(base, **{parameter.name: _toggled(selection, parameter, value)}),
                )
            )
    return found


def clear_url(selection: Selection, *, params: QueryDict) -> str:
    """The listing without any of its filters (other parameters, such as ``q``, kept)."""
    return url_with(params, **{parameter.name: None for parameter in selection.filters})


@dataclass
class Counted(Generic[Item]):
    items: list[Item]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def count_in_memory(
    items: Iterable[Item], *, selection: Selection, values_of: Callable[[Item, str], set[str]]
) -> Counted[Item]:
    """Filter loaded ``items`` by ``selection`` and count each value the way facets need.

    For short lists already in memory (twinning partnerships number in the dozens). A value's
    count is how many items it matches given the *other* filters, so ticking it never lies.
    """
    items = list(items)
    selected = {name: set(values) for name, values in selection.selected.items() if values}

    def matches(item: Item, skip: str | None = None) -> bool:
        return all(values_of(item, name) & values for name, values in selected.items() if name != skip)

    counted = Counted(items=[item for item in items if matches(item)])
    for parameter in selection.filters:
        counts: dict[str, int] = {}
        for item in items:
            if matches(item, skip=parameter.name):
                for value in values_of(item, parameter.name):
                    counts[value] = counts.get(value, 0) + 1
        counted.counts[parameter.name] = counts
    return counted
