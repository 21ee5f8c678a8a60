"""Case-study results as charts: indicator blocks drawn as server-rendered, accessible SVG.

Blocks measuring the same indicator in the same unit form one chart: a baseline and a result give
two bars (before and after); three or more dated values give a small time series. Each chart
comes with its numbers as a table and the change in words in the reader's language ("PM2.5 fell
28 % from 2015 to 2019"). The value axis always starts at zero so a bar's height is honest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from portal.l10n import local_number, local_year

WIDTH = 360
HEIGHT = 220
TOP = 28  # room for the value written above a bar or point
BOTTOM = 28  # room for the year under it
SIDE = 24


@dataclass
class Observation:
    value: Decimal
    year: int | None
    is_baseline: bool

    @property
    def label(self) -> str:
        if self.year is not None:
            return local_year(self.year)  # Thai pages write it in the Buddhist era, as their dates
        return gettext("Baseline") if self.is_baseline else gettext("Result")


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    value_text: str
    label: str

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class Point:
    x: float
    y: float
    value_text: str
    label: str


@dataclass
class IndicatorChart:
    indicator: str
    unit: str
    observations: list[Observation]
    chart_id: str
    change: str = ""
    bars: list[Bar] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def period(self) -> str:
        """The years the numbers cover, as the reader writes them: "2017", "2013–2019", or ""."""
        years = sorted({o.year for o in self.observations if o.year is not None})
        if not years:
            return ""
        if len(years) == 1:
            return local_year(years[0])
        return f"{local_year(years[0])}–{local_year(years[-1])}"

    @property
    def baseline_y(self) -> int:
        return HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def label_y(self) -> int:
        return HEIGHT - 8


def _value(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    return raw if isinstance(raw, Decimal) else Decimal(str(raw))


def _observations(blocks: Iterable[Mapping[str, Any]]) -> list[Observation]:
    seen: dict[tuple[int | None, bool], Observation] = {}
    for block in blocks:
        baseline, result = _value(block.get("baseline")), _value(block.get("result"))
        if baseline is not None:
            year = block.get("baseline_year")
            seen.setdefault((year, True), Observation(baseline, year, is_baseline=True))
        if result is not None:
            year = block.get("year")
            seen.setdefault((year, False), Observation(result, year, is_baseline=False))
    # Baselines come first when undated; otherwise the years set the order.
    return sorted(
        seen.values(), key=lambda o: o.year if o.year is not None else (-1 if o.is_baseline else 10_000)
    )


def change_in_words(*, indicator: str, observations: list[Observation]) -> str:
    """ "PM2.5 fell 28 % from 2015 to 2019": first against last value, in the reader's language."""
    if len(observations) < 2:
        return ""
    first, last = observations[0], observations[-1]
    values = {"indicator": indicator, "start": first.year, "end": last.year}
    if first.value == last.value:
        if first.year is not None and last.year is not None:
            return gettext("%(indicator)s did not change from %(start)s to %(end)s") % values
        return gettext("%(indicator)s did not change") % values
    if first.value == 0:
        # No percentage of nothing: say where it went instead.
        values["value"] = local_number(last.value)
        return gettext("%(indicator)s went from 0 to %(value)s") % values
    percent = abs((last.value - first.value) / first.value * 100)
    values["percent"] = local_number(percent, decimals=0 if percent >= 10 else 1)
    dated = first.year is not None and last.year is not None
    if last.value < first.value:
        if dated:
            return gettext("%(indicator)s fell %(percent)s %% from %(start)s to %(end)s") % values
        return gettext("%(indicator)s fell %(percent)s %%") % values
    if dated:
        return gettext("%(indicator)s rose %(percent)s %% from %(start)s to %(end)s") % values
    return gettext("%(indicator)s rose %(percent)s %%") % values


def _value_text(value: Decimal, unit: str) -> str:
    return f"{local_number(value)} {unit}".strip()


