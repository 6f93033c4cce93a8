"""Numbers as the screens, reports and PDFs write them: `1.234`, `12,5 %`, `3.695.000 kr.`, and
`–` where there is no figure.

Pages and files go through Django's localisation, so an English page writes `12.5 %`; the
command line writes Danish (`danish`, `danish_pct`). Rounded half up, as the monthly report
publishes: Django's number_format cuts a float's decimals off (19/24 would be 79,1 %).

Django is imported on use: the engine's commands (generate, payout, indicators) start without it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NOTHING = "–"  # no figure: nobody in the denominator, or nothing delivered


def _rounded(value: int | float | Decimal, decimals: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: int | float | Decimal, decimals: int = 0) -> str:
    """`1234` -> `1.234`; `12.25, 1` -> `12,3`."""
    from django.utils import formats

    return formats.number_format(
        _rounded(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def danish(value: int | float | Decimal, decimals: int = 0) -> str:
    """`number` in Danish whatever the language, without Django: `1.234`, `12,5`."""
    english = f"{_rounded(value, decimals):,.{decimals}f}"
    return english.translate(str.maketrans(",.", ".,"))


def danish_pct(share: float) -> str:
    """`0.125` -> `12,5 %`, in Danish without Django."""
    return f"{danish(share * 100, 1)} %"


def pct(share: float | None) -> str:
    """A share (0-1) in per cent with one decimal: `0.125` -> `12,5 %`."""
    return NOTHING if share is None else f"{number(share * 100, 1)} %"


def amount(value: Decimal | float | None) -> str:
    """An amount of kroner without its unit: `3.695.000`, `1.847.500,50` (øre only when there
    are any)."""
    if value is None:
        return NOTHING
    exact = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return number(exact, 0 if exact == exact.to_integral_value() else 2)


def kroner(value: Decimal | float | None) -> str:
    """`3695000` -> `3.695.000 kr.`; a negative balance with a minus sign."""
    from django.utils.translation import gettext as _

    if value is None:
        return NOTHING
    return _("%(amount)s kr.") % {"amount": amount(value)}
