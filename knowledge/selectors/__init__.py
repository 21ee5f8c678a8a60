"""Read-side queries for knowledge pages: prefetching, URL filters and facet counts.

Every function here runs a fixed number of queries, whatever the number of pages, tags or
cities, so listings and indexers stay fast as content grows.

``filters`` holds the section index filters and their counts, ``pages`` the page listings
(latest, related, twinning, events) and ``cities`` the city profile and the city list. Everything
is re-exported here, where the listings and the directory have always found it.
"""

from __future__ import annotations

# The vocabularies' labels live below the selectors (the page models read them too); re-exported
# here, where the listings and the directory have always found them.
from knowledge.labels import vocabulary_labels as vocabulary_labels
from knowledge.selectors.cities import (
    CITY_FILTERS,
    CITY_LIST_FILTERS,
    CityListing,
    CityProfile,
    city_listing,
    city_profile,
    register_city_experts,
)
from knowledge.selectors.filters import (
    ACTION_FILTER,
    AVAILABLE_IN_FILTER,
    COUNTRY_FILTER,
    FILTER_PARAMETERS,
    INDEX_FILTERS,
    PLACE_AND_TOPIC_FILTERS,
    TERM_FILTERS,
    YEAR_FILTER,
    YEAR_PATTERN,
    FilterResult,
    filter_knowledge_pages,
    has_title_in,
)
from knowledge.selectors.pages import (
    event_index_url,
    iter_live_knowledge_pages,
    knowledge_pages,
    latest_knowledge_pages,
    partnerships_for_readers,
    partnerships_on_map,
    related_knowledge_pages,
    twinning_highlights,
    upcoming_events,
    with_related,
)

__all__ = [
    "ACTION_FILTER",
    "AVAILABLE_IN_FILTER",
    "CITY_FILTERS",
    "CITY_LIST_FILTERS",
    "COUNTRY_FILTER",
    "FILTER_PARAMETERS",
    "INDEX_FILTERS",
    "PLACE_AND_TOPIC_FILTERS",
    "TERM_FILTERS",
    "YEAR_FILTER",
    "YEAR_PATTERN",
    "CityListing",
    "CityProfile",
    "FilterResult",
    "city_listing",
    "city_profile",
    "event_index_url",
    "filter_knowledge_pages",
    "has_title_in",
    "iter_live_knowledge_pages",
    "knowledge_pages",
    "latest_knowledge_pages",
    "partnerships_for_readers",
    "partnerships_on_map",
    "register_city_experts",
    "related_knowledge_pages",
    "twinning_highlights",
    "upcoming_events",
    "with_related",
]
