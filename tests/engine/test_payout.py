"""The payout rule: best month against 15 % and 20 %, rate 1, and the cap of documented costs."""

from __future__ import annotations

import polars as pl
import pytest

from fremdrift.engine.definitions import load_initiative
from fremdrift.engine.output import OUTPUT_SCHEMA
from fremdrift.engine.payout import compute_payout
from fremdrift.errors import UserError

GRANT = 3_695_000.0


def figures(shares: dict[str, tuple[int, int]], kommune: str = "147") -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "initiative": "fsm2",
                "month": month,
                "level": "kommune",
                "kommunekode": kommune,
                "breakdown": "total",
                "category": "i_alt",
                "indicator": "loentimer_eller_uddannelse",
                "numerator": num,
                "denominator": den,
            }
            for month, (num, den) in shares.items()
        ],
        schema=OUTPUT_SCHEMA,
    )


def payout(shares: dict[str, tuple[int, int]], costs: float | None = None) -> dict[str, object]:
    result = compute_payout(
        figures(shares),
        load_initiative("fsm2"),
        kommunekode="147",
        grant=GRANT,
        costs=costs,
        period_from="2020-01",
        period_to="2021-12",
    )
    return result.as_dict()


@pytest.mark.parametrize(
    ("num", "den", "share_of_grant"),
    [(149, 1000, 0.5), (150, 1000, 0.9), (199, 1000, 0.9), (200, 1000, 1.0), (0, 10, 0.5)],
)
def test_thresholds_are_inclusive_and_release_shares_of_the_whole_grant(
    num: int, den: int, share_of_grant: float
) -> None:
    result = payout({"2020-05": (num, den), "2020-06": (0, den)})
    assert result["share_of_grant"] == pytest.approx(share_of_grant)
    assert result["amount"] == pytest.approx(GRANT * share_of_grant)


def test_best_month_is_the_highest_share_and_the_earliest_on_a_tie() -> None:
    result = payout({"2020-03": (30, 200), "2020-04": (15, 100), "2021-01": (40, 400)})
    assert result["best_month"] == "2020-03"
    assert result["best_share"] == pytest.approx(0.15)


def test_months_outside_the_grant_period_do_not_count() -> None:
    result = payout({"2019-12": (90, 100), "2020-02": (1, 100)})
    assert result["best_month"] == "2020-02"
    assert result["share_of_grant"] == pytest.approx(0.5)


def test_never_more_than_the_documented_costs() -> None:
    result = payout({"2020-05": (25, 100)}, costs=2_000_000)
    assert result["amount"] == pytest.approx(2_000_000)
    assert result["capped_by_costs"] is True


def test_ressourceforloeb_has_no_payout_rule() -> None:
    with pytest.raises(UserError, match="ingen udbetalingsregel"):
        compute_payout(
            figures({}),
            load_initiative("ressourceforloeb"),
            kommunekode="147",
            grant=GRANT,
            costs=None,
            period_from="2020-01",
            period_to="2020-12",
        )
