"""The statutory workforce measures, worked by hand (formats.md, "The workforce measures").

Census year 2025 throughout unless stated: the year runs 1 Oct 2024 to 30 Sep 2025 and the census
date D is 30 Sep 2025.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest

from analytics.measures import (
    COUNT_MEASURES,
    MEASURES,
    census_year_bounds,
    compute_measures,
    compute_measures_raw,
    compute_measures_series,
    rates_from_components,
    round_half_up,
    round_measures,
)

D = date
SPELL_COLS = ["person_id", "profession", "contract", "fte", "start_date", "end_date"]
POST_COLS = ["post_id", "fte", "social_work_post", "funded_from", "funded_to", "holder_person_id"]
ABSENCE_COLS = ["person_id", "reason", "start_date", "end_date", "working_days"]
ALLOCATION_COLS = ["child_id", "person_id", "start_date", "end_date"]
RATES = [
    "turnover_rate_fte",
    "agency_rate_fte",
    "agency_cover_rate_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
]

Rows = Sequence[tuple[Any, ...]]
Frames = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]


def frames(
    spells: Rows = (), posts: Rows = (), absences: Rows = (), allocations: Rows = ()
) -> Frames:
    return (
        pd.DataFrame(list(spells), columns=SPELL_COLS),
        pd.DataFrame(list(posts), columns=POST_COLS),
        pd.DataFrame(list(absences), columns=ABSENCE_COLS),
        pd.DataFrame(list(allocations), columns=ALLOCATION_COLS),
    )


def measures(year: int = 2025, **rows: Rows) -> dict[str, Any]:
    return compute_measures(*frames(**rows), year)


def sw(
    pid: int, contract: str, fte: float, start: date, end: date | None = None
) -> tuple[Any, ...]:
    """A social worker's spell."""
    return (pid, "social_worker", contract, fte, start, end)


def post(
    pid: str, fte: float, holder: int | None, funded_to: date | None = None, sw_post: bool = True
) -> tuple[Any, ...]:
    """A post funded from 1 Jan 2020."""
    return (pid, fte, sw_post, D(2020, 1, 1), funded_to, holder)


# --- A small council, every measure worked by hand -------------------------------------------

COUNCIL_SPELLS = [
    sw(1, "permanent", 1.0, D(2019, 4, 1)),  # in post
    sw(2, "permanent", 0.8, D(2024, 10, 1)),  # starts on 1 Oct: starter, in post
    sw(3, "fixed_term", 0.5, D(2023, 1, 1), D(2025, 9, 30)),  # ends on D: leaver, not in post
    sw(4, "permanent", 0.6, D(2024, 11, 1), D(2025, 3, 31)),  # starts and ends in the year: both
    sw(4, "fixed_term", 0.4, D(2025, 4, 1)),  # same person again: starter, in post
    sw(5, "agency", 1.0, D(2025, 1, 6)),  # agency on D
    sw(6, "agency", 0.5, D(2024, 6, 1), D(2025, 9, 30)),  # agency assignment ending on D: not
    sw(7, "secondee", 1.0, D(2025, 1, 1)),  # secondee: nowhere
    (8, "family_support", "permanent", 1.0, D(2025, 1, 1), None),  # not a social worker
]
COUNCIL_POSTS = [
    post("P1", 1.0, 1),  # held by 1, in post: filled
    post("P2", 0.8, 2),  # filled
    post("P3", 1.0, 3),  # holder left on D: vacant, no cover
    post("P4", 1.0, 5),  # held by agency 5 on D: vacant and covered
    post("P5", 0.5, None, funded_to=D(2025, 9, 30)),  # funded to D (inclusive): vacant
    post("P6", 1.0, None, funded_to=D(2025, 9, 29)),  # funding ended the day before: not a post
    ("P7", 1.0, True, D(2025, 10, 1), None, None),  # funded from 1 Oct: not yet a post
    post("P8", 1.0, None, sw_post=False),  # not a social work post
    post("P9", 0.5, 6),  # agency 6 ended on D: vacant, no cover
    post("P10", 0.4, 4),  # 4's second spell covers D: filled
    post("P11", 1.0, 7),  # held by a secondee: vacant, no cover
    post("P12", 1.0, 8),  # held by a family support worker: vacant, no cover
]
COUNCIL_ALLOCATIONS = [
    ("C1", 1, D(2025, 1, 1), None),
    ("C2", 1, D(2025, 2, 1), None),
    ("C2", 1, D(2025, 2, 1), None),  # duplicate row: counts once
    ("C3", 1, D(2025, 1, 1), D(2025, 9, 30)),  # ends on D: not held
    ("C4", 1, D(2025, 10, 1), None),  # starts after D: not held
    ("C1", 2, D(2025, 9, 30), None),  # starts on D: held; C1 counts again, for worker 2
    ("C5", 5, D(2025, 1, 6), None),  # agency workers hold cases too
    ("C6", 5, D(2025, 1, 6), None),
    ("C7", 6, D(2025, 1, 1), None),  # 6 is not working on D
    ("C8", 7, D(2025, 1, 1), None),  # secondee
    ("C9", 8, D(2025, 1, 1), None),  # family support
]
COUNCIL_ABSENCES = [
    (1, "SIC", D(2024, 9, 27), D(2024, 10, 6), 6),  # 10 days, 6 in the year: 6 * 6/10 = 3.6
    (2, "SIC", D(2025, 9, 26), D(2025, 10, 5), 5),  # 10 days, 5 in the year: 5 * 5/10 = 2.5
    (3, "SIC", D(2025, 2, 3), D(2025, 2, 4), 2),  # the leaver was employed then: 2
    (1, "SIC", D(2023, 1, 9), D(2023, 1, 10), 2),  # before the year: 0
    (1, "TRN", D(2025, 3, 3), D(2025, 3, 7), 5),  # not sickness
    (5, "SIC", D(2025, 3, 3), D(2025, 3, 4), 2),  # agency
    (7, "SIC", D(2025, 3, 3), D(2025, 3, 4), 2),  # secondee
    (8, "SIC", D(2025, 3, 3), D(2025, 3, 4), 2),  # not a social worker
]