def build_chart(*, indicator: str, unit: str, blocks: list[Mapping[str, Any]]) -> IndicatorChart | None:
    """One chart for the blocks of one indicator; None when they hold no number at all."""
    observations = _observations(blocks)
    if not observations:
        return None
    key = "|".join([indicator, unit, *(f"{o.year}:{o.value}" for o in observations)])
    chart = IndicatorChart(
        indicator=indicator,
        unit=unit,
        observations=observations,
        chart_id="chart-" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10],
        change=change_in_words(indicator=indicator, observations=observations),
    )
    top = max(o.value for o in observations) or Decimal(1)
    plot_height = HEIGHT - TOP - BOTTOM

    def y_of(value: Decimal) -> float:
        return round(HEIGHT - BOTTOM - float(value / top) * plot_height, 1)

    if len(observations) <= 2:
        slot = (WIDTH - 2 * SIDE) / len(observations)
        bar_width = min(96.0, slot * 0.6)
        for index, observation in enumerate(observations):
            x = SIDE + slot * index + (slot - bar_width) / 2
            y = y_of(observation.value)
            chart.bars.append(
                Bar(
                    x=round(x, 1),
                    y=y,
                    width=round(bar_width, 1),
                    height=round(HEIGHT - BOTTOM - y, 1),
                    css_class="chart-bar--baseline" if observation.is_baseline else "chart-bar--result",
                    value_text=_value_text(observation.value, unit),
                    label=observation.label,
                )
            )
    else:
        step = (WIDTH - 2 * SIDE - 40) / (len(observations) - 1)
        for index, observation in enumerate(observations):
            chart.points.append(
                Point(
                    x=round(SIDE + 20 + step * index, 1),
                    y=y_of(observation.value),
                    value_text=local_number(observation.value),
                    label=observation.label,
                )
            )
    return chart


def indicator_charts(blocks: Iterable[Any]) -> list[IndicatorChart]:
    """Charts for a stream of indicator blocks (other block types are skipped), in stream order."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for block in blocks:
        value = getattr(block, "value", block)
        if getattr(block, "block_type", "indicator") != "indicator" or not hasattr(value, "get"):
            continue
        key = ((value.get("indicator") or "").strip(), (value.get("unit") or "").strip())
        groups.setdefault(key, []).append(value)
    charts = [build_chart(indicator=name, unit=unit, blocks=items) for (name, unit), items in groups.items()]
    return [chart for chart in charts if chart is not None]


@dataclass
class ProgressSegment:
    status: str
    label: str
    count: int
    x: float
    width: float


@dataclass
class ProgressChart:
    """A twinning pair's action list as one bar split by status (done, in progress, planned)."""

    total: int
    segments: list[ProgressSegment]
    summary: str
    width: int = WIDTH
    height: int = 28


def action_progress(*, statuses: Iterable[str]) -> ProgressChart | None:
    """The share of action items done, in progress and planned; None for an empty list."""
    from knowledge.models.twinning import ProgressStatus

    counts = {
        status: 0 for status in (ProgressStatus.DONE, ProgressStatus.IN_PROGRESS, ProgressStatus.PLANNED)
    }
    for status in statuses:
        if status in counts:
            counts[status] += 1
    total = sum(counts.values())
    if not total:
        return None
    segments, x = [], 0.0
    for status, count in counts.items():
        if count:
            width = round(WIDTH * count / total, 1)
            segments.append(
                ProgressSegment(status=str(status), label=str(status.label), count=count, x=x, width=width)
            )
            x = round(x + width, 1)
    summary = gettext("%(done)s of %(total)s actions done, %(doing)s in progress, %(planned)s planned") % {
        "done": local_number(counts[ProgressStatus.DONE]),
        "total": local_number(total),
        "doing": local_number(counts[ProgressStatus.IN_PROGRESS]),
        "planned": local_number(counts[ProgressStatus.PLANNED]),
    }
    return ProgressChart(total=total, segments=segments, summary=summary)
