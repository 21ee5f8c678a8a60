"""The portal's own map: country shapes, member cities and twinning pairs as server-rendered SVG.

No tiles, no script, no network: the country outlines come from a compact asset built once from
the `world-atlas` npm package (Natural Earth 1:110m) by `manage.py build_map` and committed, so
serving the map needs neither node nor a tile server. The projection is plate carrée (x is the
longitude, y the latitude, both in degrees) centred on the Pacific: longitudes west of 30°W are
shifted by 360°, so Bangkok and San Diego, or Pasig and Taipei, sit on one continuous map and a
twinning line never wraps round the back of the world.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.topojson import Polygon, decode_arcs, geometry_polygons

ASSET_PATH = Path(__file__).resolve().parent / "data" / "map_countries.json"
SOURCE_PATH = Path("node_modules/world-atlas/countries-110m.json")

# Longitudes west of this are drawn east of 180° (the Americas to the right of the Pacific).
SHIFT_WEST_OF = -30.0
# What the asset keeps: Asia, the Pacific and the Pacific coast of the Americas (projected degrees).
REGION = (25.0, -80.0, 300.0, 55.0)  # min x, min y (= -max latitude), max x, max y
# Points closer than this to the previous one are dropped: at the sizes the portal draws the
# map, a tenth of a degree is under a pixel.
MIN_STEP = 0.15

MAP_WIDTH = 800
# The frame of a map is at most this many degrees of latitude per degree of longitude, and at
# least the MIN one, so one city or a tall set of cities still gives a readable shape.
MAX_ASPECT = 0.7
MIN_ASPECT = 0.4
PADDING_DEGREES = 6.0
MIN_SPAN_DEGREES = 24.0


def project(*, latitude: float, longitude: float) -> tuple[float, float]:
    """Map coordinates (degrees) of a place: x east from Greenwich, Pacific-centred; y down."""
    x = longitude + 360.0 if longitude < SHIFT_WEST_OF else longitude
    return x, -latitude


def _shift_ring(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    # Point by point, so a shape cut at the antimeridian (Fiji, Chukotka) joins up again east
    # of 180°; a ring that the shift would tear apart instead (Greenland straddles 30°W) moves
    # whole, by where most of it lies.
    shifted = [(lon + 360.0 if lon < SHIFT_WEST_OF else lon, -lat) for lon, lat in ring]
    xs = [x for x, _ in shifted]
    if max(xs) - min(xs) <= 180.0:
        return shifted
    offset = 360.0 if sum(lon for lon, _ in ring) / len(ring) < SHIFT_WEST_OF else 0.0
    return [(lon + offset, -lat) for lon, lat in ring]


def _shift_polygon(polygon: Polygon) -> Polygon:
    return [_shift_ring(ring) for ring in polygon]


def _simplify(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    kept = [ring[0]]
    for point in ring[1:-1]:
        if abs(point[0] - kept[-1][0]) >= MIN_STEP or abs(point[1] - kept[-1][1]) >= MIN_STEP:
            kept.append(point)
    return kept


def _tenths(value: float) -> int:
    # The grid is a tenth of a degree (0.36 px of the 800 px overview); rounded as before, through
    # the decimal text, so a point lands exactly where the absolute coordinates put it.
    return round(float(f"{value:.1f}") * 10)


def _number(tenths: int) -> str:
    # Tenths of a degree in the fewest characters: 1.5, .3, -.2, 12 (no "0." and no ".0").
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _pairs(numbers: Iterable[str]) -> str:
    # A minus sign separates numbers by itself, so the space before it goes.
    text = ""
    for number in numbers:
        text += number if not text or number.startswith("-") else f" {number}"
    return text


def _path(rings: Iterable[list[tuple[float, float]]]) -> str:
    """Each ring as one absolute move and then relative steps ("M x y l dx dy … Z"): a step
    between neighbouring points is a few tenths of a degree, so it takes about half the digits
    of the absolute coordinates, and the pages that carry the map (home, cities, twinning) ship
    that much less. Steps are counted in whole tenths, so they add up with no drift."""
    parts = []
    for ring in rings:
        points = [(_tenths(x), _tenths(y)) for x, y in ring]
        (x0, y0), steps = points[0], []
        previous = points[0]
        for point in points[1:]:
            if point != previous:
                steps.extend((point[0] - previous[0], point[1] - previous[1]))
                previous = point
        move = _pairs(_number(value) for value in (x0, y0))
        parts.append(f"M{move}l{_pairs(_number(step) for step in steps)}Z" if steps else f"M{move}Z")
    return "".join(parts)


_RING = re.compile(r"M([^lZ]+)(?:l([^Z]*))?Z")
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")


def path_rings(path: str) -> list[list[tuple[float, float]]]:
    """The rings of an outline that ``_path`` wrote, as absolute map coordinates (degrees), for
    drawing it elsewhere than in SVG (the demo's map pictures, knowledge/demo_images.py)."""
    rings = []
    for move, steps in _RING.findall(path):
        x, y = (round(float(value) * 10) for value in _NUMBER.findall(move))
        ring = [(x / 10, y / 10)]
        numbers = [round(float(value) * 10) for value in _NUMBER.findall(steps)]
        for dx, dy in zip(numbers[0::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x / 10, y / 10))
        rings.append(ring)
    return rings


def _intersects(box: Sequence[float], other: Sequence[float]) -> bool:
    return box[0] <= other[2] and other[0] <= box[2] and box[1] <= other[3] and other[1] <= box[3]


def build_asset(*, topology: dict[str, Any]) -> dict[str, Any]:
    """The compact map asset from a world-atlas countries topology: one SVG path per country."""
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = []
        for polygon in geometry_polygons(geometry, arcs):
            shifted = _shift_polygon(polygon)
            xs = [x for x, _ in shifted[0]]
            ys = [y for _, y in shifted[0]]
            if not _intersects((min(xs), min(ys), max(xs), max(ys)), REGION):
                continue
            rings.extend(ring for ring in (_simplify(ring) for ring in shifted) if len(ring) >= 3)
        if not rings:
            continue
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        countries.append(
            {
                "id": geometry.get("id", ""),
                "name": geometry.get("properties", {}).get("name", ""),
                "bbox": [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)],
                "d": _path(rings),
            }
        )
    return {
        "source": "world-atlas 2.0.2, countries-110m (Natural Earth, public domain)",
        "projection": f"plate carrée in degrees, y = -latitude, longitudes west of {SHIFT_WEST_OF}° + 360°",
        "countries": countries,
    }