# inpost: 1 (1.0) + 2 (0.8) + 4's second spell (0.4) = 2.2 FTE, 3 people
# starters: 2 (0.8), 4 (0.6 and 0.4) = 1.8 FTE, 2 people
# leavers: 3 (0.5, on D), 4 (0.6, 31 Mar) = 1.1 FTE, 2 people; turnover 1.1 / 2.2 = 50.0
# agency: 5 (1.0), 1 person; rate 1.0 / (1.0 + 2.2) = 31.25 -> 31.3 (half up)
# vacancies: P3 1.0 + P4 1.0 + P5 0.5 + P9 0.5 + P11 1.0 + P12 1.0 = 5.0;
#   vacancy rate 5.0 / (5.0 + 2.2) = 69.44 -> 69.4; agency cover P4 = 1.0:
#   cover rate 1.0 / 1.0 = 100.0, vacancy cover rate 1.0 / 5.0 = 20.0
# case holders: 1 (C1, C2), 2 (C1), 5 (C5, C6) = 1.0 + 0.8 + 1.0 = 2.8 FTE, 5 cases;
#   4 is in post without a case; caseload 5 / 2.8 = 1.79 -> 1.8
# working days lost: 3.6 + 2.5 + 2 = 8.1; absence rate 8.1 / (2.2 * 253) = 1.455 -> 1.5
COUNCIL_2025 = {
    "inpost_fte": 2.2,
    "inpost_headcount": 3,
    "starters_fte": 1.8,
    "starters_headcount": 2,
    "leavers_fte": 1.1,
    "leavers_headcount": 2,
    "turnover_rate_fte": 50.0,
    "agency_fte": 1.0,
    "agency_headcount": 1,
    "agency_rate_fte": 31.3,
    "agency_cover_fte": 1.0,
    "agency_cover_rate_fte": 100.0,
    "vacancy_fte": 5.0,
    "vacancy_rate_fte": 69.4,
    "vacancy_agency_cover_rate_fte": 20.0,
    "case_holders_fte": 2.8,
    "cases": 5,
    "caseload_fte": 1.8,
    "working_days_lost_fte": 8.1,
    "absence_rate_fte": 1.5,
}


def council() -> Frames:
    return frames(COUNCIL_SPELLS, COUNCIL_POSTS, COUNCIL_ABSENCES, COUNCIL_ALLOCATIONS)


def test_a_small_council_every_measure() -> None:
    got = compute_measures(*council(), 2025)
    assert got == COUNCIL_2025
    assert list(got) == MEASURES  # exactly the DfE columns, in DfE's order
    assert all(type(got[k]) is int for k in COUNT_MEASURES)
    assert all(type(v) is float for k, v in got.items() if k not in COUNT_MEASURES)


def test_datetime64_columns_give_the_same_answer_as_dates() -> None:
    converted = []
    for frame in council():
        frame = frame.copy()
        for col in frame.columns:
            if col.endswith(("_date", "_from", "_to")):
                frame[col] = pd.to_datetime(frame[col])
        converted.append(frame)
    spells, posts, absences, allocations = converted
    assert compute_measures(spells, posts, absences, allocations, 2025) == COUNCIL_2025


def test_series_one_row_per_year() -> None:
    series = compute_measures_series(*council(), [2024, 2025, 2026])
    assert list(series.index) == [2024, 2025, 2026] and series.index.name == "year"
    assert list(series.columns) == MEASURES
    assert series.loc[2025].to_dict() == COUNCIL_2025
    # D = 30 Sep 2024: 1 (1.0) and 3 (0.5) in post; 6 on agency (0.5); 2 not started yet.
    assert series.loc[2024, "inpost_fte"] == 1.5 and series.loc[2024, "agency_fte"] == 0.5
    # 2026: nobody starts or leaves; 1, 2 and 4 still in post.
    assert series.loc[2026, "starters_headcount"] == 0 and series.loc[2026, "inpost_fte"] == 2.2


