"""The measures' rules, each boundary worked by hand (formats.md, "The workforce measures")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from analytics.measures import (
    MEASURES,
    census_year_bounds,
    compute_measures,
    rates_from_components,
    round_half_up,
    round_measures,
)

D = date


def frames(
    spells: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
    posts: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
    absences: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
    allocations: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (
        pd.DataFrame(
            list(spells),
            columns=["person_id", "profession", "contract", "fte", "start_date", "end_date"],
        ),
        pd.DataFrame(
            list(posts),
            columns=[
                "post_id",
                "fte",
                "social_work_post",
                "funded_from",
                "funded_to",
                "holder_person_id",
            ],
        ),
        pd.DataFrame(
            list(absences),
            columns=["person_id", "reason", "start_date", "end_date", "working_days"],
        ),
        pd.DataFrame(
            list(allocations), columns=["child_id", "person_id", "start_date", "end_date"]
        ),
    )


def m(year: int = 2025, **kw: Any) -> dict[str, Any]:
    return compute_measures(*frames(**kw), year)


def test_census_year() -> None:
    assert census_year_bounds(2025) == (D(2024, 10, 1), D(2025, 9, 30))


def test_keys_are_exactly_dfe_columns_in_order() -> None:
    assert list(m()) == MEASURES and len(MEASURES) == 20


def test_ending_on_census_date_is_a_leaver_not_in_post() -> None:
    r = m(spells=[(1, "social_worker", "permanent", 1.0, D(2020, 1, 1), D(2025, 9, 30))])
    assert (r["inpost_fte"], r["leavers_fte"], r["leavers_headcount"]) == (0.0, 1.0, 1)
    assert r["turnover_rate_fte"] is None  # no one in post: no denominator


def test_ending_on_1_october_is_in_post_on_census_date_and_not_a_leaver() -> None:
    r = m(spells=[(1, "social_worker", "permanent", 1.0, D(2020, 1, 1), D(2025, 10, 1))])
    assert (r["inpost_fte"], r["leavers_fte"]) == (1.0, 0.0)


def test_starting_on_1_october_is_a_starter_and_30_september_before_is_not() -> None:
    r = m(
        spells=[
            (1, "social_worker", "fixed_term", 0.5, D(2024, 10, 1), None),
            (2, "social_worker", "permanent", 1.0, D(2024, 9, 30), None),
        ]
    )
    assert (r["starters_fte"], r["starters_headcount"], r["inpost_fte"]) == (0.5, 1, 1.5)


def test_spell_starting_and_ending_in_year_is_both() -> None:
    r = m(spells=[(1, "social_worker", "permanent", 0.6, D(2024, 11, 1), D(2025, 3, 31))])
    assert (r["starters_fte"], r["leavers_fte"], r["inpost_fte"]) == (0.6, 0.6, 0.0)


def test_one_person_with_two_spells_counts_once_in_headcount() -> None:
    r = m(
        spells=[
            (1, "social_worker", "permanent", 0.5, D(2020, 1, 1), None),
            (1, "social_worker", "fixed_term", 0.3, D(2024, 1, 1), None),
        ]
    )
    assert (r["inpost_fte"], r["inpost_headcount"]) == (0.8, 1)


@pytest.mark.parametrize("contract", ["secondee", "apprentice", "student"])
def test_non_employee_contracts_excluded(contract: str) -> None:
    r = m(spells=[(1, "social_worker", contract, 1.0, D(2020, 1, 1), None)])
    assert (r["inpost_fte"], r["agency_fte"], r["starters_fte"]) == (0.0, 0.0, 0.0)


def test_other_professions_excluded_everywhere() -> None:
    r = m(
        spells=[(1, "domestic_abuse", "permanent", 1.0, D(2025, 1, 1), None)],
        allocations=[("C1", 1, D(2025, 1, 1), None)],
        absences=[(1, "SIC", D(2025, 2, 1), D(2025, 2, 2), 2)],
    )
    assert all(r[k] in (0, 0.0, None) for k in MEASURES)


def test_agency_and_cover() -> None:
    r = m(
        spells=[
            (1, "social_worker", "agency", 1.0, D(2025, 1, 1), None),
            (2, "social_worker", "permanent", 1.0, D(2020, 1, 1), None),
        ],
        posts=[
            ("P1", 1.0, True, D(2020, 1, 1), None, 1),  # vacant, agency cover
            ("P2", 1.0, True, D(2020, 1, 1), None, 2),  # filled
            ("P3", 0.5, True, D(2020, 1, 1), D(2025, 9, 30), None),  # funded to D: vacant
            ("P4", 1.0, True, D(2020, 1, 1), D(2025, 9, 29), None),  # not funded on D
            ("P5", 1.0, False, D(2020, 1, 1), None, None),
        ],  # not a social work post
    )
    assert (r["agency_fte"], r["agency_headcount"]) == (1.0, 1)
    assert r["agency_rate_fte"] == 50.0
    assert (r["vacancy_fte"], r["agency_cover_fte"]) == (1.5, 1.0)
    assert r["vacancy_rate_fte"] == 60.0
    assert r["agency_cover_rate_fte"] == 100.0
    assert r["vacancy_agency_cover_rate_fte"] == 66.7


def test_post_held_by_someone_who_has_left_is_vacant() -> None:
    r = m(
        spells=[(1, "social_worker", "permanent", 1.0, D(2020, 1, 1), D(2025, 6, 30))],
        posts=[("P1", 1.0, True, D(2020, 1, 1), None, 1)],
    )
    assert r["vacancy_fte"] == 1.0


def test_cases_and_case_holders() -> None:
    r = m(
        spells=[
            (1, "social_worker", "permanent", 0.5, D(2020, 1, 1), None),
            (2, "social_worker", "agency", 1.0, D(2025, 1, 1), None),
            (3, "social_worker", "permanent", 1.0, D(2020, 1, 1), None),
        ],  # no cases
        allocations=[
            ("C1", 1, D(2025, 1, 1), None),
            ("C1", 1, D(2025, 1, 1), None),  # duplicate row counts once
            ("C2", 1, D(2025, 1, 1), D(2025, 9, 30)),  # ends on D: not counted
            ("C3", 2, D(2025, 9, 30), None),  # starts on D: counted
            ("C4", 2, D(2025, 10, 1), None),
        ],  # not yet
    )
    assert (r["case_holders_fte"], r["cases"], r["caseload_fte"]) == (1.5, 2, 1.3)


def test_absence_spanning_the_year_start_is_pro_rata_and_only_sickness() -> None:
    r = m(
        spells=[
            (1, "social_worker", "permanent", 1.0, D(2020, 1, 1), None),
            (2, "social_worker", "agency", 1.0, D(2020, 1, 1), None),
        ],
        absences=[
            (1, "SIC", D(2024, 9, 27), D(2024, 10, 6), 6),  # 10 days, 6 inside: 3.6
            (1, "SIC", D(2025, 9, 26), D(2025, 10, 5), 10),  # 10 days, 5 inside: 5.0
            (1, "TRN", D(2025, 3, 1), D(2025, 3, 2), 2),
            (2, "SIC", D(2025, 3, 1), D(2025, 3, 2), 2),
        ],  # agency: excluded
    )
    assert r["working_days_lost_fte"] == 8.6
    assert r["absence_rate_fte"] == round_half_up(8.6 / 253 * 100)


def test_round_half_up_like_the_published_figures() -> None:
    assert round_half_up(12.25) == 12.3 and round_half_up(0.05) == 0.1
    assert round_measures({"cases": 2.0, "inpost_fte": 12.25})["inpost_fte"] == 12.3


def test_england_2025_rates_from_published_components() -> None:
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
    rates = {k: round_half_up(v) for k, v in rates_from_components(published).items() if v}
    assert rates == {
        "turnover_rate_fte": 11.8,
        "agency_rate_fte": 13.0,
        "agency_cover_rate_fte": 81.1,
        "vacancy_rate_fte": 14.2,
        "vacancy_agency_cover_rate_fte": 73.6,
        "caseload_fte": 15.2,
        "absence_rate_fte": 3.5,
    }


def test_a_spell_in_dated_states_uses_the_state_on_each_date() -> None:
    """Full time until 1 Jan 2025, then 0.6: 2024 sees 1.0 in post, 2025 sees 0.6; one starter
    at its first FTE, one leaver at its last."""
    spells = pd.DataFrame(
        [
            (
                1,
                "social_worker",
                "permanent",
                1.0,
                D(2023, 11, 1),
                D(2026, 3, 31),
                D(2023, 11, 1),
                D(2025, 1, 1),
            ),
            (
                1,
                "social_worker",
                "permanent",
                0.6,
                D(2023, 11, 1),
                D(2026, 3, 31),
                D(2025, 1, 1),
                None,
            ),
        ],
        columns=[
            "person_id",
            "profession",
            "contract",
            "fte",
            "start_date",
            "end_date",
            "valid_from",
            "valid_to",
        ],
    )
    _, posts, absences, allocations = frames()
    y2024 = compute_measures(spells, posts, absences, allocations, 2024)
    y2025 = compute_measures(spells, posts, absences, allocations, 2025)
    y2026 = compute_measures(spells, posts, absences, allocations, 2026)
    assert (y2024["inpost_fte"], y2024["starters_fte"], y2024["starters_headcount"]) == (
        1.0,
        1.0,
        1,
    )
    assert (y2025["inpost_fte"], y2025["starters_fte"], y2025["inpost_headcount"]) == (0.6, 0.0, 1)
    assert (y2026["leavers_fte"], y2026["leavers_headcount"]) == (0.6, 1)
