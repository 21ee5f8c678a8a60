"""The expert directory: its filters (parsed by portal.filters), the facet counts asked of the search
engine and the page of results.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from experts.models import (
    Availability,
    Expert,
    OrganisationType,
)
from experts.selectors.profiles import (
    CardExpert,
    ProfileDisplay,
    expert_cards,
    expert_display,
    expert_terms,
    published_experts,
)
from knowledge.selectors import PLACE_AND_TOPIC_FILTERS
from portal.collation import sort_key
from portal.filters import (
    Chip,
    Facet,
    Filter,
    Selection,
    UnknownValue,
    build_facets,
    chips,
    clear_url,
    parse_filters,
)
from portal.i18n import (
    ISO_639_1_CODES,
    language_name,
)
from portal.search.documents import get_document_type
from portal.search.engines.base import get_engine
from portal.search.query import MAX_PAGE, SearchQuery

# --------------------------------------------------------------------------------------------
# Directory


@functools.lru_cache(maxsize=16)
def _spoken_languages_in(language: str) -> dict[str, str]:
    names = {code: language_name(code) for code in ISO_639_1_CODES}
    return dict(sorted(names.items(), key=lambda item: (sort_key(item[1], language), item[0])))


def _spoken_languages() -> dict[str, str]:
    """Every language by its name in the reader's language, in the order that language sorts
    names: the directory's "Speaks" options come in this order.

    Any ISO 639-1 code is a real filter; one nobody speaks yet simply finds nobody. The codes are a
    frozenset, whose order changes with each process's hash seed: read in that order, two workers
    listed the options in two orders (and, with the list cut short, not the same ones).
    """
    return dict(_spoken_languages_in(get_language() or settings.LANGUAGE_CODE))


# The directory's filters, which the search page and the API use for experts too
# (portal.filters says how every listing reads them).
EXPERT_FILTERS = (
    *PLACE_AND_TOPIC_FILTERS,
    Filter("language", _("Speaks"), choices=_spoken_languages, normalize=str.lower),
    Filter("availability", _("Available to"), choices=lambda: dict(Availability.choices)),
    Filter("organisation_type", _("Organisation type"), choices=lambda: dict(OrganisationType.choices)),
)
DIRECTORY_FILTERS = tuple(parameter.name for parameter in EXPERT_FILTERS)
# The directory's own parameters: the filters and the page number (DirectoryResult.panel_key).
_PANEL_PARAMETERS = frozenset({*DIRECTORY_FILTERS, "page"})


@dataclasses.dataclass
class DirectoryResult:
    page: Page
    selection: Selection
    chips: list[Chip]
    clear_url: str
    total: int
    # What the filter panel is made of: the engine's counts and the request's parameters.
    counts: Mapping[str, Mapping[str, int]]
    params: QueryDict

    @functools.cached_property
    def facets(self) -> list[Facet]:
        """The filter panel's options. Built only when the panel is rendered: the page keeps the
        panel's markup per :attr:`panel_key` (``{% content_fragment %}``), so pages 2–20 of a
        filter set never build their ~100 options and toggle links."""
        return build_facets(self.selection, counts=self.counts, params=self.params)

    @functools.cached_property
    def panel_key(self) -> str | None:
        """What the filter panel's markup depends on besides the language and the content: the
        filters in use as its toggle links write them (``known_params``: known values only, in the
        filters' order) and every option's count, so a reindexed expert changes it as soon as the
        index answers otherwise. The page number is not in it (the links start again at page 1).

        None, for the panel to be rendered afresh, when the address has any other parameter: the
        links carry those along, and keeping a panel per junk parameter (``?utm_source=…``) would
        let any reader fill the cache (the page cache refuses such addresses for the same reason).
        """
        if any(name not in _PANEL_PARAMETERS for name in self.params):
            return None
        known = self.selection.known_params(self.params)
        known.pop("page", None)
        counts = sorted((name, sorted(values.items())) for name, values in self.counts.items())
        return hashlib.blake2b(f"{known.urlencode()}\n{counts!r}".encode(), digest_size=16).hexdigest()

    @property
    def selected(self) -> dict[str, list[str]]:
        return self.selection.selected

    @property
    def unknown(self) -> list[UnknownValue]:
        return self.selection.unknown


Card = tuple[CardExpert | Expert, ProfileDisplay]


class _ResultWindow(Sequence):
    """The directory's results as a Paginator sees them: ``total`` long, one page of cards loaded.

    The index answers the count and the page's ids; only the experts on the page come from the
    database, so a directory of 100,000 costs the same as one of 100.
    """

    def __init__(self, total: int, offset: int, experts: list[Card]) -> None:
        self.total, self.offset, self.experts = total, offset, experts

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) == self.offset:
            return self.experts
        raise IndexError("only the page the index was asked for is loaded")


def _requested_page(params: QueryDict) -> int:
    raw = params.get("page", "")
    return min(int(raw), MAX_PAGE) if raw.isdecimal() and int(raw) >= 1 else 1


def _cards(*, pks: list[int]) -> list[Card]:
    """The page's cards: ``expert_cards``, or the same displays made from the experts' rows when a
    label is not cached yet."""
    cards = expert_cards(pks=pks)
    if cards is not None:
        return cards
    by_pk = {expert.pk: expert for expert in published_experts().filter(pk__in=pks).prefetch_related(None)}
    experts = [by_pk[pk] for pk in pks if pk in by_pk]
    terms = expert_terms(experts=experts)
    return [
        (expert, expert_display(expert=expert, member=False, card=True, terms=terms[expert.pk]))
        for expert in experts
    ]


def directory(*, params: QueryDict, page_size: int = 20) -> DirectoryResult:
    """Published experts filtered by the query string: OR within one filter, AND across filters.

    Counts are disjunctive: an option's count is how many experts match all *other* filters and
    that option, so it tells the reader what ticking it would add. Unknown values are reported,
    not applied (portal.filters). Matching, counting and paging are the experts index's work (the same documents
    the search page uses); the database loads only the experts on the page shown.
    """
    selection = parse_filters(params, filters=EXPERT_FILTERS)
    selected = selection.selected
    document_type = get_document_type("experts")
    engine = get_engine()
    number = _requested_page(params)
    query = SearchQuery(
        filters=selected, facets=list(DIRECTORY_FILTERS), sort="sort_name", page=number, page_size=page_size
    )
    found = engine.search(document_type, query)
    last = min(max(1, -(-found.total // page_size)), MAX_PAGE)
    if number > last:  # past the end: show the last page, as Paginator.get_page does
        number = last
        found = engine.search(document_type, dataclasses.replace(query, page=number))
    cards = _cards(pks=[int(hit.id) for hit in found.hits])
    window = _ResultWindow(min(found.total, last * page_size), (number - 1) * page_size, cards)
    page = Paginator(window, page_size).get_page(number)

    return DirectoryResult(
        page=page,
        selection=selection,
        chips=chips(selection, params=params),
        clear_url=clear_url(selection, params=params),
        total=found.total,
        counts=found.facets,
        params=params,
    )
