"""A sample residential home of any size, for the demo, the tests and the benchmark: a No Wrong
Door hub's shifts (early, late, waking night, sleep-in) scaled to its staff, its own staff with a
mix of skills and leave, a cover pool from Early Help and Youth Justice, bank and agency workers.
Deterministic: the same arguments give the same home."""

from __future__ import annotations

from datetime import date, timedelta

from thrive.agency.rota_solver import (
    TIER_AGENCY,
    TIER_BANK,
    TIER_COVER,
    TIER_OWN,
    RotaProblem,
    RotaRules,
    ShiftSpec,
    StaffSpec,
)


def sample_shifts(own_staff: int, *, shortage: bool = False) -> list[ShiftSpec]:
    """Shifts sized to a home of *own_staff*; with *shortage*, one more on each day shift than
    its own staff can cover."""
    day = max(2, round(own_staff * 3 / 20)) + (1 if shortage else 0)
    nights = max(1, round(own_staff / 20))
    return [
        ShiftSpec(
            "early", "Early", 7 * 60, 15 * 60, min_staff=day, min_senior=1, needs_driver=True
        ),
        ShiftSpec(
            "late",
            "Late",
            14 * 60 + 30,
            22 * 60 + 30,
            min_staff=day,
            min_senior=1,
            needs_driver=True,
        ),
        ShiftSpec(
            "night",
            "Waking night",
            22 * 60,
            31 * 60 + 30,
            min_staff=nights,
            needs_waking_night=True,
        ),
        ShiftSpec("sleep", "Sleep-in", 22 * 60, 31 * 60, min_staff=1, sleep_in=True),
    ]


def sample_staff(
    own_staff: int,
    start: date,
    weeks: int,
    *,
    cover: int = 4,
    bank: int = 3,
    agency: int = 3,
    shortage: bool = False,
) -> list[StaffSpec]:
    staff = []
    for i in range(own_staff):
        skills = set()
        if i % 4 == 0:
            skills.add("senior")
        if i % 2 == 0:
            skills.add("driver")
        if (i % 11 == 1) if shortage else (i % 3 == 1):
            skills.add("waking_night")
        leave: set[date] = set()
        if i % 5 == 2:  # a week's annual leave, staggered
            first = start + timedelta(days=(i * 3) % max(1, weeks * 7 - 7))
            leave = {first + timedelta(days=k) for k in range(7)}
        staff.append(
            StaffSpec(
                key=f"own{i + 1}",
                name=f"Home worker {i + 1}",
                tier=TIER_OWN,
                skills=frozenset(skills),
                contracted_hours=37.5 if i % 3 else 30.0,
                unavailable=frozenset(leave),
                hourly_cost=16.50,
            )
        )
    services = ["Early Help", "Youth Justice"]
    for i in range(cover):
        staff.append(
            StaffSpec(
                key=f"cover{i + 1}",
                name=f"{services[i % 2]} worker {i + 1}",
                tier=TIER_COVER,
                skills=frozenset({"driver"} if i % 2 == 0 else set()),
                max_hours_week=16,
                hourly_cost=18.00,
            )
        )
    for i in range(bank):
        staff.append(
            StaffSpec(
                key=f"bank{i + 1}",
                name=f"Bank worker {i + 1}",
                tier=TIER_BANK,
                skills=frozenset({"driver"} if i == 0 else set()),
                max_hours_week=24,
                hourly_cost=19.50,
            )
        )
    for i in range(agency):
        staff.append(
            StaffSpec(
                key=f"agency{i + 1}",
                name=f"Agency worker {i + 1}",
                tier=TIER_AGENCY,
                skills=frozenset(
                    {"waking_night", "driver", "senior"} if i == 0 else {"waking_night"}
                ),
                hourly_cost=32.00,
            )
        )
    return staff


def sample_problem(
    own_staff: int, start: date, weeks: int = 4, *, shortage: bool = False
) -> RotaProblem:
    return RotaProblem(
        start=start,
        weeks=weeks,
        shifts=sample_shifts(own_staff, shortage=shortage),
        staff=sample_staff(own_staff, start, weeks, shortage=shortage),
        rules=RotaRules(),
    )
