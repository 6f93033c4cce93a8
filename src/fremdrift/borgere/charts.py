"""Small bar charts drawn on the server as inline SVG: no JavaScript, no chart library.

A chart here never stands alone: the template shows the same figures as a table next to it, and
every bar carries its figure as text, so nothing is told by colour alone (WCAG 1.4.1). The
geometry is whole pixels, so the numbers reach the SVG without a Danish decimal comma.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import dateformat

BAR_WIDTH = 32
GAP = 12
PLOT_HEIGHT = 120
TOP = 20  # room for the figure above the tallest bar
BOTTOM = 24  # room for the month under each bar
LEFT = 8
# Room on the right for the target line's label.
RIGHT = 136
# A bar at least this tall carries its figure inside, else just above it.
FIGURE_INSIDE = 20


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    label_x: int  # the centre of the bar, for its texts
    figure_y: int
    figure_inside: bool
    month: str  # "maj 25"
    figure: str  # "38" or "–" (nothing registered)
    title: str  # what a pointer or a screen reader gets: "maj 2025: 38 timer"
    missing: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: int
    bars: list[Bar]
    target_y: int | None
    target_label: str
    bar_width: int = BAR_WIDTH

    @property
    def plot_right(self) -> int:
        """Where the bars end and the target line's label begins."""
        return self.width - RIGHT + GAP // 2


def bar_chart(
    months: Sequence[tuple[date, Decimal | None]],
    *,
    target: Decimal | None,
    unit: str,
    missing_text: str,
    target_text: str,
    number: Callable[[Decimal], str] = str,
) -> BarChart:
    """Bars for (month, value) pairs against an optional target line.

    `number` formats a value for the page (a Danish `12,5`); `unit` follows it in a bar's title
    ("timer"); `target_text` labels the target line ("Aftalt: %s").
    """
    values = [v for _, v in months if v is not None]
    top_value = max([*values, target or Decimal(0), Decimal(1)])
    scale = Decimal(PLOT_HEIGHT) / top_value
    baseline = TOP + PLOT_HEIGHT
    bars = []
    for i, (month, value) in enumerate(months):
        x = LEFT + i * (BAR_WIDTH + GAP)
        height = round((value or 0) * scale)
        figure = number(value) if value is not None else "–"
        spoken = f"{number(value)} {unit}" if value is not None else missing_text
        bars.append(
            Bar(
                x=x,
                y=baseline - height,
                height=height,
                label_x=x + BAR_WIDTH // 2,
                figure_y=baseline - height + 15
                if height >= FIGURE_INSIDE
                else baseline - height - 4,
                figure_inside=height >= FIGURE_INSIDE,
                month=dateformat.format(month, "b y"),
                figure=figure,
                title=f"{dateformat.format(month, 'F Y')}: {spoken}",
                missing=value is None,
            )
        )
    width = LEFT + max(len(months), 1) * (BAR_WIDTH + GAP) + RIGHT
    return BarChart(
        width=width,
        height=baseline + BOTTOM,
        baseline=baseline,
        bars=bars,
        target_y=baseline - round(target * scale) if target is not None else None,
        target_label=target_text % number(target) if target is not None else "",
    )