def test_census_year_bounds() -> None:
    assert census_year_bounds(2025) == (D(2024, 10, 1), D(2025, 9, 30))
    assert census_year_bounds(2017) == (D(2016, 10, 1), D(2017, 9, 30))


# --- In post, starters and leavers ------------------------------------------------------------


def test_ending_on_the_census_date_is_a_leaver_and_not_in_post() -> None:
    r = measures(spells=[sw(1, "permanent", 1.0, D(2020, 1, 1), D(2025, 9, 30))])
    assert (r["inpost_fte"], r["inpost_headcount"]) == (0.0, 0)
    assert (r["leavers_fte"], r["leavers_headcount"]) == (1.0, 1)


def test_ending_the_day_after_the_census_date_is_in_post_and_not_a_leaver() -> None:
    r = measures(spells=[sw(1, "permanent", 1.0, D(2020, 1, 1), D(2025, 10, 1))])
    assert (r["inpost_fte"], r["leavers_fte"]) == (1.0, 0.0)


def test_ending_on_30_september_the_year_before_is_last_years_leaver() -> None:
    r = measures(spells=[sw(1, "permanent", 1.0, D(2020, 1, 1), D(2024, 9, 30))])
    assert (r["leavers_fte"], r["inpost_fte"]) == (0.0, 0.0)
    assert (
        measures(2024, spells=[sw(1, "permanent", 1.0, D(2020, 1, 1), D(2024, 9, 30))])[
            "leavers_fte"
        ]
        == 1.0
    )


def test_starting_on_1_october_is_a_starter_and_on_30_september_before_is_not() -> None:
    # 1: starts on the first day of the year (starter); 2: the day before (last year's starter).
    r = measures(
        spells=[
            sw(1, "fixed_term", 0.5, D(2024, 10, 1)),
            sw(2, "permanent", 1.0, D(2024, 9, 30)),
        ]
    )
    assert (r["starters_fte"], r["starters_headcount"]) == (0.5, 1)
    assert (r["inpost_fte"], r["inpost_headcount"]) == (1.5, 2)


def test_starting_on_the_census_date_is_in_post_and_a_starter() -> None:
    r = measures(spells=[sw(1, "permanent", 0.7, D(2025, 9, 30))])
    assert (r["inpost_fte"], r["starters_fte"]) == (0.7, 0.7)


def test_starting_after_the_census_date_is_nothing_yet() -> None:
    r = measures(spells=[sw(1, "permanent", 1.0, D(2025, 10, 1))])
    assert (r["inpost_fte"], r["starters_fte"]) == (0.0, 0.0)


def test_a_spell_starting_and_ending_in_the_year_is_a_starter_and_a_leaver() -> None:
    r = measures(spells=[sw(1, "permanent", 0.6, D(2024, 11, 1), D(2025, 3, 31))])
    assert (r["starters_fte"], r["starters_headcount"]) == (0.6, 1)
    assert (r["leavers_fte"], r["leavers_headcount"]) == (0.6, 1)
    assert r["inpost_fte"] == 0.0


def test_a_person_with_two_spells_counts_once_in_headcount_but_both_in_fte() -> None:
    # Two concurrent part-time spells (0.5 + 0.3 = 0.8 FTE), one person; both started in the year.
    r = measures(
        spells=[
            sw(1, "permanent", 0.5, D(2024, 12, 1)),
            sw(1, "fixed_term", 0.3, D(2025, 1, 1)),
        ]
    )
    assert (r["inpost_fte"], r["inpost_headcount"]) == (0.8, 1)
    assert (r["starters_fte"], r["starters_headcount"]) == (0.8, 1)


def test_leaving_and_rejoining_is_a_leaver_and_a_starter() -> None:
    # Left 31 Jan, back 1 Mar at 0.5: leaver 1.0, starter 0.5, in post 0.5, one person throughout.
    r = measures(
        spells=[
            sw(1, "permanent", 1.0, D(2020, 1, 1), D(2025, 1, 31)),
            sw(1, "permanent", 0.5, D(2025, 3, 1)),
        ]
    )
    assert (r["leavers_fte"], r["starters_fte"], r["inpost_fte"]) == (1.0, 0.5, 0.5)
    assert (r["leavers_headcount"], r["starters_headcount"], r["inpost_headcount"]) == (1, 1, 1)
    assert r["turnover_rate_fte"] == 200.0  # 1.0 / 0.5


@pytest.mark.parametrize("contract", ["secondee", "apprentice", "student"])
def test_secondees_apprentices_and_students_count_nowhere(contract: str) -> None:
    # Starts in the year, ends after it, holds a post, a case and a sickness absence.
    r = measures(
        spells=[sw(1, contract, 1.0, D(2025, 1, 1), D(2026, 1, 1))],
        posts=[post("P1", 1.0, 1)],
        allocations=[("C1", 1, D(2025, 1, 1), None)],
        absences=[(1, "SIC", D(2025, 2, 3), D(2025, 2, 4), 2)],
    )
    assert r["vacancy_fte"] == 1.0 and r["agency_cover_fte"] == 0.0  # their post is vacant
    assert all(r[k] in (0, None) for k in MEASURES if k not in ("vacancy_fte", "vacancy_rate_fte"))
    assert r["vacancy_rate_fte"] == 100.0


