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

``parsing`` declares the parameters and reads them into a :class:`Selection`; ``facets`` turns
counts into options with toggle links, chips and the "clear all" link. Everything is re-exported
here.
"""

from __future__ import annotations

from portal.filters.facets import (
    Chip,
    Counted,
    Facet,
    FacetOption,
    Item,
    build_facets,
    chips,
    clear_url,
    count_in_memory,
    url_with,
)
from portal.filters.parsing import (
    MAX_REPORTED,
    SHOWN_VALUE_LENGTH,
    Filter,
    FilteredListing,
    Selection,
    UnknownValue,
    as_query_dict,
    parse_filters,
)

__all__ = [
    "MAX_REPORTED",
    "SHOWN_VALUE_LENGTH",
    "Chip",
    "Counted",
    "Facet",
    "FacetOption",
    "Filter",
    "FilteredListing",
    "Item",
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
