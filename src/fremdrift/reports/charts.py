"""The trend of a share month by month as an SVG line chart (drawn on the server, no JavaScript).

Like borgere.charts, a chart never stands alone: the report shows the same figures in a table,
the two lines differ by dash and marker shape as well as colour (WCAG 1.4.1), and every point
carries its figure in a title. The geometry is whole pixels, so no decimal comma reaches the SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fremdrift.numbers import pct
from fremdrift.reports.content import TrendPoint

STEP = 18  # pixels between two months
PLOT_HEIGHT = 110
TOP = 10
BOTTOM = 22  # room for the month labels
LEFT = 44  # room for the axis labels
RIGHT = 12
GRID_PERCENT = 10  # a grid line every 10 percentage points
MONTH_LABEL_WIDTH = 50  # "2021-03" at 10 px, with a gap


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    title: str  # "2021-03: 12,5 %"


@dataclass(frozen=True)
class Line:
    points: tuple[Point, ...]
    segments: tuple[str, ...]  # SVG polyline point lists, broken where a month has no figure


@dataclass(frozen=True)
class Tick:
    y: int
    label: str  # "20 %"


@dataclass(frozen=True)
class MonthLabel:
    x: int
    label: str  # "2021-03"


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    baseline: int
    plot_left: int
    plot_right: int
    kommune: Line
    national: Line
    ticks: tuple[Tick, ...]
    months: tuple[MonthLabel, ...]


def trend_chart(trend: Sequence[TrendPoint]) -> LineChart:
    """The municipality's share (solid, dots) and the national share (dashed, squares)."""
    shares = [s for p in trend for s in (p.figure.share, p.national.share) if s is not None]
    top_percent = max(
        GRID_PERCENT, math.ceil(max(shares, default=0) * 100 / GRID_PERCENT) * GRID_PERCENT
    )
    baseline = TOP + PLOT_HEIGHT

    def y(share: float) -> int:
        return baseline - round(share * 100 * PLOT_HEIGHT / top_percent)

    def x(i: int) -> int:
        return LEFT + STEP // 2 + i * STEP

    def line(values: list[float | None]) -> Line:
        points: list[Point] = []
        segments: list[str] = []
        current: list[str] = []
        for i, (point, share) in enumerate(zip(trend, values, strict=True)):
            if share is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            points.append(Point(x(i), y(share), f"{point.month}: {pct(share)}"))
            current.append(f"{x(i)},{y(share)}")
        if current:
            segments.append(" ".join(current))
        return Line(tuple(points), tuple(segments))

    every = math.ceil(MONTH_LABEL_WIDTH / STEP)  # labels that do not run into each other
    width = LEFT + max(len(trend), 1) * STEP + RIGHT
    return LineChart(
        width=width,
        height=baseline + BOTTOM,
        baseline=baseline,
        plot_left=LEFT,
        plot_right=width - RIGHT,
        kommune=line([p.figure.share for p in trend]),
        national=line([p.national.share for p in trend]),
        ticks=tuple(Tick(y(v / 100), f"{v} %") for v in range(0, top_percent + 1, GRID_PERCENT)),
        months=tuple(MonthLabel(x(i), p.month) for i, p in enumerate(trend) if i % every == 0),
    )
