"""The shared filter and facet layer (portal/filters/): one rule for reading filters, counts,
toggle links and chips, whichever listing uses it. No database: vocabularies are plain dicts."""

from django.http import QueryDict
from django.utils import translation

from portal.filters import (
    Filter,
    UnknownValue,
    build_facets,
    chips,
    clear_url,
    count_in_memory,
    parse_filters,
    url_with,
)

COUNTRY = Filter(
    "country", "Country", choices=lambda: {"TH": "Thailand", "VN": "Viet Nam"}, normalize=str.upper
)
THEME = Filter("theme", "Theme", choices=lambda: {"clean-air": "Clean air", "ecosystems": "Ecosystems"})
YEAR = Filter("year", "Year", pattern="[0-9]{4}", display=lambda value: f"year {value}")
LEVEL = Filter("level", "Level", choices=lambda: {"one": "One", "two": "Two"}, multiple=False)
FILTERS = (COUNTRY, THEME, YEAR)


def query(text: str) -> QueryDict:
    return QueryDict(text)


def test_known_values_are_selected_once_in_the_order_given():
    selection = parse_filters(
        query("theme=ecosystems&theme=clean-air&theme=ecosystems&q=haze"), filters=FILTERS
    )

    assert selection.selected == {"theme": ["ecosystems", "clean-air"]}
    assert selection.is_valid and selection.is_filtered and selection.count == 2


def test_an_empty_value_means_no_filter():
    selection = parse_filters(query("theme=&country=&year="), filters=FILTERS)

    assert selection.selected == {} and selection.unknown == [] and not selection.is_filtered


def test_values_are_matched_exactly_except_the_case_of_codes():
    selection = parse_filters(query("country=vn&theme=Clean-Air&theme=%20ecosystems"), filters=FILTERS)

    assert selection.selected == {"country": ["VN"]}
    assert selection.unknown == [UnknownValue("theme", "Clean-Air"), UnknownValue("theme", " ecosystems")]


def test_pattern_filters_take_ascii_values_of_the_pattern_only():
    selection = parse_filters(
        query("year=2016&year=16&year=%D9%A2%D9%A0%D9%A1%D9%A6&year=2016x"), filters=FILTERS
    )

    assert selection.selected == {"year": ["2016"]}
    assert [item.value for item in selection.unknown] == ["16", "٢٠١٦", "2016x"]


def test_reasons_say_one_line_per_refused_parameter_in_the_active_language():
    selection = parse_filters(
        query("theme=indoor&theme=haze&year=soon&level=one&level=two"), filters=(*FILTERS, LEVEL)
    )

    with translation.override("en"):
        assert selection.reasons() == [
            "theme must be a known value, not 'indoor', 'haze'",
            "year must be a year of four digits, not 'soon'",
            "level takes one value",
        ]
    assert selection.selected["level"] == ["one"]


def test_unknown_values_are_cut_and_counted_so_a_long_url_cannot_flood_a_page():
    selection = parse_filters(query("&".join(f"theme={'x' * 200}{n}" for n in range(40))), filters=FILTERS)

    assert len(selection.unknown) == 20
    assert all(len(item.value) == 80 for item in selection.unknown)


def test_a_plain_mapping_is_read_like_a_query_string():
    selection = parse_filters({"theme": ["clean-air"], "country": "TH"}, filters=FILTERS)

    assert selection.selected == {"theme": ["clean-air"], "country": ["TH"]}


def test_links_keep_other_parameters_drop_the_page_and_unknown_values():
    params = query("q=haze&sort=date&page=3&theme=clean-air&theme=bogus&country=VN")
    selection = parse_filters(params, filters=FILTERS)

    facets = {
        facet.name: facet
        for facet in build_facets(
            selection,
            counts={"theme": {"clean-air": 4, "ecosystems": 2}, "country": {"VN": 4}},
            params=params,
        )
    }
    theme = {option.value: option for option in facets["theme"].options}

    # Ticking a value adds it, unticking removes it; the reader starts again at page 1.
    assert theme["ecosystems"].url == "?q=haze&sort=date&country=VN&theme=clean-air&theme=ecosystems"
    assert theme["clean-air"].url == "?q=haze&sort=date&country=VN"
    assert theme["clean-air"].selected and not theme["ecosystems"].selected
    assert clear_url(selection, params=params) == "?q=haze&sort=date"


