"""The steering group's two charts, drawn on the server as SVG and always beside their table.

The trend is borgere.charts' bar chart (one bar a month, the figure on the bar, the indicator's
requirement as a dashed line). The business case pairs two bars a year, investment (outlined,
marked "I") and saving (filled, marked "B"), so they differ by more than colour; the balance and
the cumulative balance are in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from fremdrift.borgere.charts import BarChart, bar_chart
from fremdrift.engine.definitions import Indicator
from fremdrift.numbers import number
from fremdrift.styregruppe.business_case import YearRow
from fremdrift.styregruppe.selectors import TrendMonth


def _decimal(value: Decimal) -> str:
    return number(float(value), 1)


def _percent(share: float | None) -> Decimal | None:
    # The same float the table's `pct` rounds, so a bar and its row print the same figure.
    return None if share is None else Decimal(share * 100)


def trend_chart(trend: Sequence[TrendMonth], indicator: Indicator) -> BarChart:
    """The indicator's share month by month, in percent, against its requirement if it has one
    (FSM2's payout condition: the first threshold, 15 %)."""
    return bar_chart(
        [(t.month, _percent(t.figure.share)) for t in trend],
        target=_percent(indicator.requirement),
        unit="%",
        missing_text=_("intet tal (skjult eller ingen i indsatsgruppen)"),
        target_text=_("Krav: %s %%"),
        number=_decimal,
    )


BAR = 28
PAIR_GAP = 24
PLOT = 140
TOP = 20
BOTTOM = 40
LEFT = 12


@dataclass(frozen=True)
class CaseBar:
    x: int
    y: int
    height: int
    centre: int
    figure: str  # "6,1" (millions)
    mark: str  # "I" or "B"
    title: str


@dataclass(frozen=True)
class CaseChart:
    width: int
    height: int
    baseline: int
    bars: tuple[CaseBar, ...]
    years: tuple[tuple[int, int], ...]  # (centre x, year)
    bar_width: int = BAR


def _millions(kroner: int) -> str:
    return _decimal(Decimal(kroner) / 1_000_000)


def business_case_chart(rows: Sequence[YearRow]) -> CaseChart:
    top = max([r.investering for r in rows] + [r.besparelse for r in rows] + [1])
    baseline = TOP + PLOT
    bars: list[CaseBar] = []
    years: list[tuple[int, int]] = []
    for i, row in enumerate(rows):
        x = LEFT + i * (2 * BAR + PAIR_GAP)
        years.append((x + BAR, row.aar))
        for j, (mark, value, what) in enumerate(
            (("I", row.investering, _("investering")), ("B", row.besparelse, _("besparelse")))
        ):
            height = round(value * PLOT / top)
            bars.append(
                CaseBar(
                    x=x + j * BAR,
                    y=baseline - height,
                    height=height,
                    centre=x + j * BAR + BAR // 2,
                    figure=_millions(value),
                    mark=mark,
                    title=f"{row.aar}, {what}: {_millions(value)} {_('mio. kr.')}",
                )
            )
    width = LEFT + max(len(rows), 1) * (2 * BAR + PAIR_GAP)
    return CaseChart(
        width=width,
        height=baseline + BOTTOM,
        baseline=baseline,
        bars=tuple(bars),
        years=tuple(years),
    )