@lru_cache(maxsize=1)
def countries() -> tuple[dict[str, Any], ...]:
    """The country shapes of the committed asset (read once per process)."""
    return tuple(json.loads(ASSET_PATH.read_text(encoding="utf-8"))["countries"])


@dataclass
class MapMarker:
    x: float
    y: float
    label: str
    name: str
    url: str
    css_class: str
    highlighted: bool = False
    show_label: bool = False
    # Names of cities near the right edge are written to the left of their marker, to stay inside.
    label_left: bool = False

    @property
    def text_x(self) -> float:
        gap = 12 if self.highlighted else 9
        return round(self.x - gap if self.label_left else self.x + gap, 1)

    @property
    def text_anchor(self) -> str:
        return "end" if self.label_left else "start"


@dataclass
class MapLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    css_class: str


@dataclass
class CityMap:
    width: int
    height: int
    transform: str
    countries: list[dict[str, Any]]
    markers: list[MapMarker] = field(default_factory=list)
    lines: list[MapLine] = field(default_factory=list)
    # (css class, words) of each kind of marker and line drawn, for the legend beside the map.
    marker_legend: list[tuple[str, str]] = field(default_factory=list)
    line_legend: list[tuple[str, str]] = field(default_factory=list)


def _frame(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The box (in degrees) the map shows: the points with a margin, within the aspect limits."""
    xs = [x for x, _ in points] or [100.0]
    ys = [y for _, y in points] or [-15.0]
    x0, x1 = min(xs) - PADDING_DEGREES, max(xs) + PADDING_DEGREES
    y0, y1 = min(ys) - PADDING_DEGREES, max(ys) + PADDING_DEGREES
    if x1 - x0 < MIN_SPAN_DEGREES:
        grow = (MIN_SPAN_DEGREES - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    width, height = x1 - x0, y1 - y0
    if height > width * MAX_ASPECT:
        grow = (height / MAX_ASPECT - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    elif height < width * MIN_ASPECT:
        grow = (width * MIN_ASPECT - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, y0, x1, y1


@dataclass
class PlacedCity:
    """What the map needs of a city; built by the caller so this module stays free of models."""

    latitude: float
    longitude: float
    label: str
    url: str
    css_class: str
    highlighted: bool = False
    kind_label: str = ""
    name: str = ""


@dataclass
class PlacedPair:
    mentor: PlacedCity
    learning: PlacedCity
    label: str
    css_class: str
    kind_label: str = ""


def _trimmed(
    a: tuple[float, float], b: tuple[float, float], *, start: float, end: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The segment a→b shortened at both ends, so its arrowhead stops at the learning city's
    marker instead of hiding under it."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length <= start + end:
        return a, b
    ux, uy = dx / length, dy / length
    return (
        (round(a[0] + ux * start, 1), round(a[1] + uy * start, 1)),
        (round(b[0] - ux * end, 1), round(b[1] - uy * end, 1)),
    )


def build_map(
    *, cities: Sequence[PlacedCity], pairs: Sequence[PlacedPair] = (), label_cities: bool | None = None
) -> CityMap:
    """An SVG map framed on `cities` (and both ends of every pair), in pixel coordinates.

    Country paths stay in degrees and are placed by one transform on their group; markers and
    lines are computed in pixels so their size does not depend on how far the map is zoomed.
    City names are written on the map only when there are few enough not to overlap.
    """
    places = list(cities)
    for pair in pairs:
        places.extend((pair.mentor, pair.learning))
    points = [project(latitude=p.latitude, longitude=p.longitude) for p in places]
    x0, y0, x1, y1 = _frame(points)
    scale = MAP_WIDTH / (x1 - x0)
    height = round((y1 - y0) * scale)

    def pixel(place: PlacedCity) -> tuple[float, float]:
        x, y = project(latitude=place.latitude, longitude=place.longitude)
        return round((x - x0) * scale, 1), round((y - y0) * scale, 1)

    if label_cities is None:
        label_cities = len(cities) <= 8
    frame = (x0, y0, x1, y1)
    city_map = CityMap(
        width=MAP_WIDTH,
        height=height,
        transform=f"matrix({scale:.4f} 0 0 {scale:.4f} {-x0 * scale:.2f} {-y0 * scale:.2f})",
        countries=[country for country in countries() if _intersects(country["bbox"], frame)],
    )
    for pair in pairs:
        (ax, ay), (bx, by) = _trimmed(pixel(pair.mentor), pixel(pair.learning), start=7.0, end=11.0)
        city_map.lines.append(MapLine(x1=ax, y1=ay, x2=bx, y2=by, label=pair.label, css_class=pair.css_class))
    # Highlighted cities are drawn last, on top of their neighbours.
    for place in sorted(cities, key=lambda p: p.highlighted):
        x, y = pixel(place)
        city_map.markers.append(
            MapMarker(
                x=x,
                y=y,
                label=place.label,
                name=place.name or place.label,
                url=place.url,
                css_class=place.css_class,
                highlighted=place.highlighted,
                show_label=label_cities or place.highlighted,
                label_left=x > MAP_WIDTH * 0.7,
            )
        )
    city_map.marker_legend = sorted({(p.css_class, p.kind_label) for p in cities if p.kind_label})
    city_map.line_legend = sorted({(p.css_class, p.kind_label) for p in pairs if p.kind_label})
    return city_map


# --------------------------------------------------------------------------------------------
# The portal's maps, from its models


def _current_levels(city_ids: Iterable[int]) -> dict[int, Any]:
    """Each city's current certification level (the most recently awarded), in one query."""
    from knowledge.models import CityCertification

    levels: dict[int, Any] = {}
    for certification in CityCertification.objects.filter(city_id__in=set(city_ids)).select_related("level"):
        # Ordered newest first by the model, so the first one seen is the current level.
        levels.setdefault(certification.city_id, certification.level)
    return levels


def _placed(city: Any, level: Any, *, highlighted: bool = False) -> PlacedCity:
    from django.urls import reverse
    from django.utils.translation import gettext

    if level is None:
        standing = gettext("not certified yet")
        css_class = "map-marker--none"
    else:
        standing = gettext("Level %(rank)s: %(level)s") % {"rank": level.rank, "level": level.name}
        css_class = f"map-marker--level-{min(level.rank, 5)}"
    return PlacedCity(
        latitude=city.latitude,
        longitude=city.longitude,
        label=f"{city.name}, {city.country.name} ({standing})",
        url=reverse("knowledge:city", kwargs={"slug": city.slug}),
        css_class=css_class,
        highlighted=highlighted,
        kind_label=standing,
        name=city.name,
    )


def _pair(partnership: Any, placed: dict[int, PlacedCity]) -> PlacedPair:
    from django.utils.translation import gettext

    return PlacedPair(
        mentor=placed[partnership.mentor_city_id],
        learning=placed[partnership.learning_city_id],
        label=gettext("%(mentor)s mentors %(learning)s (%(status)s)")
        % {
            "mentor": partnership.mentor_city.name,
            "learning": partnership.learning_city.name,
            "status": partnership.get_status_display(),
        },
        css_class=f"map-line--{partnership.status}",
        kind_label=gettext("%(status)s partnership") % {"status": partnership.get_status_display()},
    )


def network_map(*, cities: Sequence[Any], partnerships: Sequence[Any]) -> CityMap:
    """Member cities (marker by certification level) and the twinning pairs between them.

    A pair is drawn when both its cities are on the map, so a filtered list of cities shows only
    the partnerships inside it. `cities` may carry `current_level` (the cities list does).
    """
    missing = [city.pk for city in cities if not hasattr(city, "current_level")]
    levels = _current_levels(missing) if missing else {}
    placed = {
        city.pk: _placed(city, getattr(city, "current_level", None) or levels.get(city.pk)) for city in cities
    }
    pairs = [
        _pair(partnership, placed)
        for partnership in partnerships
        if partnership.mentor_city_id in placed and partnership.learning_city_id in placed
    ]
    return build_map(cities=list(placed.values()), pairs=pairs)


def partnerships_map(*, partnerships: Sequence[Any]) -> CityMap:
    """The cities of `partnerships` with a line from each mentor to its learning city."""
    cities = {}
    for partnership in partnerships:
        cities[partnership.mentor_city_id] = partnership.mentor_city
        cities[partnership.learning_city_id] = partnership.learning_city
    levels = _current_levels(cities)
    placed = {pk: _placed(city, levels.get(pk)) for pk, city in cities.items()}
    return build_map(cities=list(placed.values()), pairs=[_pair(p, placed) for p in partnerships])


def city_map(*, city: Any, level: Any, partnerships: Sequence[Any]) -> CityMap:
    """One city, highlighted, with its twinning partners and the lines between them."""
    partners = {}
    for partnership in partnerships:
        for other in (partnership.mentor_city, partnership.learning_city):
            if other.pk != city.pk:
                partners[other.pk] = other
    levels = _current_levels(partners)
    placed = {city.pk: _placed(city, level, highlighted=True)}
    placed.update({pk: _placed(other, levels.get(pk)) for pk, other in partners.items()})
    return build_map(cities=list(placed.values()), pairs=[_pair(p, placed) for p in partnerships])
