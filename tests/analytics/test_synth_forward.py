"""A register carried on from its census date to today: the calibrated year is untouched, the year
so far has plausible starters, leavers and sickness, and nothing happens after today."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from analytics.measures import compute_measures
from analytics.synth import Targets, generate_register, measure_frames
from analytics.synth_forward import continue_register

COVENTRY_2025 = {
    "inpost_fte": 377.8,
    "starters_fte": 50.7,
    "leavers_fte": 42.6,
    "agency_fte": 24.4,
    "agency_cover_fte": 24.4,
    "vacancy_fte": 30.0,
    "case_holders_fte": 235.5,
    "cases": 3014,
    "working_days_lost_fte": 4404.5,
}


@pytest.fixture(scope="module")
def calibrated() -> object:
    return generate_register(Targets.from_measures(COVENTRY_2025), la_code="331", seed=5)


def _census_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


@pytest.mark.parametrize("until", [date(2026, 6, 17), date(2026, 12, 6), date(2025, 10, 20)])
def test_the_register_runs_to_today_and_keeps_the_calibrated_year(
    calibrated: object, until: date
) -> None:
    reg = calibrated
    lived = continue_register(reg, until=until, seed=5)  # type: ignore[arg-type]
    before = _measures(reg, 2025)
    assert _measures(lived, 2025) == before  # the published year is exactly as calibrated

    # The year so far: starters, leavers and sickness in proportion to the days lived.
    year = _census_year(until)
    now = _measures(lived, year)
    share = ((until - date(year - 1, 10, 1)).days + 1) / 365
    if year == 2026 and share > 0.5:
        assert 0.4 < now["leavers_fte"] / (before["leavers_fte"] * share) < 2.0
        assert 0.4 < now["starters_fte"] / (before["starters_fte"] * share) < 2.0
        assert 0.5 < now["working_days_lost_fte"] / (before["working_days_lost_fte"] * share) < 1.6
    else:
        assert now["starters_headcount"] + now["leavers_headcount"] >= 1
        assert now["working_days_lost_fte"] > 0
    assert abs(now["inpost_fte"] / before["inpost_fte"] - 1) < 0.12
    assert abs(now["caseload_fte"] - before["caseload_fte"]) < 3
    _nothing_after(lived, until)
    _posts_name_people_in_post(lived, until)
    assert lived.people["person_key"].is_unique and lived.people["staff_id"].is_unique
    assert lived.people["swe_number"].dropna().is_unique


def test_the_same_day_and_seed_give_the_same_register(calibrated: object) -> None:
    a = continue_register(calibrated, until=date(2026, 6, 17), seed=5)  # type: ignore[arg-type]
    b = continue_register(calibrated, until=date(2026, 6, 17), seed=5)  # type: ignore[arg-type]
    for name in ["people", "spells", "posts", "absences", "allocations"]:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    # Before the census date there is nothing to live.
    assert continue_register(calibrated, until=date(2025, 9, 30), seed=5) is calibrated  # type: ignore[arg-type]


def _measures(reg: object, year: int) -> dict[str, float]:
    measures = compute_measures(*measure_frames(reg), year)  # type: ignore[arg-type]
    return {k: float(v or 0) for k, v in measures.items()}


def _nothing_after(reg: object, until: date) -> None:
    spells, posts, absences, allocations = measure_frames(reg)  # type: ignore[arg-type]
    last = pd.Timestamp(until)
    assert (spells["start_date"] <= last).all()
    assert (spells["end_date"].isna() | (spells["end_date"] <= last + timedelta(days=1))).all()
    assert (absences["start_date"] <= last).all()  # (a maternity leave may run on)
    assert (allocations["start_date"] <= last).all()
    assert (allocations["end_date"].isna() | (allocations["end_date"] <= last)).all()
    # Nobody holds a child after they left, nor before they started.
    sw = spells[spells["profession"] == "social_worker"]
    first = sw.groupby("person_id")["start_date"].min()
    last_day = sw.assign(e=sw["end_date"].fillna(pd.Timestamp.max)).groupby("person_id")["e"].max()
    held = allocations[allocations["person_id"].isin(first.index)]
    assert (held["start_date"] >= held["person_id"].map(first)).all()
    ended = held["end_date"].fillna(pd.Timestamp.max)
    assert (ended <= held["person_id"].map(last_day)).all()


def _posts_name_people_in_post(reg: object, day: date) -> None:
    spells, posts, _, _ = measure_frames(reg)  # type: ignore[arg-type]
    on = pd.Timestamp(day)
    funded = posts[
        (posts["funded_from"] <= on) & (posts["funded_to"].isna() | (posts["funded_to"] >= on))
    ]
    working = spells[
        (spells["start_date"] <= on) & (spells["end_date"].isna() | (spells["end_date"] > on))
    ]
    named = funded["holder_person_id"].dropna()
    assert len(named) and named.isin(set(working["person_id"])).all()


def test_staff_who_are_not_social_workers_start_and_leave_after_the_census_date(
    calibrated: object,
) -> None:
    reg = calibrated
    lived = continue_register(reg, until=date(2026, 6, 17), seed=5)  # type: ignore[arg-type]
    spells, posts, _, _ = measure_frames(lived)  # type: ignore[arg-type]
    census = pd.Timestamp(date(2025, 9, 30))
    other = spells[(spells["profession"] != "social_worker") & (spells["contract"] != "agency")]
    in_post = other[
        (other["start_date"] <= census) & (other["end_date"].isna() | (other["end_date"] > census))
    ]
    left = other[(other["end_date"] > census + timedelta(days=1))]
    started = other[other["start_date"] > census]
    # About a tenth to a quarter of them a year, over 8.5 months; leavers are replaced.
    assert 0.03 < len(left) / len(in_post) < 0.3
    assert 1 <= len(started) <= len(left)  # (a late leaver is replaced after the day)
    assert left["leaving_reason"].notna().all() and left["leaver_destination"].notna().all()
    # A replacement does the leaver's job: a profession that is not social work, in the same
    # team, with the same title, and no social work registration or qualification.
    assert set(started["profession"]) <= set(other["profession"]) - {"social_worker"}
    newcomers = lived.people[lived.people["person_key"].isin(started["person_id"])]  # type: ignore[attr-defined]
    assert newcomers["swe_number"].isna().all() and newcomers["qualified_on"].isna().all()
    assert started["org_role"].isna().all()
    # Their posts pass from the leaver to the starter.
    held = posts[posts["holder_person_id"].isin(started["person_id"])]
    assert len(held) == len(started) and not held["social_work_post"].astype(bool).any()
    # The same day and seed give the same people.
    again = continue_register(reg, until=date(2026, 6, 17), seed=5)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(again.spells, lived.spells)