@pytest.mark.parametrize(
    "profession",
    [
        "domestic_abuse",
        "substance_misuse",
        "adult_mental_health",
        "probation",
        "family_support",
        "residential",
        "other",
    ],
)
@pytest.mark.parametrize("contract", ["permanent", "fixed_term", "agency"])
def test_other_professions_count_nowhere(profession: str, contract: str) -> None:
    r = measures(
        spells=[(1, profession, contract, 1.0, D(2025, 1, 1), D(2026, 1, 1))],
        posts=[post("P1", 1.0, 1)],
        allocations=[("C1", 1, D(2025, 1, 1), None)],
        absences=[(1, "SIC", D(2025, 2, 3), D(2025, 2, 4), 2)],
    )
    assert r["vacancy_fte"] == 1.0 and r["agency_cover_fte"] == 0.0
    assert all(r[k] in (0, None) for k in MEASURES if k not in ("vacancy_fte", "vacancy_rate_fte"))


# --- Agency, posts and vacancies --------------------------------------------------------------


def test_agency_spells_on_the_census_date() -> None:
    # 1: covers D (1.0); 2: two assignments covering D (0.5 + 0.5, one person); 3: ended on D;
    # 4: starts on 1 Oct. Agency is never a starter or a leaver.
    r = measures(
        spells=[
            sw(1, "agency", 1.0, D(2025, 1, 1)),
            sw(2, "agency", 0.5, D(2025, 1, 1), D(2025, 12, 31)),
            sw(2, "agency", 0.5, D(2025, 6, 1)),
            sw(3, "agency", 1.0, D(2025, 1, 1), D(2025, 9, 30)),
            sw(4, "agency", 1.0, D(2025, 10, 1)),
            sw(5, "permanent", 1.0, D(2020, 1, 1)),
        ]
    )
    assert (r["agency_fte"], r["agency_headcount"]) == (2.0, 2)
    assert (r["starters_fte"], r["leavers_fte"]) == (0.0, 0.0)
    assert r["agency_rate_fte"] == 66.7  # 2.0 / (2.0 + 1.0)
    assert r["agency_cover_rate_fte"] == 0.0  # agency, but covering no vacant post


@pytest.mark.parametrize(
    ("funded_from", "funded_to", "funded"),
    [
        (D(2025, 9, 30), None, True),  # funded from D
        (D(2025, 10, 1), None, False),  # funded from the day after D
        (D(2020, 1, 1), D(2025, 9, 30), True),  # funded_to is the last funded day
        (D(2020, 1, 1), D(2025, 9, 29), False),
    ],
)
def test_a_post_is_funded_from_funded_from_to_funded_to_inclusive(
    funded_from: date, funded_to: date | None, funded: bool
) -> None:
    r = measures(posts=[("P1", 0.5, True, funded_from, funded_to, None)])
    assert r["vacancy_fte"] == (0.5 if funded else 0.0)


def test_vacant_posts_use_the_posts_fte_and_agency_cover_the_agency_workers_fte() -> None:
    # P1 (0.6) is held by agency worker 1 (whose own FTE is 1.0): vacant 0.6; the cover is the
    # agency worker's 1.0 (DfE: "agency workers covering vacancies (FTE)"), not the post's 0.6.
    # P2 (1.0) is held by 2, in post: filled. P3 (0.5) has no holder: vacant, uncovered.
    # P4 (1.0) is held by 3, who was agency until 31 Aug: vacant, uncovered.
    r = measures(
        spells=[
            sw(1, "agency", 1.0, D(2025, 1, 1)),
            sw(2, "permanent", 0.5, D(2020, 1, 1)),
            sw(3, "agency", 1.0, D(2025, 1, 1), D(2025, 8, 31)),
        ],
        posts=[post("P1", 0.6, 1), post("P2", 1.0, 2), post("P3", 0.5, None), post("P4", 1.0, 3)],
    )
    assert (r["vacancy_fte"], r["agency_cover_fte"]) == (2.1, 1.0)
    assert r["vacancy_rate_fte"] == 80.8  # 2.1 / (2.1 + 0.5) = 80.77
    assert r["agency_cover_rate_fte"] == 100.0  # 1.0 / 1.0
    assert r["vacancy_agency_cover_rate_fte"] == 47.6  # 1.0 / 2.1 = 47.62


