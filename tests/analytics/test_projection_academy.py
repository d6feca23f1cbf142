"""The projection's academy inputs, from the academy area's enrolments, worked by hand.

On 1 January 2026 (window of three years: enrolments started after 31 December 2022):

    started      outcome                   counts as
    2022-06-01   passed 2023-06-01         finished (passed); before the window
    2023-03-01   passed 2024-03-01         finished (passed); in the window
    2023-09-01   left   2024-01-10         finished (left);   in the window
    2024-03-01   passed 2025-03-01         finished (passed); in the window
    2024-09-01   passed 2025-09-01         finished (passed); in the window
    2025-02-01   extended to 2026-04-01    in progress, in its first year, qualifying 2026-04-01
    2025-03-01   not passed 2025-12-01     finished (failed); in the window
    2025-06-01   in progress               in progress, in its first year, qualifying 2026-06-01
    2026-03-01   (recorded 2025-11-01)     planned, year 1
    2026-05-01   (recorded 2026-02-01)     recorded after the day: not known on it
    2027-03-01   (recorded 2025-12-01)     planned, year 2

    intake a year   7 in the window ÷ 3 years (the academy has recorded for more) = 2.3333
    completion      4 passed ÷ 6 finished = 0.6667
    first-year      2 (both in progress started after 1 January 2025), both qualifying in 2026
    planned         year 1: 1, year 2: 1
"""

from __future__ import annotations

from datetime import date

import pytest

from analytics.projection import Inputs, project
from analytics.projection_inputs import AcademyPlace, academy_inputs

DAY = date(2026, 1, 1)


def _place(start: str, outcome: str, on: str | None = None, end: str | None = None,
           recorded: str | None = None) -> AcademyPlace:  # fmt: skip
    started = date.fromisoformat(start)
    return AcademyPlace(
        person=start,
        started_on=started,
        outcome=outcome,
        outcome_on=date.fromisoformat(on) if on else None,
        expected_end=date.fromisoformat(end) if end else started.replace(year=started.year + 1),
        recorded_on=date.fromisoformat(recorded) if recorded else None,
    )


PLACES = [
    _place("2022-06-01", "passed", "2023-06-01"),
    _place("2023-03-01", "passed", "2024-03-01"),
    _place("2023-09-01", "left", "2024-01-10"),
    _place("2024-03-01", "passed", "2025-03-01"),
    _place("2024-09-01", "passed", "2025-09-01"),
    _place("2025-02-01", "extended", end="2026-04-01"),
    _place("2025-03-01", "failed", "2025-12-01"),
    _place("2025-06-01", "in_progress"),
    _place("2026-03-01", "in_progress", recorded="2025-11-01"),
    _place("2026-05-01", "in_progress", recorded="2026-02-01"),
    _place("2027-03-01", "in_progress", recorded="2025-12-01"),
]


def test_academy_inputs_match_the_hand_worked_table() -> None:
    got = academy_inputs(PLACES, DAY)
    assert got["academy_intake"] == pytest.approx(7 / 3, abs=1e-4)
    assert got["academy_completion"] == pytest.approx(4 / 6)
    assert got["academy_finished"] == 6
    assert got["academy_first_year_heads"] == 2 and got["academy_qualifying"] == 2
    assert got["academy_planned"] == (1.0, 1.0)


def test_a_young_academy_divides_by_the_time_it_has_recorded() -> None:
    """Two enrolments since 1 July 2025 (half a year): at least a year is used, so 2 a year;
    fewer than five finished, so no completion rate (first-years leave as any others)."""
    young = [_place("2025-07-01", "in_progress"), _place("2025-09-01", "in_progress")]
    got = academy_inputs(young, DAY)
    assert got["academy_intake"] == 2.0 and got["academy_completion"] is None
    assert academy_inputs([], DAY)["academy_intake"] == 0.0


BASE = Inputs(
    inpost_fte=100.0,
    heads=100,
    establishment_fte=100.0,
    agency_fte=0.0,
    cases=1000,
    first_year_heads=40,
    p_first=0.0,
    p_after=0.0,
    rate_evidence=100_000,
    fill_rate=0.0,
    agency_cover=0.0,
)


def test_academy_first_years_leave_at_one_minus_the_completion_rate() -> None:
    """Forty in their first year, all in the academy, which completes half: about twenty leave
    in year 1 (median of Binomial(40, ½) = 20); nobody else leaves or starts (rates of 0 are
    drawn as 1 in 10,000). As other first-years (p_first ≈ 0) nobody leaves."""
    academy = Inputs(**{**BASE.__dict__, "academy_first_year_heads": 40,
                        "academy_completion": 0.5, "academy_finished": 100_000})  # fmt: skip
    assert project(academy, years=1, runs=4000, seed=3).bands["inpost_fte"][1, 1] == 80.0
    assert project(BASE, years=1, runs=4000, seed=3).bands["inpost_fte"][1, 1] == 100.0


def test_the_academy_intake_fills_vacancies_first_planned_then_the_yearly_rate() -> None:
    """Ten posts vacant from the start (90 in post, none leaving, no recruitment): year 1 takes
    the 3 places recorded, year 2 the intake of 5 a year, year 3 the last 2 posts (never more
    than the posts vacant)."""
    gap = Inputs(**{**BASE.__dict__, "inpost_fte": 90.0, "heads": 90, "first_year_heads": 0,
                    "academy_intake": 5.0, "academy_planned": (3.0,)})  # fmt: skip
    medians = project(gap, years=3, runs=2000, seed=1).bands["inpost_fte"][:, 1]
    assert list(medians) == [90.0, 93.0, 98.0, 100.0]


def test_the_academys_starters_are_taken_out_of_the_recruitment_fill_rate() -> None:
    """Fourteen funded posts. A year before 1 January 2026, nine in post (eight since 2020 and
    one who left on 30 June 2025): 5 posts vacant. In the year three started, one of them
    through the academy. Openings: 5 vacant + 1 leaver = 6.

        without the academy: 3 starters ÷ 6 openings = 0.5
        with it: 2 recruited ÷ (6 − 1 academy starter) = 0.4, and the academy's 1 a year
    """
    import pandas as pd

    from analytics.projection_inputs import fit_inputs

    rows: list[tuple[str, str, str | None]] = [(f"P{i}", "2020-01-01", None) for i in range(8)]
    rows += [("L1", "2020-01-01", "2025-06-30"), ("S1", "2025-03-01", None)]
    rows += [("S2", "2025-05-01", None), ("S3", "2025-09-01", None)]
    spells = pd.DataFrame(
        [
            {"person_id": p, "profession": "social_worker", "contract": "permanent",
             "start_date": start, "end_date": end, "fte": 1.0}
            for p, start, end in rows
        ]
    )  # fmt: skip
    posts = pd.DataFrame(
        [{"social_work_post": True, "funded_from": "2020-01-01", "funded_to": None, "fte": 1.0}]
        * 14
    )
    allocations = pd.DataFrame(columns=["person_id", "child_id", "start_date", "end_date"])
    plain = fit_inputs(spells, posts, allocations, DAY)
    assert plain.fill_rate == pytest.approx(0.5) and plain.academy_intake == 0.0
    academy = [AcademyPlace("S1", date(2025, 3, 1), "in_progress", None, date(2026, 3, 1))]
    got = fit_inputs(spells, posts, allocations, DAY, academy=academy)
    assert got.fill_rate == pytest.approx(0.4)
    assert (got.academy_intake, got.academy_first_year_heads, got.first_year_heads) == (1.0, 1, 3)
