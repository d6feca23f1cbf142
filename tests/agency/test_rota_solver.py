"""The rota solver (pure, no database): every hard rule checked independently of its model
(`verify`), the fill order on a shortage worked by hand, a need only agency has, a need no one
has."""

from __future__ import annotations

from collections import Counter
from datetime import date

from thrive.agency.rota_sample import sample_problem
from thrive.agency.rota_solver import (
    Assignment,
    RotaProblem,
    RotaRules,
    ShiftSpec,
    StaffSpec,
    shortfalls,
    solve,
    verify,
)

MONDAY = date(2026, 1, 5)
DAY = ShiftSpec("day", "Day", 8 * 60, 16 * 60, min_staff=2)


def test_fill_order_on_a_shortage() -> None:
    # 14 person-shifts of 8 hours in a week. The one home worker can do 6 (a whole day off a
    # week); the cover pool worker offers 16 hours (2 shifts), bank 16 hours (2 shifts); agency
    # the remaining 4, all by one agency worker (fewest faces).
    problem = RotaProblem(
        start=MONDAY,
        weeks=1,
        shifts=[DAY],
        staff=[
            StaffSpec("own", "Home worker", "own", contracted_hours=37.5),
            StaffSpec("cover", "Early Help worker", "cover_pool", max_hours_week=16),
            StaffSpec("bank", "Bank worker", "bank", max_hours_week=16),
            StaffSpec("ag1", "Agency one", "agency", hourly_cost=30),
            StaffSpec("ag2", "Agency two", "agency", hourly_cost=30),
        ],
    )
    result = solve(problem, time_limit=10)
    assert verify(problem, result.assignments) == []
    assert shortfalls(problem, result.assignments) == []
    assert result.gaps == []
    by_staff = Counter(a.staff for a in result.assignments)
    assert by_staff["own"] == 6
    assert by_staff["cover"] == 2
    assert by_staff["bank"] == 2
    assert sorted(v for k, v in by_staff.items() if k.startswith("ag")) == [4]
    assert result.agency_shifts == 4
    assert result.agency_cost == 4 * 8 * 30
    on_shift: dict[date, set[str]] = {}
    for a in result.assignments:
        on_shift.setdefault(a.day, set()).add(a.staff)
    names = {"own": "Home worker", "cover": "Early Help worker", "bank": "Bank worker"}
    for a in result.assignments:
        if a.tier != "agency":
            continue
        # each earlier worker not on that shift is named with why not
        assert a.reason.startswith("Chosen from agency because no one earlier")
        for key, name in names.items():
            assert (f"{name}:" in a.reason) == (key not in on_shift[a.day])
    reasons = " ".join(a.reason for a in result.assignments)
    assert "Bank worker: at the 16 hours a week they offered" in reasons


def test_a_skill_only_agency_has_and_a_need_no_one_has() -> None:
    night = ShiftSpec(
        "night", "Waking night", 22 * 60, 31 * 60, min_staff=1, needs_waking_night=True
    )
    drive = ShiftSpec("day", "Day", 9 * 60, 17 * 60, min_staff=1, needs_driver=True)
    problem = RotaProblem(
        start=MONDAY,
        weeks=1,
        shifts=[drive, night],
        staff=[
            StaffSpec("own1", "Home one", "own", contracted_hours=37.5),
            StaffSpec("own2", "Home two", "own", contracted_hours=37.5),
            StaffSpec("ag", "Agency night", "agency", skills=frozenset({"waking_night"})),
            StaffSpec("ag2", "Agency night two", "agency", skills=frozenset({"waking_night"})),
        ],
    )
    result = solve(problem, time_limit=10)
    assert verify(problem, result.assignments) == []
    nights = [a for a in result.assignments if a.shift == "night"]
    assert len(nights) == 7 and all(a.tier == "agency" for a in nights)
    # No one drives: each day shift is staffed by home staff but short of a driver, reported.
    assert sorted((g.day.day, g.need) for g in result.gaps) == [(5 + i, "driver") for i in range(7)]
    assert all(a.tier == "own" for a in result.assignments if a.shift == "day")


def test_a_twenty_person_home_for_four_weeks_keeps_every_hard_rule() -> None:
    problem = sample_problem(20, MONDAY, 4)
    result = solve(problem, time_limit=15)
    assert result.status in {"optimal", "feasible"}
    assert verify(problem, result.assignments) == []
    assert shortfalls(problem, result.assignments) == []
    # the home's own staff do it all: no one from outside when they can
    assert {a.tier for a in result.assignments} == {"own"}


def test_verify_finds_planted_breaches() -> None:
    from thrive.agency.rota_solver import Assignment

    late = ShiftSpec("late", "Late", 14 * 60, 22 * 60)
    early = ShiftSpec("early", "Early", 7 * 60, 15 * 60)
    problem = RotaProblem(
        start=MONDAY,
        weeks=1,
        shifts=[early, late],
        staff=[StaffSpec("a", "Ann", "own", unavailable=frozenset({date(2026, 1, 9)}))],
        rules=RotaRules(),
    )
    rota = [Assignment(date(2026, 1, 5 + i), "early", "a", "own", 8, 0) for i in range(7)]
    rota.append(Assignment(date(2026, 1, 4 + 1), "late", "a", "own", 8, 0))
    found = verify(problem, rota)
    assert any("while unavailable" in f for f in found)
    assert any("hours' rest" in f and "leaves" in f for f in found)
    assert any("no 24 hours' rest in week 1" in f for f in found)
    assert any("64 hours over 1 weeks" in f for f in found)