def test_agency_cover_counts_each_covering_worker_once_at_their_own_fte() -> None:
    # Worker 1 (agency, 0.5) holds two vacant 1.0 posts: vacancy 2.0, cover 0.5 (counted once).
    # Worker 2 (agency, 0.4 + 0.4 on two assignments) holds a vacant 0.6 post: cover 0.8, more
    # than the post, as in the published rows where cover exceeds the vacancies.
    # Worker 3 (agency, 1.0) holds no post: agency, but not cover.
    r = measures(
        spells=[
            sw(1, "agency", 0.5, D(2025, 1, 1)),
            sw(2, "agency", 0.4, D(2025, 1, 1)),
            sw(2, "agency", 0.4, D(2025, 2, 1)),
            sw(3, "agency", 1.0, D(2025, 1, 1)),
        ],
        posts=[post("P1", 1.0, 1), post("P2", 1.0, 1), post("P3", 0.6, 2)],
    )
    assert (r["agency_fte"], r["vacancy_fte"], r["agency_cover_fte"]) == (2.3, 2.6, 1.3)
    assert r["agency_cover_rate_fte"] == 56.5  # 1.3 / 2.3 = 56.52
    assert r["vacancy_agency_cover_rate_fte"] == 50.0  # 1.3 / 2.6


def test_a_posts_holder_holds_it_for_the_whole_of_each_of_their_spells() -> None:
    # Holder 1 was permanent until 31 Mar 2025 and is agency from 1 Apr in the same post: on D
    # the post is vacant and covered; in 2024 it was filled.
    spells = [
        sw(1, "permanent", 1.0, D(2020, 1, 1), D(2025, 3, 31)),
        sw(1, "agency", 1.0, D(2025, 4, 1)),
    ]
    r2025 = measures(spells=spells, posts=[post("P1", 1.0, 1)])
    r2024 = measures(2024, spells=spells, posts=[post("P1", 1.0, 1)])
    assert (r2025["vacancy_fte"], r2025["agency_cover_fte"]) == (1.0, 1.0)
    assert (r2024["vacancy_fte"], r2024["agency_cover_fte"]) == (0.0, 0.0)


def test_a_post_whose_holder_is_in_post_and_agency_is_filled() -> None:
    r = measures(
        spells=[sw(1, "permanent", 0.5, D(2020, 1, 1)), sw(1, "agency", 0.5, D(2025, 1, 1))],
        posts=[post("P1", 1.0, 1)],
    )
    assert (r["vacancy_fte"], r["agency_cover_fte"]) == (0.0, 0.0)


def test_blank_social_work_post_flag_is_not_a_social_work_post() -> None:
    r = measures(
        posts=[("P1", 1.0, None, D(2020, 1, 1), None, None), post("P2", 0.5, None)],
    )
    assert r["vacancy_fte"] == 0.5


# --- Cases ------------------------------------------------------------------------------------


def test_allocations_held_on_the_census_date() -> None:
    # 1 holds C1 (open) and C3 (starts on D); C2 ends on D and C4 starts after it: 2 cases.
    # 2's only allocation ended on D: not a case holder, their FTE is left out.
    r = measures(
        spells=[sw(1, "permanent", 0.5, D(2020, 1, 1)), sw(2, "permanent", 1.0, D(2020, 1, 1))],
        allocations=[
            ("C1", 1, D(2025, 1, 1), None),
            ("C2", 1, D(2025, 1, 1), D(2025, 9, 30)),
            ("C3", 1, D(2025, 9, 30), None),
            ("C4", 1, D(2025, 10, 1), None),
            ("C5", 2, D(2025, 1, 1), D(2025, 9, 30)),
        ],
    )
    assert (r["case_holders_fte"], r["cases"], r["caseload_fte"]) == (0.5, 2, 4.0)


def test_a_child_counts_once_per_worker_and_duplicate_rows_once() -> None:
    # C1 is allocated to 1 twice (duplicate row) and to 2: 1 case for each worker, 2 in all.
    r = measures(
        spells=[sw(1, "permanent", 1.0, D(2020, 1, 1)), sw(2, "agency", 0.5, D(2025, 1, 1))],
        allocations=[
            ("C1", 1, D(2025, 1, 1), None),
            ("C1", 1, D(2025, 1, 1), None),
            ("C1", 2, D(2025, 1, 1), None),
        ],
    )
    assert (r["case_holders_fte"], r["cases"], r["caseload_fte"]) == (1.5, 2, 1.3)


def test_a_case_holders_fte_is_all_their_spells_covering_the_census_date() -> None:
    # 1 works 0.6 permanent and 0.4 agency on D and holds 3 cases: 1.0 FTE, caseload 3.0.
    # Their spell that ended on 31 Mar is not counted.
    r = measures(
        spells=[
            sw(1, "permanent", 0.6, D(2020, 1, 1)),
            sw(1, "agency", 0.4, D(2025, 1, 1)),
            sw(1, "fixed_term", 0.3, D(2024, 1, 1), D(2025, 3, 31)),
        ],
        allocations=[(f"C{i}", 1, D(2025, 1, 1), None) for i in range(3)],
    )
    assert (r["case_holders_fte"], r["cases"], r["caseload_fte"]) == (1.0, 3, 3.0)


# --- Working days lost ------------------------------------------------------------------------


