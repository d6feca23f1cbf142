"""The residential rota solver (OR-Tools CP-SAT). Pure: no database, so tests and the benchmark
build a :class:`RotaProblem` directly and :func:`verify` checks a rota independently of the model.

Hard rules (each shift's minimum staff, seniors, a driver, a waking-night worker; leave; one
person on one shift at a time; the daily rest between shifts; days off each week for the weekly
rest; the average weekly hours unless the worker has opted out; each person's own hours limit)
are constraints. A gap nobody can fill is not a failure: it is a shortfall with a very large cost,
reported as a gap. The objective prefers, in order: the home's own staff (up to contracted hours,
then their extra hours), the cover pool, bank staff, and agency last; then fewest different faces.

The average weekly hours are taken over the reference period: the rota's weeks and the weeks of
earlier rotas within it (``StaffSpec.prior_minutes`` / ``prior_weeks``). A night worker (anyone on
a shift with at least three hours in the night period, 23:00 to 06:00 unless the rules say
otherwise) works at most ``night_average_hours`` for each 24 hours of the period, less the weekly
rest days (Working Time Regulations, regulation 6).

Before the search, :func:`first_fit` builds a rota keeping every hard rule greedily in the fill
order. It is the search's starting point (a hint) and its answer when the search finds nothing
better in the time allowed (a busy machine), so a rota is always filled.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

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


def first_fit(problem: RotaProblem) -> tuple[set[tuple[int, int, int]], list[Gap]]:
    """A rota keeping every hard rule, built greedily: each day's shifts in turn, each need
    (seniors, driver, waking night, then staff) filled in the fill order, within a tier the
    least-used (own staff) or already-used (outside the home: fewer faces) first. Returns the
    chosen (person, day, shift) and the gaps left."""
    days = problem.days
    shifts = problem.shifts
    staff = problem.staff
    rules = problem.rules
    rest = int(rules.daily_rest_hours * 60)
    need_off = days_off_needed(rules)
    n_days = len(days)
    night = [is_night_shift(sh, rules) for sh in shifts]
    intervals: list[list[tuple[int, int]]] = [[] for _ in staff]
    week_minutes = [[0] * problem.weeks for _ in staff]
    total = [0] * len(staff)
    touched: list[set[int]] = [set() for _ in staff]
    on_night = [False] * len(staff)
    avg_cap = [average_cap_minutes(problem, w) for w in staff]
    night_cap = [night_cap_minutes(problem, w) for w in staff]
    chosen: set[tuple[int, int, int]] = set()
    gaps: list[Gap] = []

    def can(p: int, d: int, s: int) -> bool:
        person = staff[p]
        if days[d] in person.unavailable or (p, d, s) in chosen:
            return False
        a, b = _interval(problem, d, shifts[s])
        if any(not (a2 >= b + rest or a >= b2 + rest) for a2, b2 in intervals[p]):
            return False
        m = shifts[s].minutes
        if person.max_hours_week is not None and (
            week_minutes[p][d // 7] + m > person.max_hours_week * 60
        ):
            return False
        if total[p] + m > avg_cap[p]:
            return False
        cap = night_cap[p]
        if cap is not None and (on_night[p] or night[s]) and total[p] + m > cap:
            return False
        days_touched = touched[p] | {
            di for di in (d, d + 1) if di < n_days and _overlaps_day(problem, d, s, di)
        }
        for w in {di // 7 for di in days_touched - touched[p]}:
            if sum(1 for di in days_touched if di // 7 == w) > 7 - need_off:
                return False
        return True

    def take(p: int, d: int, s: int) -> None:
        chosen.add((p, d, s))
        intervals[p].append(_interval(problem, d, shifts[s]))
        week_minutes[p][d // 7] += shifts[s].minutes
        total[p] += shifts[s].minutes
        on_night[p] = on_night[p] or night[s]
        touched[p] |= {di for di in (d, d + 1) if di < n_days and _overlaps_day(problem, d, s, di)}

    def order(p: int, s: int, need: str) -> tuple[float, ...]:
        person = staff[p]
        tier = TIERS.index(person.tier)
        spare_skills = len(person.skills - {need})  # keep the scarce skills for where needed
        if person.tier == TIER_OWN:
            due = person.contracted_hours * 60 * problem.weeks
            return (tier, total[p] >= due, spare_skills, total[p] / max(due, 1.0), p)
        return (tier, total[p] == 0, spare_skills, total[p], p)

    for d in range(n_days):
        for s in sorted(range(len(shifts)), key=lambda i: shifts[i].start_minute):
            sh = shifts[s]
            needs = [
                ("senior", sh.min_senior),
                ("driver", int(sh.needs_driver)),
                ("waking_night", int(sh.needs_waking_night)),
                ("staff", sh.min_staff),
            ]
            for need, count in needs:
                if count <= 0:
                    continue
                have = sum(
                    1
                    for p in range(len(staff))
                    if (p, d, s) in chosen and (need == "staff" or need in staff[p].skills)
                )
                pool = [
                    p
                    for p in range(len(staff))
                    if (need == "staff" or need in staff[p].skills) and can(p, d, s)
                ]
                for p in sorted(pool, key=lambda p: order(p, s, need)):
                    if have >= count:
                        break
                    if can(p, d, s):
                        take(p, d, s)
                        have += 1
                if have < count:
                    gaps.append(Gap(days[d], sh.code, need, count - have))
    return chosen, gaps


def solve(
    problem: RotaProblem,
    *,
    time_limit: float = 20.0,
    workers: int = 8,
    gap_limit: float = 0.01,
    progress: object | None = None,
) -> RotaResult:
    """Fill the rota. ``progress`` (optional) is called with a line of text as the solver finds
    better rotas."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = cp_model.CpModel()
    days = problem.days
    n_days = len(days)
    shifts = problem.shifts
    staff = problem.staff
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for p, person in enumerate(staff):
        for d, day in enumerate(days):
            for s in range(len(shifts)):
                if _eligible(person, day):
                    x[p, d, s] = model.new_bool_var(f"x{p}_{d}_{s}")

    objective: list[Any] = []  # stage one
    second: list[Any] = []  # stage two
    gap_vars: list[tuple[int, int, str, cp_model.IntVar]] = []

    def _cover(d: int, s: int, need: str, count: int, who: list[int]) -> None:
        if count <= 0:
            return
        slack = model.new_int_var(0, count, f"gap_{need}_{d}_{s}")
        model.add(sum(x[p, d, s] for p in who if (p, d, s) in x) + slack >= count)
        gap_vars.append((d, s, need, slack))
        objective.append(_GAP_WEIGHT * slack)

    everyone = list(range(len(staff)))
    seniors = [p for p, w in enumerate(staff) if "senior" in w.skills]
    drivers = [p for p, w in enumerate(staff) if "driver" in w.skills]
    waking = [p for p, w in enumerate(staff) if "waking_night" in w.skills]
    for d in range(n_days):
        for s, sh in enumerate(shifts):
            _cover(d, s, "staff", sh.min_staff, everyone)
            _cover(d, s, "senior", sh.min_senior, seniors)
            _cover(d, s, "driver", 1 if sh.needs_driver else 0, drivers)
            _cover(d, s, "waking_night", 1 if sh.needs_waking_night else 0, waking)

    # One shift at a time, with the daily rest between shifts.
    for clique in _conflict_cliques(problem):
        for p in everyone:
            members = [x[p, d, s] for d, s in clique if (p, d, s) in x]
            if len(members) > 1:
                model.add_at_most_one(members)

    # Weekly rest: whole days off each week (a day off: no shift touches that calendar day).
    need_off = days_off_needed(problem.rules)
    touching = {
        di: [
            (d, s)
            for d in range(max(0, di - 1), di + 1)
            for s in range(len(shifts))
            if _overlaps_day(problem, d, s, di)
        ]
        for di in range(n_days)
    }
    for p in everyone:
        for w in range(problem.weeks):
            offs = []
            for di in range(w * 7, w * 7 + 7):
                off = model.new_bool_var(f"off{p}_{di}")
                for d, s in touching[di]:
                    if (p, d, s) in x:
                        model.add_implication(off, x[p, d, s].Not())
                offs.append(off)
            if need_off:
                model.add(sum(offs) >= need_off)

    # Hours: the average over the reference period; a night worker's night limit; each person's
    # own limits.
    quarter = [sh.minutes // 15 for sh in shifts]
    night = [is_night_shift(sh, problem.rules) for sh in shifts]
    hours_q: dict[int, object] = {}
    for p, person in enumerate(staff):
        worked = sum(
            quarter[s] * x[p, d, s]
            for d in range(n_days)
            for s in range(len(shifts))
            if (p, d, s) in x
        )
        hours_q[p] = worked
        model.add(worked <= max(0, average_cap_minutes(problem, person) // 15))
        night_cap = night_cap_minutes(problem, person)
        nights = [
            x[p, d, s]
            for d in range(n_days)
            for s in range(len(shifts))
            if night[s] and (p, d, s) in x
        ]
        if night_cap is not None and nights:
            night_worker = model.new_bool_var(f"night{p}")
            for v in nights:
                model.add_implication(v, night_worker)
            model.add(worked <= max(0, night_cap // 15)).only_enforce_if(night_worker)
        if person.max_hours_week is not None:
            for w in range(problem.weeks):
                week_q = sum(
                    quarter[s] * x[p, d, s]
                    for d in range(w * 7, w * 7 + 7)
                    for s in range(len(shifts))
                    if (p, d, s) in x
                )
                model.add(week_q <= int(person.max_hours_week * 4))
        if person.tier == TIER_OWN:
            contracted_q = int(person.contracted_hours * 4 * problem.weeks)
            extra = model.new_int_var(0, 10_000, f"extra{p}")
            model.add(extra >= worked - contracted_q)
            second.append(_OWN_EXTRA_WEIGHT * extra)
        else:
            used = model.new_bool_var(f"used{p}")
            for d in range(n_days):
                for s in range(len(shifts)):
                    if (p, d, s) in x:
                        model.add_implication(x[p, d, s], used)
            second.append(_FACE_WEIGHT * used)
        if _TIER_WEIGHT[person.tier]:
            objective.append(_TIER_WEIGHT[person.tier] * worked)
        second.append(worked)

    first_cost = sum(objective)
    model.minimize(first_cost)  # type: ignore[arg-type]

    # The greedy rota keeping every hard rule: the search starts from it, and it is the answer
    # when the search finds nothing in the time allowed.
    greedy, greedy_gaps = first_fit(problem)
    for key, v in x.items():
        model.add_hint(v, key in greedy)
    missing = {(g.day, g.shift, g.need): g.missing for g in greedy_gaps}
    for d, s, need, v in gap_vars:
        model.add_hint(v, missing.get((days[d], shifts[s].code, need), 0))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers

    class _Progress(cp_model.CpSolverSolutionCallback):
        def __init__(self, stage: str) -> None:
            super().__init__()
            self.stage = stage
            self.n = 0

        def on_solution_callback(self) -> None:
            self.n += 1
            if callable(progress):
                progress(
                    f"{self.stage}: rota {self.n}, cost {self.objective_value:,.0f} "
                    f"after {time.perf_counter() - started:.1f}s"
                )

    if callable(progress):
        progress(f"first fit: {len(greedy)} shifts, {len(greedy_gaps)} gaps")
    chosen, gaps, status_word = greedy, greedy_gaps, "first fit"

    def _read() -> tuple[set[tuple[int, int, int]], list[Gap]]:
        return (
            {k for k, v in x.items() if solver.value(v)},
            [
                Gap(days[d], shifts[s].code, need, solver.value(v))
                for d, s, need, v in gap_vars
                if solver.value(v)
            ],
        )

    # Stage one: the least cover from outside the home, in the fill order; gaps last resort.
    solver.parameters.max_time_in_seconds = max(0.1, time_limit * 0.6)
    status = solver.solve(model, _Progress("cover"))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen, gaps = _read()
        status_word = "optimal" if status == cp_model.OPTIMAL else "feasible"
        best = int(solver.objective_value)
        model.clear_hints()
        for v in x.values():
            model.add_hint(v, solver.value(v))
        model.add(first_cost <= best)  # type: ignore[operator]
        model.minimize(sum(second))  # type: ignore[arg-type]
        # Stage two: fair hours and continuity, keeping stage one's cover.
        solver.parameters.max_time_in_seconds = max(
            0.5, time_limit - (time.perf_counter() - started)
        )
        solver.parameters.relative_gap_limit = gap_limit
        status2 = solver.solve(model, _Progress("hours"))
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen, gaps = _read()
    if os.environ.get("ROTA_DEBUG"):
        print(solver.objective_value, solver.best_objective_bound, solver.response_stats())
    elapsed = time.perf_counter() - started
    assignments = []
    for p, d, s in sorted(chosen, key=lambda k: (k[1], k[2], staff[k[0]].tier, k[0])):
        person = staff[p]
        hours = shifts[s].minutes / 60
        assignments.append(
            Assignment(
                day=days[d],
                shift=shifts[s].code,
                staff=person.key,
                tier=person.tier,
                hours=hours,
                cost=round(hours * person.hourly_cost, 2),
                reason=_explain(problem, chosen, p, d, s),
            )
        )
    hours_by_staff = {
        staff[p].key: sum(shifts[s].minutes for q, d, s in chosen if q == p) / 60 for p in everyone
    }
    agency = [a for a in assignments if a.tier == TIER_AGENCY]
    return RotaResult(
        status_word,
        assignments,
        gaps,
        elapsed,
        hours_by_staff,
        len(agency),
        round(sum(a.cost for a in agency), 2),
    )


def _why_not(
    problem: RotaProblem, chosen: set[tuple[int, int, int]], p: int, d: int, s: int
) -> str:
    """Why person ``p`` is not on shift ``s`` of day ``d`` (a short phrase)."""
    person = problem.staff[p]
    day = problem.days[d]
    if day in person.unavailable:
        return "on leave or not available"
    rest = int(problem.rules.daily_rest_hours * 60)
    a, b = _interval(problem, d, problem.shifts[s])
    for q, d2, s2 in chosen:
        if q != p:
            continue
        a2, b2 = _interval(problem, d2, problem.shifts[s2])
        if not (a2 >= b + rest or a >= b2 + rest):
            same = d2 == d and s2 == s
            if same:
                return "already on this shift"
            return (
                f"on the {problem.shifts[s2].name} shift of {problem.days[d2]:%a %d %b} "
                f"({problem.rules.daily_rest_hours:g} hours' rest)"
            )
    shift_minutes = problem.shifts[s].minutes
    week = d // 7
    mine = [(d2, s2) for q, d2, s2 in chosen if q == p]
    if person.max_hours_week is not None:
        week_minutes = sum(problem.shifts[s2].minutes for d2, s2 in mine if d2 // 7 == week)
        if week_minutes + shift_minutes > person.max_hours_week * 60:
            return f"at the {person.max_hours_week:g} hours a week they offered"
    rules = problem.rules
    cap = rules.opted_out_weekly_hours if person.opted_out else rules.max_average_weekly_hours
    total = sum(problem.shifts[s2].minutes for _, s2 in mine)
    if total + shift_minutes > average_cap_minutes(problem, person):
        return f"at the {cap:g}-hour weekly average over {rules.reference_weeks} weeks"
    night_cap = night_cap_minutes(problem, person)
    works_nights = is_night_shift(problem.shifts[s], rules) or any(
        is_night_shift(problem.shifts[s2], rules) for _, s2 in mine
    )
    if night_cap is not None and works_nights and total + shift_minutes > night_cap:
        return f"at the night workers' limit of {rules.night_average_hours:g} hours in 24"
    return "needing the day off for the weekly rest"


def _explain(
    problem: RotaProblem, chosen: set[tuple[int, int, int]], p: int, d: int, s: int
) -> str:
    person = problem.staff[p]
    if person.tier == TIER_OWN:
        return "the home's own staff"
    tier_index = TIERS.index(person.tier)
    earlier = [
        q
        for q, w in enumerate(problem.staff)
        if TIERS.index(w.tier) < tier_index and (q, d, s) not in chosen
    ]
    reasons = [f"{problem.staff[q].name}: {_why_not(problem, chosen, q, d, s)}" for q in earlier]
    head = f"Chosen from {TIER_LABELS[person.tier]}"
    if not reasons:
        return head + "."
    return (
        head
        + " because no one earlier in the fill order could: "
        + "; ".join(reasons[:6])
        + (f"; and {len(reasons) - 6} more" if len(reasons) > 6 else "")
        + "."
    )


def verify(problem: RotaProblem, assignments: list[Assignment]) -> list[str]:
    """Check a rota against every hard rule, independently of the solver's model. Returns the
    breaches as sentences (none: the rota keeps every rule). Gaps are not breaches here; the
    caller compares staffing separately with :func:`shortfalls`."""
    problems: list[str] = []
    by_key = {w.key: w for w in problem.staff}
    shift_by = {sh.code: sh for sh in problem.shifts}
    day_index = {day: i for i, day in enumerate(problem.days)}
    per_person: dict[str, list[tuple[int, int, Assignment]]] = {}
    for a in assignments:
        person = by_key[a.staff]
        if a.day in person.unavailable:
            problems.append(f"{person.name} is on {a.shift} on {a.day} while unavailable")
        sh = shift_by[a.shift]
        start = day_index[a.day] * 1440 + sh.start_minute
        per_person.setdefault(a.staff, []).append((start, start + sh.minutes, a))
    rest = problem.rules.daily_rest_hours * 60
    for key, items in per_person.items():
        person = by_key[key]
        items.sort(key=lambda t: t[0])
        for (_a1, b1, s1), (a2, _b2, s2) in zip(items, items[1:], strict=False):
            if a2 - b1 < rest:
                problems.append(
                    f"{person.name}: {s1.shift} on {s1.day} then {s2.shift} on {s2.day} leaves "
                    f"{(a2 - b1) / 60:g} hours' rest"
                )
        total = sum(b - a for a, b, _ in items) / 60
        rules = problem.rules
        weekly = (
            rules.opted_out_weekly_hours if person.opted_out else rules.max_average_weekly_hours
        )
        weeks = problem.weeks + person.prior_weeks
        if total + person.prior_minutes / 60 > weekly * weeks + 1e-9:
            earlier = (
                f" (with {person.prior_minutes / 60:g} in the {person.prior_weeks} weeks before)"
                if person.prior_weeks
                else ""
            )
            problems.append(
                f"{person.name}: {total:g} hours over {problem.weeks} weeks{earlier}, above an "
                f"average of {weekly:g} a week"
            )
        # Night workers: at most the night average for each 24 hours, rest days left out.
        worked_nights = any(is_night_shift(shift_by[a.shift], rules) for _, _, a in items)
        if worked_nights and rules.night_average_hours is not None:
            days = weeks * (7 - days_off_needed(rules))
            if total + person.prior_minutes / 60 > rules.night_average_hours * days + 1e-9:
                problems.append(
                    f"{person.name}: a night worker on {total + person.prior_minutes / 60:g} "
                    f"hours in {days} working days, above {rules.night_average_hours:g} in 24 "
                    f"on average"
                )
        for w in range(problem.weeks):
            lo, hi = w * 7 * 1440, (w + 1) * 7 * 1440
            # hours offered a week count the shifts that start in it
            week_hours = sum(b - a for a, b, _ in items if lo <= a < hi) / 60
            if person.max_hours_week is not None and week_hours > person.max_hours_week + 1e-9:
                problems.append(f"{person.name}: {week_hours:g} hours in week {w + 1}")
            # the longest stretch free of work inside the week, counting its edges
            busy = sorted((max(a, lo), min(b, hi)) for a, b, _ in items if a < hi and b > lo)
            longest, cursor = 0, lo
            for begin, end in busy:
                longest = max(longest, begin - cursor)
                cursor = max(cursor, end)
            longest = max(longest, hi - cursor)
            if longest < problem.rules.weekly_rest_hours * 60:
                problems.append(
                    f"{person.name}: no {problem.rules.weekly_rest_hours:g} hours' rest in week "
                    f"{w + 1}"
                )
    return problems


def shortfalls(problem: RotaProblem, assignments: list[Assignment]) -> list[Gap]:
    """Each shift's staffing, seniors, driver and waking-night worker, counted from the rota."""
    by_key = {w.key: w for w in problem.staff}
    on: dict[tuple[date, str], list[StaffSpec]] = {}
    for a in assignments:
        on.setdefault((a.day, a.shift), []).append(by_key[a.staff])
    out = []
    for day in problem.days:
        for sh in problem.shifts:
            people = on.get((day, sh.code), [])
            needs = [
                ("staff", sh.min_staff, len(people)),
                ("senior", sh.min_senior, sum("senior" in w.skills for w in people)),
                ("driver", int(sh.needs_driver), sum("driver" in w.skills for w in people)),
                (
                    "waking_night",
                    int(sh.needs_waking_night),
                    sum("waking_night" in w.skills for w in people),
                ),
            ]
            for need, want, have in needs:
                if have < want:
                    out.append(Gap(day, sh.code, need, want - have))
    return out
