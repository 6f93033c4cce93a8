"""The business case: the municipality's investment per year against the benefits it saves.

Shaped like the investment case of Ballerup Kommune that Frederiksberg quotes in its application
(seed 004, from STAR's website): one row a year with investment, saving and balance
(saving minus investment), here with the cumulative balance as well, which tells the year the
investment is earned back.

A citizen of the target group who leaves kontanthjælp or integrationsydelse for employment or
self-support saves one year of that benefit at the municipality's rate for it, counted in the
year they left (our simplification: no pro-rating within the year, no return to benefits).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

# The benefits whose end counts: the FSM2 target group's two.
LEFT_FROM: Final = ("kontanthjaelp", "integrationsydelse")
# Where the next benefit period must lead for the end to count as leaving benefits: ordinary
# employment, or self-support (which covers education on SU).
LEFT_TO: Final = ("loenmodtagerbeskaeftigelse", "selvforsoergelse")

# Our assumption until the municipality enters its own rates: Ballerup's case saves 10.200.000
# kr. a year with 45 citizens in work (2019), about 226.000 kr. a citizen a year. Ballerup does
# not split by benefit, so both benefits start at the same rate.
DEFAULT_RATES: Final[Mapping[str, int]] = {
    "kontanthjaelp": 226_000,
    "integrationsydelse": 226_000,
}


@dataclass(frozen=True)
class Investment:
    personale: int = 0
    oevrige: int = 0

    @property
    def total(self) -> int:
        return self.personale + self.oevrige


@dataclass(frozen=True)
class YearRow:
    aar: int
    investering: int
    borgere: int  # citizens who left benefits in the year
    besparelse: int
    balance: int
    kumuleret: int


def business_case(
    years: range,
    *,
    investments: Mapping[int, Investment],
    leavers: Mapping[tuple[int, str], int],
    rates: Mapping[str, int],
) -> list[YearRow]:
    """One row a year: `leavers[(year, ydelse)]` citizens times `rates[ydelse]` kroner saved."""
    rows: list[YearRow] = []
    cumulative = 0
    for year in years:
        invested = investments.get(year, Investment()).total
        counted = {y: n for (a, y), n in leavers.items() if a == year}
        saved = sum(n * rates.get(ydelse, 0) for ydelse, n in counted.items())
        balance = saved - invested
        cumulative += balance
        rows.append(
            YearRow(
                aar=year,
                investering=invested,
                borgere=sum(counted.values()),
                besparelse=saved,
                balance=balance,
                kumuleret=cumulative,
            )
        )
    return rows