def test_an_absence_spanning_the_whole_year_is_pro_rata() -> None:
    # 1 Sep 2024 to 31 Oct 2025 is 30 + 365 + 31 = 426 days, 365 of them in the year:
    # 300 * 365 / 426 = 257.04 -> 257.0; rate 257.04 / (1.0 * 253) = 101.6 %.
    r = measures(
        spells=[sw(1, "permanent", 1.0, D(2020, 1, 1))],
        absences=[(1, "SIC", D(2024, 9, 1), D(2025, 10, 31), 300)],
    )
    assert r["working_days_lost_fte"] == 257.0
    assert r["absence_rate_fte"] == 101.6


def test_a_one_day_absence_on_each_boundary_counts_in_full() -> None:
    # 1 Oct 2024 and 30 Sep 2025 (half a day) are inside; 30 Sep 2024 and 1 Oct 2025 are not.
    r = measures(
        spells=[sw(1, "permanent", 1.0, D(2020, 1, 1))],
        absences=[
            (1, "SIC", D(2024, 10, 1), D(2024, 10, 1), 1),
            (1, "SIC", D(2025, 9, 30), D(2025, 9, 30), 0.5),
            (1, "SIC", D(2024, 9, 30), D(2024, 9, 30), 1),
            (1, "SIC", D(2025, 10, 1), D(2025, 10, 1), 1),
        ],
    )
    assert r["working_days_lost_fte"] == 1.5


@pytest.mark.parametrize("reason", ["MAT", "OTH", "PUB", "TRN", "UNA", "UNP"])
def test_only_sickness_counts(reason: str) -> None:
    r = measures(
        spells=[sw(1, "permanent", 1.0, D(2020, 1, 1))],
        absences=[(1, reason, D(2025, 3, 3), D(2025, 3, 7), 5)],
    )
    assert (r["working_days_lost_fte"], r["absence_rate_fte"]) == (0.0, 0.0)


def test_sickness_counts_while_employed_as_a_social_worker_only() -> None:
    # 1 left on 31 Jan: sick 31 Jan-3 Feb overlaps the spell (inclusive) and counts in full (4);
    # sick in March does not. 2 is agency: excluded. 3 is employed in post: 2 days.
    # 4 joined on 1 Jun: sick in May does not count.
    r = measures(
        spells=[
            sw(1, "permanent", 1.0, D(2020, 1, 1), D(2025, 1, 31)),
            sw(2, "agency", 1.0, D(2020, 1, 1)),
            sw(3, "fixed_term", 1.0, D(2020, 1, 1)),
            sw(4, "permanent", 1.0, D(2025, 6, 1)),
        ],
        absences=[
            (1, "SIC", D(2025, 1, 31), D(2025, 2, 3), 4),
            (1, "SIC", D(2025, 3, 3), D(2025, 3, 4), 2),
            (2, "SIC", D(2025, 3, 3), D(2025, 3, 4), 2),
            (3, "SIC", D(2025, 3, 3), D(2025, 3, 4), 2),
            (4, "SIC", D(2025, 5, 5), D(2025, 5, 6), 2),
        ],
    )
    assert r["working_days_lost_fte"] == 6.0
    # two employee spells overlapping one absence count it once
    r = measures(
        spells=[sw(1, "permanent", 0.5, D(2020, 1, 1)), sw(1, "fixed_term", 0.5, D(2021, 1, 1))],
        absences=[(1, "SIC", D(2025, 3, 3), D(2025, 3, 4), 2)],
    )
    assert r["working_days_lost_fte"] == 2.0


# --- Rates, zero denominators and rounding ----------------------------------------------------


def test_an_empty_register_has_zero_counts_and_no_rates() -> None:
    r = measures()
    assert list(r) == MEASURES
    assert all(r[k] is None for k in RATES)
    assert all(r[k] == 0 for k in MEASURES if k not in RATES)


def test_each_rate_is_none_only_when_its_own_denominator_is_zero() -> None:
    # In post 1.0, no agency, no vacancy, no cases: turnover 0.0 and agency 0.0 have
    # denominators; agency cover (/ agency), vacancy cover (/ vacancy), caseload do not.
    r = measures(spells=[sw(1, "permanent", 1.0, D(2020, 1, 1))])
    assert (r["turnover_rate_fte"], r["agency_rate_fte"], r["vacancy_rate_fte"]) == (0, 0, 0)
    assert r["absence_rate_fte"] == 0.0
    assert (r["agency_cover_rate_fte"], r["vacancy_agency_cover_rate_fte"]) == (None, None)
    assert r["caseload_fte"] is None
    # Agency only: agency and vacancy rates have denominators, absence/turnover (inpost 0) don't.
    r = measures(spells=[sw(1, "agency", 1.0, D(2020, 1, 1))], posts=[post("P1", 1.0, None)])
    assert (r["agency_rate_fte"], r["vacancy_rate_fte"]) == (100.0, 100.0)
    assert (r["turnover_rate_fte"], r["absence_rate_fte"]) == (None, None)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (12.25, 1, 12.3),  # Python's round gives 12.2
        (0.05, 1, 0.1),
        (0.15, 1, 0.2),  # the float is 0.1499999...: rounded as written
        (3 * 0.35, 1, 1.1),  # 1.0499999999999998 is 1.05 with float noise
        (11.8499, 1, 11.8),
        (31.25, 1, 31.3),
        (2.675, 2, 2.68),
        (7.0, 1, 7.0),
    ],
)
def test_round_half_up(value: float, places: int, expected: float) -> None:
    assert round_half_up(value, places) == expected


