"""The offline map: TopoJSON decoding, the committed country asset, and the maps readers see on
the cities, twinning and city pages (server-rendered SVG, keyboard-reachable labelled markers)."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from knowledge.maps import ASSET_PATH, SOURCE_PATH, _path, build_asset, countries, path_rings, project
from knowledge.models import CertificationLevel, CityCertification, TwinningPartnership
from knowledge.topojson import decode_arcs, geometry_polygons, ring_points

SVG = "{http://www.w3.org/2000/svg}"

# A quantized topology of two squares sharing one edge (arc 0), written by hand: scale 0.5,
# translate (10, 20), so quantized (2, 4) is (11, 22) in degrees.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [0, 2]],  # (2,0) -> (2,2): the shared edge
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (2,2) -> (0,2) -> (0,0) -> (2,0)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],  # (2,0) -> (4,0) -> (4,2) -> (2,2)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "West"}},
                {"type": "MultiPolygon", "arcs": [[[2, ~0]]], "id": "002", "properties": {"name": "East"}},
                {"type": None, "id": "003", "properties": {"name": "Nowhere"}},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_and_transformed_into_degrees():
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(11.0, 20.0), (11.0, 21.0)]
    assert arcs[1] == [(11.0, 21.0), (10.0, 21.0), (10.0, 20.0), (11.0, 20.0)]


def test_a_negative_arc_index_walks_the_arc_backwards_and_rings_close():
    arcs = decode_arcs(TOPOLOGY)
    east = ring_points([2, ~0], arcs)
    assert east == [(11.0, 20.0), (12.0, 20.0), (12.0, 21.0), (11.0, 21.0), (11.0, 20.0)]
    assert east[0] == east[-1]
    assert geometry_polygons({"type": None}, arcs) == []
    (west,) = geometry_polygons(TOPOLOGY["objects"]["countries"]["geometries"][0], arcs)
    assert west[0][0] == west[0][-1] == (11.0, 20.0)


def test_the_map_is_pacific_centred():
    # San Diego lies east of Tokyo on the portal's map, so a twinning line crosses the Pacific.
    tokyo_x, tokyo_y = project(latitude=35.68, longitude=139.65)
    san_diego_x, _ = project(latitude=32.72, longitude=-117.16)
    assert san_diego_x == pytest.approx(242.84)
    assert san_diego_x > tokyo_x
    assert tokyo_y == -35.68


def test_a_shape_cut_at_the_antimeridian_is_joined_again():
    # Fiji in Natural Earth: one ring with points at 179°E and at 180°W.
    fiji = {
        "type": "Topology",
        "arcs": [[[179.0, -17.0], [180.0, -16.0], [-180.0, -16.0], [-179.8, -16.5], [179.0, -17.0]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]], "id": "242"}]}},
    }
    (country,) = build_asset(topology=fiji)["countries"]
    # East of 180° now, not a streak across the whole map.
    assert country["bbox"] == [179.0, 16.0, 180.2, 17.0]


def test_countries_outside_the_region_are_left_out_of_the_asset():
    far_west = {
        "type": "Topology",
        "arcs": [[[10.0, 40.0], [12.0, 40.0], [12.0, 42.0], [10.0, 40.0]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]], "id": "380"}]}},
    }
    assert build_asset(topology=far_west)["countries"] == []
    names = {country["name"] for country in build_asset(topology=TOPOLOGY)["countries"]}
    assert names == set()  # 10–12°E is Europe and Africa, outside Asia and the Pacific


def test_the_committed_asset_is_compact_and_holds_the_region():
    assert ASSET_PATH.stat().st_size <= 300_000
    names = {country["name"] for country in countries()}
    assert {
        "China",
        "Japan",
        "Vietnam",
        "Thailand",
        "Indonesia",
        "Mongolia",
        "United States of America",
    } <= names
    assert "France" not in names
    assert all(country["d"].startswith("M") and country["d"].endswith("Z") for country in countries())


def test_outlines_are_written_as_relative_steps_that_read_back_to_the_same_points():
    # Steps in tenths add up without drift, repeated points go, and signs and leading zeros are
    # dropped only where the number still reads the same (the demo's map pictures read them back).
    ring = [(178.1, -17.5), (178.43, -17.3), (178.4, -17.26), (180.0, -16.95), (179.5, -18.04)]
    written = _path([ring])
    assert written == "M178.1-17.5l.3 .2 1.6 .4-.5-1.1Z"
    assert path_rings(written) == [[(178.1, -17.5), (178.4, -17.3), (180.0, -16.9), (179.5, -18.0)]]
    # Every outline of the committed asset reads back inside the box the asset gives it.
    for country in countries():
        points = [point for ring in path_rings(country["d"]) for point in ring]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        assert [min(xs), min(ys), max(xs), max(ys)] == country["bbox"], country["name"]


def test_the_committed_asset_is_what_the_build_makes_from_the_npm_package():
    source = Path(SOURCE_PATH)
    if not source.is_file():
        pytest.skip("node_modules/world-atlas is not installed (npm ci)")
    rebuilt = build_asset(topology=json.loads(source.read_text(encoding="utf-8")))
    assert rebuilt == json.loads(ASSET_PATH.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# What readers see


def _map_svg(html: str, map_id: str) -> ET.Element:
    figure = re.search(rf'<figure class="city-map" id="{map_id}">(.*?)</figure>', html, re.S)
    assert figure, f"no map {map_id}"
    svg = re.search(r"<svg.*?</svg>", figure.group(1), re.S).group(0)
    return ET.fromstring(svg)  # noqa: S314 (our own rendered page, in a test)


def _markers(svg: ET.Element) -> list[ET.Element]:
    return svg.findall(f".//{SVG}a")


@pytest.fixture
def certified(terms):
    CityCertification.objects.create(
        city=terms["city"]["bangkok"],
        level=CertificationLevel.objects.order_by("rank").last(),
        awarded=date(2024, 5, 1),
    )


@pytest.mark.django_db
def test_cities_page_has_a_marker_link_per_city_named_with_its_level(client, terms, certified):
    html = client.get("/en/cities/").content.decode()
    svg = _map_svg(html, "cities-map")
    markers = _markers(svg)
    assert len(markers) == len(terms["city"])
    bangkok = next(a for a in markers if a.get("href") == "/en/cities/bangkok/")
    top = CertificationLevel.objects.order_by("rank").last()
    assert bangkok.find(f"{SVG}title").text == f"Bangkok, Thailand (Level {top.rank}: {top.name})"
    assert bangkok.get("aria-label") == bangkok.find(f"{SVG}title").text
    assert f"map-marker--level-{min(top.rank, 5)}" in bangkok.get("class")
    hanoi = next(a for a in markers if a.get("href") == "/en/cities/hanoi/")
    assert "map-marker--none" in hanoi.get("class")
    # One line per seeded pair, from mentor to learning city, with its status in words.
    lines = svg.findall(f".//{SVG}line")
    assert len(lines) == TwinningPartnership.objects.count()
    titles = {line.find(f"{SVG}title").text for line in lines}
    assert "Kitakyushu mentors Haiphong (Active)" in titles
    # The list beside the map is its text alternative, linked from the caption.
    assert 'href="#city-list"' in html and 'id="city-list"' in html
    # Nothing inline: the CSP forbids style attributes.
    assert "style=" not in re.search(r"<svg.*?</svg>", html, re.S).group(0)


@pytest.mark.django_db
def test_home_page_maps_the_member_cities_and_pairs_with_a_list_beside(client, site, terms, certified):
    html = client.get("/th/").content.decode()
    svg = _map_svg(html, "home-map")

    markers = _markers(svg)
    assert {a.get("href") for a in markers} == {f"/th/cities/{slug}/" for slug in terms["city"]}
    assert all(a.get("aria-label") for a in markers)  # each marker a named link, reachable by Tab
    assert len(svg.findall(f".//{SVG}line")) == TwinningPartnership.objects.count()
    assert "เมืองสมาชิกและความร่วมมือเมืองคู่แฝด" in html
    # The list is the map's text alternative, linked from its caption and there without script.
    assert 'href="#home-city-list"' in html
    listed = re.search(r'<ul class="link-list" id="home-city-list">(.*?)</ul>', html, re.S).group(1)
    assert listed.count("<li>") == len(terms["city"])
    assert 'href="/th/cities/bangkok/">กรุงเทพมหานคร</a>' in listed
    # The map's colours come with the page (figures.css, set in it under the CSP nonce).
    assert re.search(r'<style nonce="[^"]+">[^<]*\.map-marker--level-3 circle', html)


@pytest.mark.django_db
def test_filtering_the_cities_filters_the_map(client, terms):
    html = client.get("/en/cities/?country=VN").content.decode()
    svg = _map_svg(html, "cities-map")
    hrefs = {a.get("href") for a in _markers(svg)}
    assert hrefs == {f"/en/cities/{c.slug}/" for c in terms["city"].values() if c.country.code == "VN"}
    # Haiphong's mentor is Kitakyushu, not on this map, so its line is not drawn.
    assert svg.findall(f".//{SVG}line") == []


@pytest.mark.django_db
def test_twinning_page_maps_the_listed_pairs(client, terms):
    html = client.get("/th/twinning/").content.decode()
    svg = _map_svg(html, "twinning-map")
    partnerships = TwinningPartnership.objects.all()
    assert len(svg.findall(f".//{SVG}line")) == partnerships.count()
    cities = {p.mentor_city.slug for p in partnerships} | {p.learning_city.slug for p in partnerships}
    assert {a.get("href") for a in _markers(svg)} == {f"/th/cities/{slug}/" for slug in cities}
    assert any("กรุงเทพมหานคร" in a.find(f"{SVG}title").text for a in _markers(svg))
    assert 'href="#twinning-list"' in html


@pytest.mark.django_db
def test_city_page_shows_the_city_and_its_partners_by_name(client, terms):
    html = client.get("/en/cities/haiphong/").content.decode()
    svg = _map_svg(html, "city-map")
    markers = _markers(svg)
    assert {a.get("href") for a in markers} == {"/en/cities/haiphong/", "/en/cities/kitakyushu/"}
    here = next(a for a in markers if "map-marker--here" in a.get("class"))
    assert here.get("href") == "/en/cities/haiphong/"
    # With few cities the names are written on the map too (hidden from screen readers, which
    # already hear the link's name).
    texts = {text.text for text in svg.iter(f"{SVG}text")}
    assert texts == {"Haiphong", "Kitakyushu"}
    assert all(text.get("aria-hidden") == "true" for text in svg.iter(f"{SVG}text"))
    assert "Haiphong and its twinning partners" in html


@pytest.mark.django_db
def test_a_city_without_partners_still_gets_its_own_map(client, terms):
    html = client.get("/vi/cities/da-nang/").content.decode()
    svg = _map_svg(html, "city-map")
    (marker,) = _markers(svg)
    assert marker.get("href") == "/vi/cities/da-nang/"
    # Coordinates are written with a dot whatever the language (Vietnamese uses a decimal comma).
    circle = marker.find(f"{SVG}circle")
    float(circle.get("cx")), float(circle.get("cy"))
    assert 0 <= float(circle.get("cx")) <= 800


def test_a_pair_line_stops_short_of_both_markers_so_its_arrowhead_shows():
    from knowledge.maps import PlacedCity, PlacedPair, build_map

    mentor = PlacedCity(latitude=0.0, longitude=100.0, label="A", url="/a/", css_class="map-marker--none")
    learning = PlacedCity(latitude=0.0, longitude=120.0, label="B", url="/b/", css_class="map-marker--none")
    city_map = build_map(
        cities=[mentor, learning],
        pairs=[
            PlacedPair(mentor=mentor, learning=learning, label="A mentors B", css_class="map-line--active")
        ],
    )
    (line,) = city_map.lines
    start, end = city_map.markers[0], city_map.markers[1]
    assert line.y1 == line.y2 == start.y == end.y  # on the equator, a horizontal line
    assert line.x1 == pytest.approx(start.x + 7, abs=0.11)
    assert line.x2 == pytest.approx(end.x - 11, abs=0.11)