def test_options_show_what_finds_something_and_what_is_ticked_in_the_vocabulary_order():
    params = query("theme=ecosystems")
    selection = parse_filters(params, filters=FILTERS)

    [country, theme, year] = build_facets(
        selection,
        counts={"country": {"VN": 3, "TH": 0}, "theme": {"clean-air": 5}, "year": {"2015": 1, "2021": 2}},
        params=params,
    )

    assert [(o.value, o.count) for o in country.options] == [("VN", 3)]
    # A ticked value that finds nothing stays listed, so it can be removed.
    assert [(o.value, o.count, o.selected) for o in theme.options] == [
        ("clean-air", 5, False),
        ("ecosystems", 0, True),
    ]
    assert [(o.value, o.label) for o in year.options] == [("2021", "year 2021"), ("2015", "year 2015")]


def test_count_order_puts_the_commonest_first():
    params = query("")
    selection = parse_filters(params, filters=(THEME,))

    [theme] = build_facets(
        selection, counts={"theme": {"clean-air": 1, "ecosystems": 7}}, params=params, order="count"
    )

    assert [option.value for option in theme.options] == ["ecosystems", "clean-air"]


def test_a_one_value_filter_replaces_its_value_when_another_is_chosen():
    params = query("level=one")
    selection = parse_filters(params, filters=(LEVEL,))

    [level] = build_facets(selection, counts={"level": {"one": 1, "two": 1}}, params=params)

    assert [option.url for option in level.options] == ["?", "?level=two"]


def test_chips_name_the_filter_and_the_value_and_remove_only_that_value():
    params = query("q=haze&country=VN&theme=clean-air&theme=ecosystems&page=2")
    selection = parse_filters(params, filters=FILTERS)

    found = [(chip.facet_label, chip.label, chip.url) for chip in chips(selection, params=params)]

    assert found == [
        ("Country", "Viet Nam", "?q=haze&theme=clean-air&theme=ecosystems"),
        ("Theme", "Clean air", "?q=haze&country=VN&theme=ecosystems"),
        ("Theme", "Ecosystems", "?q=haze&country=VN&theme=clean-air"),
    ]


def test_counts_in_memory_are_disjunctive_within_a_filter_and_conjunctive_across():
    items = [
        {"country": {"VN"}, "theme": {"clean-air"}},
        {"country": {"TH"}, "theme": {"clean-air", "ecosystems"}},
        {"country": {"TH"}, "theme": {"ecosystems"}},
    ]
    selection = parse_filters(query("country=TH&theme=clean-air"), filters=(COUNTRY, THEME))

    counted = count_in_memory(items, selection=selection, values_of=lambda item, name: item[name])

    assert counted.items == [items[1]]
    # What ticking each value would find, given the other filter.
    assert counted.counts["country"] == {"VN": 1, "TH": 1}
    assert counted.counts["theme"] == {"clean-air": 1, "ecosystems": 2}


def test_url_with_removes_empty_changes_and_keeps_the_page_when_asked():
    params = query("q=haze&page=2")

    assert url_with(params, q=None) == "?"
    assert url_with(params, page="3") == "?q=haze&page=3"
    assert url_with(params, theme=[]) == "?q=haze"


def test_known_params_keep_known_values_only():
    params = query("q=haze&theme=bogus&theme=clean-air&country=vn")
    selection = parse_filters(params, filters=FILTERS)

    assert selection.known_params(params).urlencode() == "q=haze&country=VN&theme=clean-air"


def test_toggle_links_are_what_url_with_writes_whatever_the_query_looks_like():
    # Each facet encodes the unchanged parameters once; the addresses must not change for it:
    # non-ASCII and reserved characters, repeated parameters, the filter first, last or absent.
    for text in (
        "",
        "page=4",
        "theme=clean-air&q=kh%C3%B3i+b%E1%BB%A5i&page=2&sort=date",
        "q=a%26b%3Dc+%2F+%E0%B8%9D%E0%B8%B8%E0%B9%88%E0%B8%99&year=2021&country=vn&year=2015",
        "scope=experts&theme=bogus&country=TH&q=x&country=VN&page=9",
        "q=&theme=&country=",
    ):
        params = query(text)
        selection = parse_filters(params, filters=FILTERS)
        base = selection.known_params(params)
        counts = {
            "country": {"TH": 1, "VN": 2},
            "theme": {"clean-air": 3, "ecosystems": 4},
            "year": {"2015": 1, "2021": 1, "2024": 5},
        }

        for facet in build_facets(selection, counts=counts, params=params):
            parameter = next(p for p in FILTERS if p.name == facet.name)
            chosen = selection.values(facet.name)
            for option in facet.options:
                toggled = (
                    [v for v in chosen if v != option.value]
                    if option.value in chosen
                    else [*chosen, option.value]
                )
                assert option.url == url_with(base, **{parameter.name: toggled}), (text, option)
        expected = [
            url_with(base, **{name: [v for v in values if v != value]})
            for name, values in ((p.name, selection.values(p.name)) for p in FILTERS)
            for value in values
        ]
        assert [chip.url for chip in chips(selection, params=params)] == expected, text
