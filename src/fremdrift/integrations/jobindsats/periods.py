"""jobindsats.dk period codes (`2024M01`, `2024Q1`, `2024QMAT02`, `2024Y01`) as typed periods.

A period knows the months it covers, so a benchmark can be put beside our own monthly figure:
`last_month` is the month a period ends in (a quarter ends in its third month; QMAT, the
rolling year up to a quarter, ends in that quarter's third month and starts eleven months
earlier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from fremdrift.engine.months import add_months

PeriodKind = Literal["M", "Q", "QMAT", "Y"]

_CODE: Final = re.compile(r"^(\d{4})(QMAT|M|Q|Y)(\d{1,2})$")
# How the number is written and what it may be, per kind.
_DIGITS: Final[dict[str, int]] = {"M": 2, "Q": 1, "QMAT": 2, "Y": 2}
_MAX: Final[dict[str, int]] = {"M": 12, "Q": 4, "QMAT": 4, "Y": 1}
# For the same end month the finer period is the better comparison with a monthly figure.
KIND_ORDER: Final[dict[str, int]] = {"M": 0, "Q": 1, "QMAT": 2, "Y": 3}
_MONTHS: Final = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    year: int
    kind: PeriodKind
    number: int

    @classmethod
    def parse(cls, code: str) -> Period:
        m = _CODE.match(code.strip())
        if m is None or len(m.group(3)) != _DIGITS[m.group(2)]:
            raise ValueError(
                f"ukendt periodekode {code!r} fra jobindsats.dk; kendte former: "
                "2024M01 (måned), 2024Q1 (kvartal), 2024QMAT02 (løbende år), 2024Y01 (år)"
            )
        kind: PeriodKind = m.group(2)  # type: ignore[assignment]
        number = int(m.group(3))
        if not 1 <= number <= _MAX[kind]:
            raise ValueError(f"periodekoden {code!r} har et nummer uden for 1-{_MAX[kind]}")
        return cls(int(m.group(1)), kind, number)

    def code(self) -> str:
        return f"{self.year:04d}{self.kind}{self.number:0{_DIGITS[self.kind]}d}"

    def __str__(self) -> str:
        return self.code()

    @property
    def last_month(self) -> date:
        """The first day of the last month the period covers."""
        if self.kind == "M":
            return date(self.year, self.number, 1)
        if self.kind in ("Q", "QMAT"):
            return date(self.year, 3 * self.number, 1)
        return date(self.year, 12, 1)

    @property
    def first_month(self) -> date:
        if self.kind == "M":
            return self.last_month
        if self.kind == "Q":
            return add_months(self.last_month, -2)
        if self.kind == "QMAT":
            return add_months(self.last_month, -11)
        return date(self.year, 1, 1)

    @property
    def months(self) -> int:
        return {"M": 1, "Q": 3, "QMAT": 12, "Y": 12}[self.kind]

    def sort_key(self) -> tuple[date, int, int]:
        """Chronological by end month; for the same end, the shorter period first."""
        return (self.last_month, self.months, KIND_ORDER[self.kind])

    def label(self) -> str:
        """Danish, for a reader: `januar 2024`, `1. kvartal 2024`, `året til 2. kvartal 2024`."""
        if self.kind == "M":
            return f"{_MONTHS[self.number - 1]} {self.year}"
        if self.kind == "Q":
            return f"{self.number}. kvartal {self.year}"
        if self.kind == "QMAT":
            return f"året til og med {self.number}. kvartal {self.year}"
        return str(self.year)
