"""Danish numbers for the steering group, rounded half up: Django's number_format cuts the
decimals off (45,45 would print as 45,4), so the value is rounded here first."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def rounded(value: float | int | Decimal, decimals: int = 0) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: float | int | Decimal, decimals: int = 0) -> str:
    """`3.695.000`, `12,5`: grouped thousands, `decimals` places."""
    return formats.number_format(
        rounded(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def percent(share: float) -> Decimal:
    """A share as percent with one decimal: 0.45454 -> 45.5."""
    return rounded(Decimal(str(share)) * 100, 1)
