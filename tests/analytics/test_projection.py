"""The workforce projection's Monte Carlo: year 0 is today, percentiles in order, the same seed
the same answer, hand-worked cases and the scenarios doing what they say."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.projection import (
    PERCENTILES,
    QUANTITIES,
    Inputs,
    Scenario,
    backtest,
    project,
    scenarios,
    year_target_met,
)

COUNCIL = Inputs(
    inpost_fte=180.0,
    heads=200,
    establishment_fte=220.0,
    agency_fte=30.0,
    cases=3000,
    first_year_heads=20,
    p_first=0.25,
    p_after=0.14,
    rate_evidence=200,
    fill_rate=0.6,
    academy_intake=5,
    agency_cover=0.75,
)


def test_year_zero_is_today_and_percentiles_are_ordered() -> None:
    p = project(COUNCIL, years=5, runs=2000, seed=7)
    first = p.year_rows()[0]
    assert first["inpost_fte"] == {"p10": 180.0, "p50": 180.0, "p90": 180.0}
    assert first["vacancy_fte"]["p50"] == 40.0 and first["agency_fte"]["p50"] == 30.0
    assert first["newly_qualified_share"]["p50"] == 10.0
    # 3000 cases over (180 + 30) FTE × 0.8 holding cases = 17.857…
    assert first["caseload"]["p50"] == 17.9
    assert first["agency_cost"]["p50"] == 2_400_000.0
    for q in QUANTITIES:
        band = p.bands[q]
        assert band.shape == (6, len(PERCENTILES))
        assert np.all(band[:, 0] <= band[:, 1]) and np.all(band[:, 1] <= band[:, 2]), q
    assert p.bands["inpost_fte"][5, 2] > p.bands["inpost_fte"][5, 0]  # a fan, not a line


def test_the_same_seed_gives_the_same_answer() -> None:
    a = project(COUNCIL, years=3, runs=1000, seed=42).as_dict()
    b = project(COUNCIL, years=3, runs=1000, seed=42).as_dict()
    c = project(COUNCIL, years=3, runs=1000, seed=43).as_dict()
    assert a == b and a != c


def test_nobody_leaving_and_every_post_filled_is_worked_by_hand() -> None:
    """8 people in 10 posts, nobody leaves, every vacancy is filled, demand flat: a year on,
    10 FTE in post, no vacancy, no agency, 80 cases / (10 × 0.8) = 10 each; 2 of 10 new."""
    inputs = Inputs(
        inpost_fte=8.0,
        heads=8,
        establishment_fte=10.0,
        agency_fte=2.0,
        cases=80,
        p_first=0.0,
        p_after=0.0,
        rate_evidence=10**9,
        fill_rate=1.0,
        nq_share_of_hires=0.0,
        demand_growth=0.0,
        demand_sd=0.0,
        agency_cover=1.0,
    )
    row = project(inputs, years=1, runs=500, seed=1).year_rows()[1]
    assert row["inpost_fte"]["p50"] == 10.0 and row["vacancy_fte"]["p90"] == 0.0
    assert row["agency_fte"]["p90"] == 0.0 and row["caseload"]["p50"] == 10.0
    assert row["newly_qualified_share"]["p50"] == 0.0


def test_leaving_matches_the_expected_number() -> None:
    """1,000 people, a fifth leave, no hiring: about 800 remain (binomial sd 12.6, plus the
    rate's own uncertainty from 1,000 people's evidence: sd ≈ 17.9 in all)."""
    inputs = Inputs(
        inpost_fte=1000.0,
        heads=1000,
        establishment_fte=1000.0,
        agency_fte=0.0,
        cases=0,
        p_after=0.2,
        rate_evidence=1000,
        fill_rate=0.0,
    )
    p = project(inputs, years=1, runs=20000, seed=3)
    p10, p50, p90 = p.bands["inpost_fte"][1]
    assert p50 == pytest.approx(800, abs=2)
    assert p90 - p10 == pytest.approx(
        2 * 1.2816 * np.sqrt(1000 * 0.16 + 1000**2 * 0.16 / 1001), rel=0.1
    )


def test_scenarios_change_what_they_say() -> None:
    results = {
        s.scenario.name: s for s in scenarios(COUNCIL, runs=2000, seed=5, region_turnover_rate=10.0)
    }
    base = results["As now"]
    capped = results["Agency capped at 10%"]
    academy = results["Academy intake +10 a year"]
    cap15 = results["Caseload cap of 15"]
    turnover = results["Turnover at the region's median (10.0%)"]
    for y in range(1, 6):
        inpost, agency = capped.bands["inpost_fte"][y, 1], capped.bands["agency_fte"][y, 1]
        assert agency <= inpost * 0.1 / 0.9 + 1e-6
        assert (
            academy.bands["newly_qualified_share"][y, 1] > base.bands["newly_qualified_share"][y, 1]
        )
        assert cap15.bands["caseload"][y, 1] <= base.bands["caseload"][y, 1]
        assert turnover.bands["inpost_fte"][y, 1] >= base.bands["inpost_fte"][y, 1]
    assert year_target_met(capped, "agency_fte", 25.0) is not None


def test_scenario_files_are_checked() -> None:
    assert Scenario.from_dict({"name": "x", "caseload_cap": 15}).caseload_cap == 15
    with pytest.raises(ValueError, match="unknown scenario setting"):
        Scenario.from_dict({"agency_cap": 0.1})


def test_backtest_reports_its_error() -> None:
    result = backtest(COUNCIL, 170.0, fitted_year=2024, runs=2000, seed=1)
    assert result.compared_year == 2025
    assert result.error == round(result.p50 - 170.0, 1)
    assert result.within_band == (result.p10 <= 170.0 <= result.p90)
