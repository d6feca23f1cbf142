"""The rota solver's problem, its answer and the working-time arithmetic they share (pure, no
database): shifts, staff, the working-time facts, assignments and gaps; when shifts clash under
the daily rest, which are night work, and the hours a person may still work. Used by the solver
(:mod:`thrive.agency.rota_solver`), its first fit and the independent check."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

# The fill order: a lower tier is always preferred (weights per quarter hour worked).
TIER_OWN = "own"
TIER_COVER = "cover_pool"
TIER_BANK = "bank"
TIER_AGENCY = "agency"
TIERS = (TIER_OWN, TIER_COVER, TIER_BANK, TIER_AGENCY)
TIER_LABELS = {
    TIER_OWN: "the home's own staff",
    TIER_COVER: "the cover pool",
    TIER_BANK: "bank staff",
    TIER_AGENCY: "agency",
}
# Stage one: who from outside the home (per quarter hour), and gaps. An hour of a later tier
# outweighs 40 hours of the one before it; a gap outweighs any cover.
_TIER_WEIGHT = {TIER_OWN: 0, TIER_COVER: 1, TIER_BANK: 40, TIER_AGENCY: 1_600}
_GAP_WEIGHT = 1_000_000
# Stage two, keeping stage one's best: own staff's hours beyond contract, shifts worked at all
# (no one rostered who is not needed) and different faces from outside the home.
_OWN_EXTRA_WEIGHT = 4
_FACE_WEIGHT = 40

SKILLS = ("senior", "driver", "waking_night")


@dataclass(frozen=True)
class ShiftSpec:
    code: str
    name: str
    start_minute: int  # minutes after midnight
    end_minute: int  # may be beyond 1440 for a shift ending the next day
    min_staff: int = 1
    min_senior: int = 0
    needs_driver: bool = False
    needs_waking_night: bool = False
    sleep_in: bool = False

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute


@dataclass(frozen=True)
class StaffSpec:
    key: str
    name: str
    tier: str
    skills: frozenset[str] = frozenset()
    contracted_hours: float = 0.0  # a week; own staff only
    max_hours_week: float | None = None  # offered hours (cover pool, bank); None: no own limit
    opted_out: bool = False  # of the 48-hour average
    unavailable: frozenset[date] = frozenset()  # leave, training, not offered
    hourly_cost: float = 0.0
    # Earlier rotas inside the reference period: the minutes worked and the weeks they cover.
    prior_minutes: int = 0
    prior_weeks: int = 0
    # The working pattern: the (day, shift code) occurrences outside the days and hours the
    # person works, and the hours a week they agreed to work beyond it (extra hours; 0: none).
    # Such an occurrence is allowed only within those hours each rota week.
    off_pattern: frozenset[tuple[date, str]] = frozenset()
    off_pattern_hours_week: float = 0.0


@dataclass(frozen=True)
class RotaRules:
    """The working-time facts in force (dated data in the database; passed in here)."""

    daily_rest_hours: float = 11
    weekly_rest_hours: float = 24
    max_average_weekly_hours: float = 48
    opted_out_weekly_hours: float = 72  # a safety ceiling for those who opted out
    reference_weeks: int = 17
    night_average_hours: float | None = 8  # for each 24 hours, night workers; None: not kept
    night_start_minute: int = 23 * 60  # the night period (regulation 2's default 23:00-06:00)
    night_end_minute: int = 30 * 60
    night_minimum_hours: float = 3  # hours of a shift in the night period making it night work


@dataclass
class RotaProblem:
    start: date
    weeks: int
    shifts: list[ShiftSpec]
    staff: list[StaffSpec]
    rules: RotaRules = field(default_factory=RotaRules)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.weeks * 7)]


@dataclass(frozen=True)
class Assignment:
    day: date
    shift: str
    staff: str
    tier: str
    hours: float
    cost: float
    reason: str = ""


@dataclass(frozen=True)
class Gap:
    day: date
    shift: str
    need: str  # "staff", "senior", "driver", "waking_night"
    missing: int


@dataclass
class RotaResult:
    status: str  # "optimal", "feasible" (the search's), "first fit" (the greedy rota)
    assignments: list[Assignment]
    gaps: list[Gap]
    seconds: float
    hours_by_staff: dict[str, float]
    agency_shifts: int
    agency_cost: float


def _interval(problem: RotaProblem, d: int, shift: ShiftSpec) -> tuple[int, int]:
    base = d * 1440
    return base + shift.start_minute, base + shift.end_minute


def _eligible(staff: StaffSpec, day: date) -> bool:
    return day not in staff.unavailable


def outside_pattern(staff: StaffSpec, day: date, shift: ShiftSpec) -> bool:
    """*shift* on *day* falls outside *staff*'s working pattern."""
    return (day, shift.code) in staff.off_pattern