def test_a_rota_is_filled_however_little_time_the_search_has() -> None:
    # The demo's hub made no assignments on a busy machine: the search had 1.8 of its 3 seconds
    # for a first rota and found none, so nothing was saved. The greedy first fit keeps every
    # hard rule and is the search's start and its fallback.
    from thrive.agency.rota_solver import first_fit

    problem = sample_problem(12, MONDAY, 4, shortage=True)
    chosen, gaps = first_fit(problem)
    keys = [w.key for w in problem.staff]
    greedy = [
        Assignment(problem.days[d], problem.shifts[s].code, keys[p], problem.staff[p].tier, 0, 0)
        for p, d, s in chosen
    ]
    assert verify(problem, greedy) == []
    assert shortfalls(problem, greedy) == gaps == []
    # agency only where the one waking-night trained home worker cannot go
    assert {problem.staff[p].tier for p, _, s in chosen if problem.shifts[s].code == "night"} >= {
        "agency"
    }
    result = solve(problem, time_limit=0.01)
    assert result.status in {"first fit", "feasible", "optimal"}
    assert len(result.assignments) >= len(problem.days) * 4
    assert result.gaps == [] and verify(problem, result.assignments) == []


def test_night_workers_limit_and_the_average_over_earlier_weeks() -> None:
    night = ShiftSpec("night", "Night", 22 * 60, 30 * 60, min_staff=1)  # 7 hours in 23:00-06:00
    problem = RotaProblem(
        start=MONDAY,
        weeks=1,
        shifts=[night],
        staff=[
            StaffSpec("own", "Home worker", "own", contracted_hours=48),
            StaffSpec("ag", "Agency worker", "agency", hourly_cost=30),
        ],
        # 6 hours in 24 over the 6 working days of a week: 36 hours, so four 8-hour nights
        rules=RotaRules(night_average_hours=6),
    )
    result = solve(problem, time_limit=5)
    assert verify(problem, result.assignments) == [] and result.gaps == []
    assert Counter(a.staff for a in result.assignments) == {"own": 4, "ag": 3}
    assert any("night workers' limit of 6 hours in 24" in a.reason for a in result.assignments)
    five = [Assignment(MONDAY.replace(day=5 + i), "night", "own", "own", 8, 0) for i in range(5)]
    assert any("a night worker on 40 hours in 6 working days" in f for f in verify(problem, five))

    # The 48-hour average over 17 weeks: 8 hours over 48 a week in the 13 earlier weeks leaves
    # 40 this week, five days' shifts.
    day = ShiftSpec("day", "Day", 9 * 60, 17 * 60, min_staff=1)
    tired = StaffSpec(
        "own",
        "Home worker",
        "own",
        contracted_hours=48,
        prior_minutes=(13 * 48 + 8) * 60,
        prior_weeks=13,
    )
    problem = RotaProblem(
        start=MONDAY,
        weeks=1,
        shifts=[day],
        staff=[tired, StaffSpec("ag", "Agency worker", "agency", hourly_cost=30)],
    )
    result = solve(problem, time_limit=5)
    assert verify(problem, result.assignments) == []
    assert Counter(a.staff for a in result.assignments) == {"own": 5, "ag": 2}
    assert any("48-hour weekly average over 17 weeks" in a.reason for a in result.assignments)
    six = [Assignment(MONDAY.replace(day=5 + i), "day", "own", "own", 8, 0) for i in range(6)]
    assert any("with 632 in the 13 weeks before" in f for f in verify(problem, six))


def test_refilling_keeps_every_other_shift_however_little_time() -> None:
    """Re-filling (``fixed`` and ``open_slots``): a worker's leave frees their shifts; only those
    are filled again, every other person-shift kept, every hard rule kept — by the search and by
    the first fit alone (no time)."""
    from dataclasses import replace

    problem = sample_problem(8, MONDAY, 1)
    first = solve(problem, time_limit=1, workers=2)
    index = {sh.code: s for s, sh in enumerate(problem.shifts)}
    person = {w.key: p for p, w in enumerate(problem.staff)}
    day = {d: i for i, d in enumerate(problem.days)}
    away = "own2"
    freed = [a for a in first.assignments if a.staff == away]
    assert freed
    problem.staff[person[away]] = replace(
        problem.staff[person[away]], unavailable=frozenset(problem.days)
    )
    kept = {
        (person[a.staff], day[a.day], index[a.shift]) for a in first.assignments if a.staff != away
    }
    slots = {(day[a.day], index[a.shift]) for a in freed}
    for limit in (0.01, 2):
        again = solve(problem, time_limit=limit, workers=2, fixed=kept, open_slots=slots)
        now = {(person[a.staff], day[a.day], index[a.shift]) for a in again.assignments}
        assert kept <= now  # nothing kept is moved
        assert {(d, s) for _, d, s in now - kept} <= slots  # newcomers only on freed shifts
        assert not any(a.staff == away for a in again.assignments)
        assert verify(problem, again.assignments) == []
        assert len(shortfalls(problem, again.assignments)) == len(first.gaps)  # all re-filled
