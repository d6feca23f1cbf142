"""A rota checked against every hard rule independently of the solver's model: the tests, the
benchmark and shift swaps use it on whatever rota they have (solved, saved, or with a swap)."""

from __future__ import annotations

from datetime import date

from thrive.agency.rota_model import (
    Assignment,
    Gap,
    RotaProblem,
    StaffSpec,
    days_off_needed,
    is_night_shift,
    off_pattern_minutes_week,
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
            # the working pattern: shifts outside it only within the extra hours agreed
            off_hours = (
                sum(
                    b - a
                    for a, b, x in items
                    if lo <= a < hi and (x.day, x.shift) in person.off_pattern
                )
                / 60
            )
            if off_hours > off_pattern_minutes_week(person) / 60 + 1e-9:
                agreed = person.off_pattern_hours_week
                problems.append(
                    f"{person.name}: {off_hours:g} hours outside their working pattern in week "
                    f"{w + 1}" + (f", above the {agreed:g} extra hours agreed" if agreed else "")
                )
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
