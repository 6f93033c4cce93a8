"""The business case's arithmetic, on the figures of Ballerup's case (seed 004) worked by hand."""

from __future__ import annotations

from fremdrift.styregruppe.business_case import DEFAULT_RATES, Investment, business_case


def test_ballerups_case_year_by_year() -> None:
    # Ballerup (seed 004): investment 6,1 / 5,6 / 5,0 / 4,6 mio. kr. and savings 2,0 / 10,5 /
    # 10,2 / 9,2 mio. kr. Here the savings come from citizens times a rate of 100.000 kr.,
    # split over the two benefits in 2018 to check that each gets its own rate.
    investments = {
        2017: Investment(personale=5_000_000, oevrige=1_100_000),
        2018: Investment(personale=5_600_000),
        2019: Investment(personale=4_000_000, oevrige=1_000_000),
        2020: Investment(personale=4_600_000),
    }
    leavers = {
        (2017, "kontanthjaelp"): 20,
        (2018, "kontanthjaelp"): 95,
        (2018, "integrationsydelse"): 20,
        (2019, "kontanthjaelp"): 102,
        (2020, "integrationsydelse"): 92,
    }
    rates = {"kontanthjaelp": 100_000, "integrationsydelse": 50_000}

    rows = business_case(range(2017, 2021), investments=investments, leavers=leavers, rates=rates)

    table = [(r.aar, r.investering, r.borgere, r.besparelse, r.balance, r.kumuleret) for r in rows]
    assert table == [
        # 20 x 100.000 = 2.000.000; 2.000.000 - 6.100.000 = -4.100.000
        (2017, 6_100_000, 20, 2_000_000, -4_100_000, -4_100_000),
        # 95 x 100.000 + 20 x 50.000 = 10.500.000; -4.100.000 + 4.900.000 = 800.000
        (2018, 5_600_000, 115, 10_500_000, 4_900_000, 800_000),
        (2019, 5_000_000, 102, 10_200_000, 5_200_000, 6_000_000),
        # 92 x 50.000 = 4.600.000: the integrationsydelse rate
        (2020, 4_600_000, 92, 4_600_000, 0, 6_000_000),
    ]


def test_a_year_without_investment_or_leavers_is_a_row_of_zeros() -> None:
    rows = business_case(range(2024, 2026), investments={}, leavers={}, rates=DEFAULT_RATES)
    assert [(r.aar, r.besparelse, r.balance, r.kumuleret) for r in rows] == [
        (2024, 0, 0, 0),
        (2025, 0, 0, 0),
    ]


def test_the_default_rates_are_ballerups_saving_per_citizen() -> None:
    # 10.200.000 kr. with 45 citizens in work = 226.667 kr.; rounded down to whole thousands.
    assert DEFAULT_RATES == {"kontanthjaelp": 226_000, "integrationsydelse": 226_000}
