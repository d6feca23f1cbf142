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

import os
import time
from typing import Any

from thrive.agency.rota_check import shortfalls, verify
from thrive.agency.rota_first_fit import first_fit
from thrive.agency.rota_model import (
    _FACE_WEIGHT,
    _GAP_WEIGHT,
    _OWN_EXTRA_WEIGHT,
    _TIER_WEIGHT,
    SKILLS,
    TIER_AGENCY,
    TIER_BANK,
    TIER_COVER,
    TIER_LABELS,
    TIER_OWN,
    TIERS,
    Assignment,
    Gap,
    RotaProblem,
    RotaResult,
    RotaRules,
    ShiftSpec,
    StaffSpec,
    _conflict_cliques,
    _eligible,
    _interval,
    _overlaps_day,
    average_cap_minutes,
    days_off_needed,
    is_night_shift,
    night_cap_minutes,
    off_pattern_minutes_week,
    outside_pattern,
)

__all__ = [
    "Assignment",
    "Gap",
    "RotaProblem",
    "RotaResult",
    "RotaRules",
    "SKILLS",
    "ShiftSpec",
    "StaffSpec",
    "TIERS",
    "TIER_AGENCY",
    "TIER_BANK",
    "TIER_COVER",
    "TIER_LABELS",
    "TIER_OWN",
    "average_cap_minutes",
    "days_off_needed",
    "first_fit",
    "is_night_shift",
    "night_cap_minutes",
    "shortfalls",
    "solve",
    "verify",
]


def solve(
    problem: RotaProblem,
    *,
    time_limit: float = 20.0,
    workers: int = 8,
    gap_limit: float = 0.01,
    progress: object | None = None,
    fixed: set[tuple[int, int, int]] | None = None,
    open_slots: set[tuple[int, int]] | None = None,
) -> RotaResult:
    """Fill the rota. ``progress`` (optional) is called with a line of text as the solver finds
    better rotas.

    Re-filling a rota (*open_slots* given, as (day index, shift index)): every (person, day
    index, shift index) of *fixed* stays, no one else is put on a shift outside *open_slots*,
    and only those shifts are filled again (the rest of the rota kept as it is)."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = cp_model.CpModel()
    days = problem.days
    n_days = len(days)
    shifts = problem.shifts
    staff = problem.staff
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    kept_shifts = fixed or set()
    for p, person in enumerate(staff):
        for d, day in enumerate(days):
            for s in range(len(shifts)):
                # a kept shift stays even when leave is recorded since (a day already worked)
                # outside the working pattern only when extra hours were agreed
                fits = not outside_pattern(person, day, shifts[s]) or (
                    off_pattern_minutes_week(person) >= shifts[s].minutes
                )
                if (_eligible(person, day) and fits) or (p, d, s) in kept_shifts:
                    x[p, d, s] = model.new_bool_var(f"x{p}_{d}_{s}")

    if open_slots is not None:
        kept = fixed or set()
        for (p, d, s), v in x.items():
            if (p, d, s) in kept:
                model.add(v == 1)
            elif (d, s) not in open_slots:
                model.add(v == 0)

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
        if person.off_pattern:
            allowed_q = off_pattern_minutes_week(person) // 15
            for w in range(problem.weeks):
                off_q = [
                    quarter[s] * x[p, d, s]
                    for d in range(w * 7, w * 7 + 7)
                    for s in range(len(shifts))
                    if (p, d, s) in x
                    and (p, d, s) not in kept_shifts
                    and outside_pattern(person, days[d], shifts[s])
                ]
                if off_q:
                    model.add(sum(off_q) <= allowed_q)
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
    greedy, greedy_gaps = first_fit(problem, fixed, open_slots)
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
    if outside_pattern(person, day, problem.shifts[s]):
        allowed = off_pattern_minutes_week(person)
        used = sum(
            problem.shifts[s2].minutes
            for q, d2, s2 in chosen
            if q == p
            and d2 // 7 == d // 7
            and outside_pattern(person, problem.days[d2], problem.shifts[s2])
        )
        if used + problem.shifts[s].minutes > allowed:
            return "outside their working pattern" + (
                f" (the {person.off_pattern_hours_week:g} extra hours a week agreed are used)"
                if allowed
                else ""
            )
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