def test_round_measures() -> None:
    raw: dict[str, float | None] = dict.fromkeys(MEASURES, 0.0)
    raw |= {"inpost_fte": 12.25, "cases": 3.0, "caseload_fte": None, "agency_rate_fte": math.nan}
    r = round_measures(raw)
    assert list(r) == MEASURES
    assert (r["inpost_fte"], r["cases"], r["caseload_fte"], r["agency_rate_fte"]) == (
        12.3,
        3,
        None,
        None,
    )
    assert type(r["cases"]) is int


def test_rates_come_from_unrounded_components() -> None:
    # Three 0.35 FTE workers in post (1.05, published 1.1) and one 1.0 leaver:
    # turnover 1.0 / 1.05 = 95.24 -> 95.2 (from the rounded 1.1 it would be 90.9).
    r = measures(
        spells=[sw(i, "permanent", 0.35, D(2020, 1, 1)) for i in range(3)]
        + [sw(9, "permanent", 1.0, D(2020, 1, 1), D(2025, 6, 30))]
    )
    assert (r["inpost_fte"], r["turnover_rate_fte"]) == (1.1, 95.2)


def test_raw_measures_are_unrounded_and_aggregate() -> None:
    raw = compute_measures_raw(*council(), 2025)
    assert list(raw) == MEASURES
    assert raw["caseload_fte"] == pytest.approx(5 / 2.8)
    assert raw["vacancy_rate_fte"] == pytest.approx(5.0 / 7.2 * 100)
    # Two copies of the council: components double, rates stay the same.
    components = {k: 2 * v for k, v in raw.items() if k not in RATES and v is not None}
    doubled = round_measures({**components, **rates_from_components(components)})
    assert doubled["inpost_fte"] == 4.4 and doubled["cases"] == 10
    assert {k: doubled[k] for k in RATES} == {k: COUNCIL_2025[k] for k in RATES}


def test_england_2025_rates_from_its_published_components() -> None:
    # csww_indicators_2017_to_2025.csv, England, 2025.
    published = {
        "inpost_fte": 36186.3,
        "leavers_fte": 4276.3,
        "agency_fte": 5415.9,
        "agency_cover_fte": 4390.8,
        "vacancy_fte": 5965.4,
        "case_holders_fte": 21105.4,
        "cases": 321661,
        "working_days_lost_fte": 322786.3,
    }
    rates = rates_from_components(published)
    assert {k: round_half_up(v) for k, v in rates.items() if v is not None} == {
        "turnover_rate_fte": 11.8,  # 4276.3 / 36186.3 = 11.82 %
        "agency_rate_fte": 13.0,  # 5415.9 / 41602.2 = 13.02 %
        "agency_cover_rate_fte": 81.1,  # 4390.8 / 5415.9 = 81.07 %
        "vacancy_rate_fte": 14.2,  # 5965.4 / 42151.7 = 14.15 %
        "vacancy_agency_cover_rate_fte": 73.6,  # 4390.8 / 5965.4 = 73.60 %
        "caseload_fte": 15.2,  # 321661 / 21105.4 = 15.24
        "absence_rate_fte": 3.5,  # 322786.3 / (36186.3 * 253) = 3.53 %
    }


def test_rates_from_components_with_a_suppressed_component() -> None:
    # A published "c" (suppressed) cases figure: caseload unknown, the other rates still there.
    rates = rates_from_components({"inpost_fte": 10.0, "leavers_fte": 1.0, "cases": None})
    assert rates["caseload_fte"] is None and rates["agency_rate_fte"] is None
    assert rates["turnover_rate_fte"] == pytest.approx(10.0)


# --- Everything at once, against the rules written out one row at a time ----------------------

EMPLOYEE = {"permanent", "fixed_term"}


