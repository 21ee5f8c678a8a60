"""A small TopoJSON decoder: the country shapes of the `world-atlas` package into lon/lat rings.

TopoJSON stores each shared border once (an "arc") and a polygon as a list of arc indexes; a
negative index ~i means arc i walked backwards. In a quantized topology the arc points are
integers, each one a delta from the previous point, turned back into degrees by the topology's
`transform` (scale and translate). Only what the map build needs is here: Polygon and
MultiPolygon geometries (spec: github.com/topojson/topojson-specification).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]


def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """Every arc of the topology as absolute (longitude, latitude) points."""
    transform = topology.get("transform")
    decoded: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            decoded.append([(float(point[0]), float(point[1])) for point in arc])
            continue
        (scale_x, scale_y), (translate_x, translate_y) = transform["scale"], transform["translate"]
        x = y = 0
        points: list[Point] = []
        for point in arc:
            # Delta encoding: each position is relative to the one before it, in quantized units.
            x += point[0]
            y += point[1]
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        decoded.append(points)
    return decoded


def ring_points(arc_indexes: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """One closed ring stitched from its arcs; consecutive arcs share their joining point."""
    points: Ring = []
    for index in arc_indexes:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def geometry_polygons(geometry: Mapping[str, Any], arcs: Sequence[Sequence[Point]]) -> list[Polygon]:
    """A Polygon or MultiPolygon geometry as polygons (outer ring first, then holes)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        parts = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        # Null geometries (and points or lines, which a country file does not hold) draw nothing.
        return []
    return [[ring_points(ring, arcs) for ring in polygon] for polygon in parts]
