"""The rota solver's greedy first fit: a rota keeping every hard rule, built before the search.
It is the search's starting point (a hint) and its answer when the search finds nothing in the
time allowed, so a rota is always filled however busy the machine."""

from __future__ import annotations

from thrive.agency.rota_model import (
    TIER_OWN,
    TIERS,
    Gap,
    RotaProblem,
    _interval,
    _overlaps_day,
    average_cap_minutes,
    days_off_needed,
    is_night_shift,
    night_cap_minutes,
    off_pattern_minutes_week,
    outside_pattern,
)


def first_fit(
    problem: RotaProblem,
    fixed: set[tuple[int, int, int]] | None = None,
    open_slots: set[tuple[int, int]] | None = None,
) -> tuple[set[tuple[int, int, int]], list[Gap]]:
    """A rota keeping every hard rule, built greedily: each day's shifts in turn, each need
    (seniors, driver, waking night, then staff) filled in the fill order, within a tier the
    least-used (own staff) or already-used (outside the home: fewer faces) first. Returns the
    chosen (person, day, shift) and the gaps left.

    Re-filling (*open_slots* given): the *fixed* (person, day, shift) are kept as they are and
    only the (day, shift) of *open_slots* are filled further; the others' gaps stay reported."""
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
    off_week_minutes = [[0] * problem.weeks for _ in staff]
    off_allowed = [off_pattern_minutes_week(w) for w in staff]
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
        if outside_pattern(person, days[d], shifts[s]) and (
            off_week_minutes[p][d // 7] + m > off_allowed[p]
        ):
            return False
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
        if outside_pattern(staff[p], days[d], shifts[s]):
            off_week_minutes[p][d // 7] += shifts[s].minutes
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

    for p, d, s in sorted(fixed or ()):
        take(p, d, s)
    for d in range(n_days):
        for s in sorted(range(len(shifts)), key=lambda i: shifts[i].start_minute):
            sh = shifts[s]
            refill = open_slots is None or (d, s) in open_slots
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
                for p in sorted(pool, key=lambda p: order(p, s, need)) if refill else ():
                    if have >= count:
                        break
                    if can(p, d, s):
                        take(p, d, s)
                        have += 1
                if have < count:
                    gaps.append(Gap(days[d], sh.code, need, count - have))
    return chosen, gaps