def reference(
    spells: list[dict[str, Any]],
    posts: list[dict[str, Any]],
    absences: list[dict[str, Any]],
    allocations: list[dict[str, Any]],
    year: int,
) -> dict[str, float]:
    """formats.md's rules, literally, one row at a time (slow, obviously right); agency cover as
    domain-facts.md and DfE define it: the covering agency workers' FTE (docs/measures.md)."""
    first, last = census_year_bounds(year)

    def on(s: date, e: date | None) -> bool:
        return s <= last and (e is None or e > last)

    sws = [s for s in spells if s["profession"] == "social_worker"]
    inpost = [s for s in sws if s["contract"] in EMPLOYEE and on(s["start_date"], s["end_date"])]
    agency = [s for s in sws if s["contract"] == "agency" and on(s["start_date"], s["end_date"])]
    starters = [s for s in sws if s["contract"] in EMPLOYEE and first <= s["start_date"] <= last]
    leavers = [
        s
        for s in sws
        if s["contract"] in EMPLOYEE and s["end_date"] and first <= s["end_date"] <= last
    ]
    r: dict[str, float] = {}
    for name, group in [
        ("inpost", inpost),
        ("starters", starters),
        ("leavers", leavers),
        ("agency", agency),
    ]:
        r[f"{name}_fte"] = sum(s["fte"] for s in group)
        r[f"{name}_headcount"] = len({s["person_id"] for s in group})
    employed = {s["person_id"] for s in inpost}
    on_agency = {s["person_id"] for s in agency}
    r["vacancy_fte"] = 0.0
    covering: set[object] = set()
    for p in posts:
        funded = p["funded_from"] <= last and (p["funded_to"] is None or p["funded_to"] >= last)
        if p["social_work_post"] and funded and p["holder_person_id"] not in employed:
            r["vacancy_fte"] += p["fte"]
            if p["holder_person_id"] in on_agency:
                covering.add(p["holder_person_id"])
    # agency cover: the covering agency workers' own FTE, each counted once
    r["agency_cover_fte"] = sum(s["fte"] for s in agency if s["person_id"] in covering)
    held = {
        (a["child_id"], a["person_id"])
        for a in allocations
        if a["person_id"] in employed | on_agency and on(a["start_date"], a["end_date"])
    }
    holders = {pid for _, pid in held}
    r["case_holders_fte"] = sum(s["fte"] for s in inpost + agency if s["person_id"] in holders)
    r["cases"] = len(held)
    r["working_days_lost_fte"] = 0.0
    for a in absences:
        employee = any(
            s["person_id"] == a["person_id"]
            and s["contract"] in EMPLOYEE
            and s["start_date"] <= a["end_date"]
            and (s["end_date"] is None or s["end_date"] >= a["start_date"])
            for s in sws
        )
        if a["reason"] == "SIC" and employee:
            inside = (min(a["end_date"], last) - max(a["start_date"], first)).days + 1
            total = (a["end_date"] - a["start_date"]).days + 1
            r["working_days_lost_fte"] += a["working_days"] * max(inside, 0) / total
    return r


Register = tuple[
    list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]
]


def random_register(rnd: random.Random) -> Register:
    def day() -> date:
        return D(2023, 6, 1) + timedelta(days=rnd.randint(0, 1000))

    def boundary_or(d: date | None) -> date | None:
        options = [D(2024, 9, 30), D(2024, 10, 1), D(2025, 9, 30), D(2025, 10, 1)]
        return rnd.choice(options) if rnd.random() < 0.2 else d

    spells = []
    for _ in range(rnd.randint(0, 12)):
        start = boundary_or(day())
        assert start is not None
        end = None if rnd.random() < 0.4 else boundary_or(start + timedelta(rnd.randint(0, 500)))
        spells.append(
            {
                "person_id": rnd.randint(1, 6),
                "profession": rnd.choice(["social_worker", "social_worker", "probation"]),
                "contract": rnd.choice(["permanent", "fixed_term", "agency", "student"]),
                "fte": rnd.choice([0.35, 0.5, 0.8, 1.0]),
                "start_date": start,
                "end_date": end if end is None or end >= start else start,
            }
        )
    posts = [
        {
            "post_id": f"P{i}",
            "fte": rnd.choice([0.5, 1.0]),
            "social_work_post": rnd.random() < 0.8,
            "funded_from": boundary_or(day()),
            "funded_to": None if rnd.random() < 0.5 else boundary_or(day()),
            "holder_person_id": None if rnd.random() < 0.3 else rnd.randint(1, 7),
        }
        for i in range(rnd.randint(0, 6))
    ]
    absences = []
    for _ in range(rnd.randint(0, 6)):
        start = day()
        absences.append(
            {
                "person_id": rnd.randint(1, 6),
                "reason": rnd.choice(["SIC", "SIC", "TRN"]),
                "start_date": start,
                "end_date": start + timedelta(days=rnd.randint(0, 40)),
                "working_days": rnd.randint(0, 25),
            }
        )
    allocations = [
        {
            "child_id": rnd.randint(1, 8),
            "person_id": rnd.randint(1, 6),
            "start_date": boundary_or(day()),
            "end_date": None if rnd.random() < 0.4 else boundary_or(day()),
        }
        for _ in range(rnd.randint(0, 15))
    ]
    return spells, posts, absences, allocations


def test_agrees_with_the_rules_applied_row_by_row_on_random_registers() -> None:
    rnd = random.Random(20250930)
    columns = [SPELL_COLS, POST_COLS, ABSENCE_COLS, ALLOCATION_COLS]
    # 150 registers, each on three census years: every boundary `random_register` aims at is hit
    # many times over (it was 300, at twice the time).
    for _ in range(150):
        register = random_register(rnd)
        spells, posts, absences, allocations = (
            pd.DataFrame(rows, columns=cols) for rows, cols in zip(register, columns, strict=True)
        )
        for year in (2024, 2025, 2026):
            got = compute_measures_raw(spells, posts, absences, allocations, year)
            want = reference(*register, year)
            assert {k: got[k] for k in want} == pytest.approx(want), (register, year)
            assert got | rates_from_components(want) == pytest.approx(got)