def off_pattern_minutes_week(staff: StaffSpec) -> int:
    """The most minutes a rota week *staff* may work outside their pattern (agreed extra)."""
    return max(0, int(staff.off_pattern_hours_week * 60))


def _conflict_cliques(problem: RotaProblem) -> list[list[tuple[int, int]]]:
    """Sets of shift occurrences (day, shift) of which one person may work at most one.

    Two occurrences clash when they overlap or leave less than the daily rest between them:
    exactly when their intervals stretched by the rest, [start, end + rest), meet. That is an
    interval graph, whose largest cliques are the occurrences stretched over each start."""
    rest = int(problem.rules.daily_rest_hours * 60)
    occ = [
        (d, s, *_interval(problem, d, sh))
        for d in range(len(problem.days))
        for s, sh in enumerate(problem.shifts)
    ]
    cliques: list[list[tuple[int, int]]] = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    for _, _, point, _ in occ:
        members = tuple((d, s) for d, s, a, b in occ if a <= point < b + rest)
        if len(members) > 1 and members not in seen:
            seen.add(members)
            cliques.append(list(members))
    # drop cliques inside another
    sets = [set(c) for c in cliques]
    return [
        c
        for i, c in enumerate(cliques)
        if not any(i != j and sets[i] < sets[j] for j in range(len(sets)))
    ]


def _overlaps_day(problem: RotaProblem, d: int, s: int, day_index: int) -> bool:
    a, b = _interval(problem, d, problem.shifts[s])
    return a < (day_index + 1) * 1440 and b > day_index * 1440


def days_off_needed(rules: RotaRules) -> int:
    return max(0, math.ceil(rules.weekly_rest_hours / 24))


def is_night_shift(shift: ShiftSpec, rules: RotaRules) -> bool:
    """At least the rules' minimum hours of *shift* fall in the night period (either night)."""
    inside = 0
    for base in (-1440, 0, 1440):
        lo, hi = rules.night_start_minute + base, rules.night_end_minute + base
        inside += max(0, min(shift.end_minute, hi) - max(shift.start_minute, lo))
    return inside >= rules.night_minimum_hours * 60


def average_cap_minutes(problem: RotaProblem, person: StaffSpec) -> int:
    """The most minutes *person* may work in this rota under the weekly average: the average
    times the reference weeks (the rota's and earlier rotas' within the period), less what the
    earlier rotas already used."""
    rules = problem.rules
    weekly = rules.opted_out_weekly_hours if person.opted_out else rules.max_average_weekly_hours
    weeks = problem.weeks + person.prior_weeks
    return int(weekly * 60 * weeks) - person.prior_minutes


def night_cap_minutes(problem: RotaProblem, person: StaffSpec) -> int | None:
    """The most minutes a night worker may work in this rota: the night average for each day
    of the period less the weekly rest days (regulation 6(5)), less earlier rotas' minutes."""
    rules = problem.rules
    if rules.night_average_hours is None:
        return None
    weeks = problem.weeks + person.prior_weeks
    days = weeks * (7 - days_off_needed(rules))
    return int(rules.night_average_hours * 60 * days) - person.prior_minutes
