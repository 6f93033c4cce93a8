"""The payout forecast as an SVG chart drawn on the server (no JavaScript).

The months seen are a solid line with round markers, the forecast a dashed line, its 80 % band a
hatched area, the thresholds dotted lines labelled with their share: told apart by line style,
marker and label as well as colour (WCAG 1.4.1). The page shows the same figures as a table.
Geometry is whole pixels, so no decimal comma reaches the SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fremdrift.engine.forecast import PayoutOutlook
from fremdrift.numbers import pct

STEP = 30  # pixels between two months
PLOT_HEIGHT = 200
TOP = 12
BOTTOM = 24  # month labels
LEFT = 48  # axis labels
RIGHT = 56  # threshold labels
GRID = 10  # a grid line every 10 percentage points
MONTHS_SEEN = 12  # months of figures before the forecast


@dataclass(frozen=True)
class Marker:
    x: int
    y: int
    title: str  # "2021-03: 12,5 % (25 af 200)"


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class ForecastChart:
    width: int
    height: int
    baseline: int
    plot_left: int
    plot_right: int
    seen: tuple[str, ...]  # polyline point lists, broken where a month is hidden or missing
    markers: tuple[Marker, ...]
    forecast: str  # polyline points, from the last month seen
    band: str  # polygon points
    thresholds: tuple[Label, ...]
    ticks: tuple[Label, ...]
    months: tuple[Label, ...]


def forecast_chart(outlook: PayoutOutlook) -> ForecastChart | None:
    if outlook.forecast is None:
        return None
    history = outlook.history[-MONTHS_SEEN:]
    points = outlook.forecast.points
    months = [m for m, *_ in history] + [p.month for p in points]
    highs = [p.high for p in points] + [t.threshold for t in outlook.thresholds]
    highs += [num / den for _m, num, den, hidden in history if den and not hidden]
    # Room above the highest point or threshold for its label.
    top = max(GRID, math.ceil((max(highs) * 100 + 2) / GRID) * GRID)
    baseline = TOP + PLOT_HEIGHT

    def y(share: float) -> int:
        return baseline - round(share * 100 * PLOT_HEIGHT / top)

    def x(i: int) -> int:
        return LEFT + STEP // 2 + i * STEP

    segments: list[list[str]] = [[]]
    markers = []
    last_seen: tuple[int, int] | None = None
    for i, (month, num, den, hidden) in enumerate(history):
        if hidden or not den:
            segments.append([])
            continue
        px, py = x(i), y(num / den)
        segments[-1].append(f"{px},{py}")
        markers.append(Marker(px, py, f"{month}: {pct(num / den)} ({num} / {den})"))
        last_seen = (px, py)
    start = len(history)
    line = [f"{x(start + i)},{y(p.share)}" for i, p in enumerate(points)]
    if last_seen is not None:
        line.insert(0, f"{last_seen[0]},{last_seen[1]}")
    upper = [f"{x(start + i)},{y(p.high)}" for i, p in enumerate(points)]
    lower = [f"{x(start + i)},{y(p.low)}" for i, p in enumerate(points)]
    plot_right = x(len(months) - 1) + STEP // 2
    return ForecastChart(
        width=plot_right + RIGHT,
        height=baseline + BOTTOM,
        baseline=baseline,
        plot_left=LEFT,
        plot_right=plot_right,
        seen=tuple(" ".join(s) for s in segments if s),
        markers=tuple(markers),
        forecast=" ".join(line),
        band=" ".join(upper + lower[::-1]),
        thresholds=tuple(
            Label(plot_right + 4, y(t.threshold), pct(t.threshold)) for t in outlook.thresholds
        ),
        ticks=tuple(Label(LEFT - 6, y(p / 100), f"{p} %") for p in range(0, top + 1, GRID)),
        months=tuple(
            Label(x(i), baseline + 16, m)
            for i, m in enumerate(months)
            if m.endswith(("01", "04", "07", "10"))
        ),
    )
