"""Where the portal's countries are and what they speak: the facts twinning weighs beside the
evidence of work done (`matchmaking`), kept apart because they are about places, not suggestions.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from knowledge.models import City

EARTH_RADIUS_KM = 6371.0088

# Sub-regions (UN M49 names) of the countries the portal serves; closeness beyond distance.
SUBREGIONS: dict[str, str] = {
    **dict.fromkeys(("BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"), "south-eastern-asia"),
    **dict.fromkeys(("CN", "HK", "JP", "KP", "KR", "MN", "MO", "TW"), "eastern-asia"),
    **dict.fromkeys(("AF", "BD", "BT", "IN", "IR", "LK", "MV", "NP", "PK"), "southern-asia"),
    **dict.fromkeys(("KZ", "KG", "TJ", "TM", "UZ"), "central-asia"),
    **dict.fromkeys(("AU", "NZ", "FJ", "PG", "SB", "VU", "WS", "TO"), "oceania"),
    **dict.fromkeys(("US", "CA"), "northern-america"),
}
SUBREGION_LABELS = {
    "south-eastern-asia": gettext_lazy("Southeast Asia"),
    "eastern-asia": gettext_lazy("East Asia"),
    "southern-asia": gettext_lazy("South Asia"),
    "central-asia": gettext_lazy("Central Asia"),
    "oceania": gettext_lazy("Oceania"),
    "northern-america": gettext_lazy("North America"),
}

# Official or widely used languages (ISO 639-1) of each country, most common first: an expert
# who speaks one of them can work with the learning city's staff without interpretation.
COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "VN": ("vi",),
    "TH": ("th",),
    "ID": ("id",),
    "PH": ("tl", "en"),
    "KH": ("km",),
    "LA": ("lo",),
    "MM": ("my",),
    "MN": ("mn",),
    "NP": ("ne",),
    "BD": ("bn",),
    "LK": ("si", "ta"),
    "IN": ("hi", "en"),
    "PK": ("ur", "en"),
    "KR": ("ko",),
    "CN": ("zh",),
    "TW": ("zh",),
    "JP": ("ja",),
    "MY": ("ms", "en"),
    "SG": ("en", "ms", "zh", "ta"),
    "US": ("en",),
    "BN": ("ms",),
    "TL": ("pt",),
    "BT": ("dz",),
    "MV": ("dv",),
    "AU": ("en",),
    "NZ": ("en",),
}


def distance_km(a: City, b: City) -> float:
    """Great-circle (haversine) distance between two cities."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
