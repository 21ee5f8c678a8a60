"""Indicator blocks as charts: bars or a time series, the numbers, and the change in words in the
reader's language."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from knowledge.charts import HEIGHT, build_chart, change_in_words, indicator_charts


def block(**values):
    return {"indicator": "PM2.5", "unit": "µg/m³", **values}


def test_a_baseline_and_a_result_are_two_bars_on_a_zero_based_scale():
    chart = build_chart(
        indicator="PM2.5",
        unit="µg/m³",
        blocks=[block(baseline=Decimal("50"), baseline_year=2015, result=Decimal("36"), year=2019)],
    )
    before, after = chart.bars
    assert (before.label, after.label) == ("2015", "2019")
    assert (before.css_class, after.css_class) == ("chart-bar--baseline", "chart-bar--result")
    # The taller bar fills the plot; the other is in proportion to its value, from the axis up.
    assert after.height / before.height == pytest.approx(36 / 50, abs=0.01)
    assert before.y + before.height == after.y + after.height == HEIGHT - 28
    assert chart.points == []
    assert chart.change == "PM2.5 fell 28 % from 2015 to 2019"


def test_several_years_make_a_time_series_in_year_order():
    chart = build_chart(
        indicator="PM2.5",
        unit="µg/m³",
        blocks=[
            block(result=Decimal("58"), year=2017),
            block(baseline=Decimal("89.5"), baseline_year=2013, result=Decimal("80.6"), year=2015),
            block(result=Decimal("42"), year=2019),
        ],
    )
    assert [point.label for point in chart.points] == ["2013", "2015", "2017", "2019"]
    xs = [point.x for point in chart.points]
    assert xs == sorted(xs)
    ys = [point.y for point in chart.points]
    assert ys == sorted(ys)  # falling values sit ever lower on the chart (larger y)
    assert chart.bars == []
    assert chart.change == "PM2.5 fell 53 % from 2013 to 2019"


def test_the_change_is_said_in_the_readers_language_with_its_number_format():
    observations = build_chart(
        indicator="PM2.5", unit="", blocks=[block(baseline=Decimal("100"), result=Decimal("95.5"))]
    ).observations
    with translation.override("vi"):
        assert change_in_words(indicator="PM2.5", observations=observations) == "PM2.5 giảm 4,5 %"
    with translation.override("th"):
        assert change_in_words(indicator="PM2.5", observations=observations) == "PM2.5 ลดลง 4.5 %"
    rising = build_chart(
        indicator="Bikes",
        unit="",
        blocks=[block(baseline=Decimal("200"), baseline_year=2016, result=Decimal("500"), year=2019)],
    )
    assert rising.change == "Bikes rose 150 % from 2016 to 2019"
    with translation.override("id"):
        assert change_in_words(indicator="Bikes", observations=rising.observations) == (
            "Bikes naik 150 % dari 2016 hingga 2019"
        )


def test_no_percentage_of_nothing_and_no_chart_without_numbers():
    from_zero = build_chart(
        indicator="Stations", unit="", blocks=[block(baseline=Decimal("0"), result=Decimal("12"))]
    )
    assert from_zero.change == "Stations went from 0 to 12"
    assert build_chart(indicator="Stations", unit="", blocks=[block()]) is None


class FakeStreamChild:
    def __init__(self, block_type, value):
        self.block_type = block_type
        self.value = value


def test_blocks_are_grouped_by_indicator_and_unit_and_other_blocks_skipped():
    stream = [
        FakeStreamChild("indicator", block(baseline=Decimal("10"), result=Decimal("8"))),
        FakeStreamChild("rich_text", "<p>text</p>"),
        FakeStreamChild(
            "indicator", {"indicator": "NO2", "unit": "ppb", "result": Decimal("20"), "year": 2020}
        ),
        FakeStreamChild("indicator", block(result=Decimal("7"), year=2021)),
    ]
    charts = indicator_charts(stream)
    assert [(chart.indicator, chart.unit, len(chart.observations)) for chart in charts] == [
        ("PM2.5", "µg/m³", 3),
        ("NO2", "ppb", 1),
    ]


def test_the_rendered_chart_names_itself_and_puts_its_numbers_in_a_table():
    chart = build_chart(
        indicator="PM2.5",
        unit="µg/m³",
        blocks=[block(baseline=Decimal("1234.5"), baseline_year=2015, result=Decimal("900"), year=2019)],
    )
    with translation.override("vi"):
        html = render_to_string("blocks/indicator_chart.html", {"chart": chart})
    assert f'role="img" aria-labelledby="{chart.chart_id}-title {chart.chart_id}-desc"' in html
    assert f'<title id="{chart.chart_id}-title">PM2.5 (µg/m³)</title>' in html
    assert "<caption>PM2.5, 2015–2019</caption>" in html
    assert "<td>1.234,5</td>" in html  # Vietnamese separators in the table
    assert 'height="' in html and "style=" not in html
    for bar in chart.bars:
        assert f'x="{bar.x}"' in html  # coordinates keep a decimal dot in every language
