"""A horizontal bar chart of counts by category, drawn on the server as inline SVG.

As in `borgere.charts`: no JavaScript, whole pixels, every bar carries its label and figure as
text (nothing by colour alone), and the page shows the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

LABEL_WIDTH = 220  # room for the category's name left of the bars
BAR_HEIGHT = 22
GAP = 10
PLOT_WIDTH = 360
FIGURE_ROOM = 48  # right of the longest bar
TOP = 6


@dataclass(frozen=True)
class HBar:
    y: int
    width: int
    text_y: int
    figure_x: int
    label: str
    figure: str


@dataclass(frozen=True)
class HBarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[HBar]


def hbar_chart(
    items: Sequence[tuple[str, int]], *, number: Callable[[int], str] = str
) -> HBarChart:
    """Bars for (label, count) pairs, longest = the largest count; `number` writes a count
    for the page (Danish `1.234`)."""
    top = max([n for _label, n in items] + [1])
    bars = []
    for i, (label, n) in enumerate(items):
        y = TOP + i * (BAR_HEIGHT + GAP)
        width = round(PLOT_WIDTH * n / top)
        bars.append(
            HBar(
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                figure_x=LABEL_WIDTH + width + 6,
                label=label,
                figure=number(n),
            )
        )
    return HBarChart(
        width=LABEL_WIDTH + PLOT_WIDTH + FIGURE_ROOM,
        height=TOP * 2 + len(items) * (BAR_HEIGHT + GAP),
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=bars,
    )
