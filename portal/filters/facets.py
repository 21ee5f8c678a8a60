"""What a listing shows of its filters: facet options with counts and toggle links, the chips of the
filters in use, the "clear all" link, and counting in memory for listings without an engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar
from urllib.parse import quote_plus

from django.http import QueryDict

from portal.filters.parsing import Filter, Selection

Item = TypeVar("Item")


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


class _ToggleLinks:
    """The addresses that change one parameter of ``params``, with the others encoded once.

    What :func:`url_with` gives for ``url_with(params, name=values)``, byte for byte: the other
    parameters keep their order and the changed one its place (or goes last if it was absent),
    and ``page`` goes. A facet writes one address per option (a directory page ~100): copying
    and re-encoding the whole query for each cost 14 % of the directory page's CPU.
    """

    def __init__(self, params: QueryDict, name: str) -> None:
        before: list[str] = []
        after: list[str] = []
        # Where the changed parameter sits: QueryDict.setlist keeps an existing key's place.
        side = before
        for key, values in params.lists():
            if key == "page":
                continue
            if key == name:
                side = after
                continue
            side.extend(_encode_pair(key, value) for value in values)
        self.name = name
        self.before = "&".join(before)
        self.after = "&".join(after)

    def url(self, values: list[str]) -> str:
        middle = "&".join(_encode_pair(self.name, value) for value in values)
        encoded = "&".join(part for part in (self.before, middle, self.after) if part)
        return f"?{encoded}" if encoded else "?"


# The characters quote_plus() never changes: a value made of them only (slugs, codes, years) is
# its own encoding.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def _quoted(text: str) -> str:
    return text if _UNQUOTED.fullmatch(text) else quote_plus(text)


def _encode_pair(name: str, value: str) -> str:
    # As QueryDict.urlencode() writes one value (urlencode: quote_plus of the UTF-8 bytes of each
    # side). Without urlencode's dictionary, type checks and byte round trip, and with the plain
    # values (nearly all of a directory page's ~100 options) left as they are: half the cost of
    # the facets' links.
    return f"{_quoted(name)}={_quoted(str(value))}"


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
        links = _ToggleLinks(base, parameter.name)
        options = [
            FacetOption(
                value=value,
                label=parameter.label_of(value, labels),
                count=found.get(value, 0),
                selected=value in chosen,
                url=links.url(_toggled(selection, parameter, value)),
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
        chosen = selection.values(parameter.name)
        links = _ToggleLinks(base, parameter.name) if chosen else None
        for value in chosen:
            found.append(
                Chip(
                    name=parameter.name,
                    facet_label=str(parameter.label),
                    label=parameter.label_of(value, labels),
                    url=links.url(_toggled(selection, parameter, value)),
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
