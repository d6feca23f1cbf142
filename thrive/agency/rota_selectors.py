"""Reads for the residential rotas: homes, their shifts and workers, the solver's problem from
the database (with the register's absences and earlier rotas' hours), rotas as week grids, my
shifts and shift swaps. Named also in :mod:`thrive.agency.selectors`. This module is long because
the solver's problem, the week grids and the set-up page read the same homes, workers, patterns
and hours; split it by sub-area (set-up, solver, grids) when it grows again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from thrive.core import clock
from thrive.core.roles import Cap

_ONE_DAY = timedelta(days=1)


def homes_visible(access: Any) -> Any:
    from thrive.agency.models import Home

    return Home.objects.visible_to(access, Cap.ROTA_VIEW).select_related("team").order_by("name")


def home_for(access: Any, code: str) -> Any:
    return homes_visible(access).filter(code=code).first()


def home_for_pk(access: Any, pk: int) -> Any:
    return homes_visible(access).filter(pk=pk).first()


def home_of(organisation: Any, code: str) -> Any:
    from thrive.agency.models import Home

    return Home.objects.for_org(organisation).filter(code=code).first()


def home_managers(home: Any) -> list[Any]:
    """The people who manage *home*'s rota (``agency.rota.manage`` over the whole council, its
    service or its team, as :func:`thrive.agency.policy.manages_rota` decides): active, with an
    email address, their role not expired. One query."""
    from django.contrib.auth import get_user_model

    from thrive.core import clock
    from thrive.core.roles import GRANTS, Scope

    def _roles(least: Scope, below: Scope | None = None) -> list[str]:
        return [
            r
            for r, grants in GRANTS.items()
            if grants.get(Cap.ROTA_MANAGE, Scope.NONE) >= least
            and (below is None or grants.get(Cap.ROTA_MANAGE, Scope.NONE) < below)
        ]

    team = home.team
    reach = Q(role_assignments__role__in=_roles(Scope.ORG))
    if team is not None:
        reach |= Q(role_assignments__role__in=_roles(Scope.TEAM), role_assignments__team=team)
        if team.service_id is not None:
            reach |= Q(
                role_assignments__role__in=_roles(Scope.SERVICE),
                role_assignments__service_id=team.service_id,
            )
    live = Q(role_assignments__expires_at__isnull=True) | Q(
        role_assignments__expires_at__gt=clock.now()
    )
    return list(
        get_user_model()
        .objects.filter(is_active=True, role_assignments__organisation_id=home.organisation_id)
        .filter(reach & live)
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


def working_time_rules_on(on: date) -> Any:
    from thrive.agency.models import WorkingTimeRules

    return (
        WorkingTimeRules.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    )


def working_time_rules_all() -> list[Any]:
    from thrive.agency.models import WorkingTimeRules

    return list(WorkingTimeRules.objects.order_by("-effective_from"))


def night_period_minutes(starts: Any, ends: Any) -> dict[str, int]:
    """The night period as the solver's minutes from the midnight a rota day begins: an evening
    start (noon or later) is that day's evening, ending the next morning."""
    lo = starts.hour * 60 + starts.minute
    hi = ends.hour * 60 + ends.minute
    if hi <= lo:
        hi += 1440
    return {"night_start_minute": lo, "night_end_minute": hi}


# A full-time week in the register's FTE (as placements count FTE: hours a week / 37).
FULL_TIME_HOURS = 37


def register_contracts(workers: list[Any], on: date) -> dict[int, Any]:
    """The contracted hours a week the register gives the home's own staff linked to it: the
    FTE of their spells in force on *on* (agency spells aside) times a full-time week. A worker
    with no spell then is left out (their rota record's hours stand). One query."""
    from decimal import Decimal

    from thrive.people.models import Contract, EmploymentSpell

    by_person: dict[int, list[Any]] = {}
    for w in workers:
        if w.staff_member_id and w.tier == "own":
            by_person.setdefault(w.staff_member_id, []).append(w)
    fte: dict[int, Decimal] = {}
    for person_id, value in (
        EmploymentSpell.objects.filter(person_id__in=list(by_person), start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .exclude(contract=Contract.AGENCY)
        .values_list("person_id", "fte")
    ):
        fte[person_id] = fte.get(person_id, Decimal(0)) + value
    return {
        w.pk: (min(total, Decimal(1)) * FULL_TIME_HOURS).quantize(Decimal("0.01"))
        for person_id, total in fte.items()
        for w in by_person[person_id]
    }


def week_limit(worker: Any) -> float | None:
    """The most hours a week the solver may give *worker*: the hours they offered, and for the
    home's own staff with a most extra, their contract plus that extra (None: no own limit)."""
    limits = []
    if worker.max_hours_week is not None:
        limits.append(float(worker.max_hours_week))
    if worker.tier == "own" and worker.extra_hours_week is not None:
        limits.append(float(worker.contracted_hours + worker.extra_hours_week))
    return min(limits) if limits else None


def pattern_extra_hours(worker: Any) -> float:
    """The hours a week *worker* agreed to work beyond their working pattern: the home's own
    staff's most extra hours a week (blank or another tier: none)."""
    if worker.tier == "own" and worker.extra_hours_week is not None:
        return float(worker.extra_hours_week)
    return 0.0


def patterns_in_force(workers: list[Any], until: date) -> dict[int, list[Any]]:
    """Each worker's working patterns from before *until*, oldest first. One query."""
    from thrive.agency.models import WorkingPattern

    out: dict[int, list[Any]] = {}
    for row in WorkingPattern.objects.filter(
        worker__in=workers, effective_from__lte=until
    ).order_by("effective_from"):
        out.setdefault(row.worker_id, []).append(row)
    return out


def pattern_on(patterns: list[Any], day: date) -> Any:
    """The pattern in force on *day* (the latest from on or before it), or None."""
    found = None
    for row in patterns:
        if row.effective_from <= day:
            found = row
    return found


def off_pattern(
    workers: list[Any], shifts: list[Any], starts: date, weeks: int
) -> dict[int, set[tuple[date, str]]]:
    """The (day, shift code) of the rota outside each worker's working pattern (a worker with
    no pattern in force on a day: none that day). *shifts* are the solver's shift specs."""
    days = [starts + timedelta(days=i) for i in range(7 * weeks)]
    out: dict[int, set[tuple[date, str]]] = {}
    for pk, rows in patterns_in_force(workers, days[-1]).items():
        for day in days:
            pattern = pattern_on(rows, day)
            if pattern is None:
                continue
            for sh in shifts:
                if not pattern.fits(day, sh.start_minute, sh.end_minute):
                    out.setdefault(pk, set()).add((day, sh.code))
    return out


def rota_problem(
    home: Any, starts: date, weeks: int
) -> tuple[Any, Any, dict[str, Any], dict[str, Any]]:
    """The solver's problem for *home* from the database: its shifts, its workers with their
    skills and limits, their leave (the worker's own dates and the register's absences) and the
    working-time facts in force on *starts*."""
    from thrive.agency import rota_solver as rs
    from thrive.agency.models import RotaShift, RotaUnavailable, RotaWorker
    from thrive.people.models import Absence

    ends = starts + timedelta(days=7 * weeks - 1)
    rules_row = working_time_rules_on(starts)
    rules = (
        rs.RotaRules(
            daily_rest_hours=float(rules_row.daily_rest_hours),
            weekly_rest_hours=float(rules_row.weekly_rest_hours),
            max_average_weekly_hours=float(rules_row.max_average_weekly_hours),
            opted_out_weekly_hours=float(rules_row.opted_out_weekly_hours),
            reference_weeks=rules_row.reference_weeks,
            night_average_hours=(
                float(rules_row.night_average_hours)
                if rules_row.night_average_hours is not None
                else None
            ),
            **night_period_minutes(rules_row.night_starts, rules_row.night_ends),
            night_minimum_hours=float(rules_row.night_minimum_hours),
        )
        if rules_row
        else rs.RotaRules()
    )
    shift_rows = list(RotaShift.objects.filter(home=home).order_by("order", "starts"))
    specs = []
    for sh in shift_rows:
        start = sh.starts.hour * 60 + sh.starts.minute
        end = sh.ends.hour * 60 + sh.ends.minute
        if end <= start:
            end += 1440
        specs.append(
            rs.ShiftSpec(
                code=sh.code,
                name=sh.name,
                start_minute=start,
                end_minute=end,
                min_staff=sh.min_staff,
                min_senior=sh.min_senior,
                needs_driver=sh.needs_driver,
                needs_waking_night=sh.needs_waking_night,
                sleep_in=sh.sleep_in,
            )
        )
    worker_rows = list(RotaWorker.objects.filter(home=home, active=True).order_by("tier", "name"))
    off: dict[int, set[date]] = {w.pk: set() for w in worker_rows}

    def _mark(pk: int, a: date, b: date) -> None:
        day = max(a, starts)
        while day <= min(b, ends):
            off[pk].add(day)
            day += _ONE_DAY

    for u in RotaUnavailable.objects.filter(
        worker__in=worker_rows, start_date__lte=ends, end_date__gte=starts
    ):
        _mark(u.worker_id, u.start_date, u.end_date)
    by_person: dict[int, list[int]] = {}
    for w in worker_rows:
        if w.staff_member_id:
            by_person.setdefault(w.staff_member_id, []).append(w.pk)
    for ab in Absence.objects.filter(
        person_id__in=list(by_person), start_date__lte=ends, end_date__gte=starts
    ):
        for pk in by_person[ab.person_id]:
            _mark(pk, ab.start_date, ab.end_date)
    weeks_before = rules.reference_weeks - weeks
    covered = _covered_days(home, starts, weeks_before)
    prior_weeks, prior = _earlier_hours(worker_rows, starts, covered)
    recorded_weeks, recorded = _recorded_hours(worker_rows, starts, weeks_before, covered)
    outside = off_pattern(worker_rows, specs, starts, weeks)
    staff = [
        rs.StaffSpec(
            key=str(w.pk),
            name=w.name,
            tier=w.tier,
            skills=frozenset(
                s
                for s, on in (
                    ("senior", w.senior),
                    ("driver", w.driver),
                    ("waking_night", w.waking_night),
                )
                if on
            ),
            contracted_hours=float(w.contracted_hours),
            max_hours_week=week_limit(w),
            opted_out=w.opted_out,
            unavailable=frozenset(off[w.pk]),
            hourly_cost=float(w.hourly_cost),
            prior_minutes=prior.get(w.pk, 0) + recorded.get(w.pk, 0),
            prior_weeks=prior_weeks + recorded_weeks.get(w.pk, 0),
            off_pattern=frozenset(outside.get(w.pk, ())),
            off_pattern_hours_week=pattern_extra_hours(w),
        )
        for w in worker_rows
    ]
    problem = rs.RotaProblem(start=starts, weeks=weeks, shifts=specs, staff=staff, rules=rules)
    return (
        problem,
        rules_row,
        {sh.code: sh for sh in shift_rows},
        {str(w.pk): w for w in worker_rows},
    )


def _covered_days(home: Any, starts: date, weeks_before: int) -> set[date]:
    """The days of the *weeks_before* weeks before *starts* that *home*'s published rotas
    cover. One query."""
    from thrive.agency.models import Rota, RotaStatus

    if weeks_before <= 0:
        return set()
    first = starts - timedelta(days=7 * weeks_before)
    covered: set[date] = set()
    for r in Rota.objects.filter(
        home=home,
        status=RotaStatus.PUBLISHED,
        starts__lt=starts,
        starts__gte=first - timedelta(days=56),
    ).only("starts", "weeks"):
        covered |= {
            r.starts + timedelta(days=i)
            for i in range(7 * r.weeks)
            if first <= r.starts + timedelta(days=i) < starts
        }
    return covered


def _recorded_hours(
    worker_rows: list[Any], starts: date, weeks_before: int, covered: set[date]
) -> tuple[dict[int, int], dict[int, int]]:
    """Weeks of the reference period before *starts* that no published rota covers, with the
    hours a manager recorded for them (:class:`RotaHoursWorked`; a worker linked to the
    register: recorded at any of the council's homes). Per worker: the weeks and the minutes.
    One query."""
    from thrive.agency.models import RotaHoursWorked

    if weeks_before <= 0:
        return {}, {}
    first = starts - timedelta(days=7 * weeks_before)
    by_person = {w.staff_member_id: w.pk for w in worker_rows if w.staff_member_id}
    ours = {w.pk for w in worker_rows}
    weeks: dict[int, set[date]] = {}
    minutes: dict[int, int] = {}
    rows = (
        RotaHoursWorked.objects.filter(
            week_starts__gte=first, week_starts__lte=starts - timedelta(days=7)
        )
        .filter(Q(worker_id__in=ours) | Q(worker__staff_member_id__in=list(by_person)))
        .values_list("week_starts", "hours", "worker_id", "worker__staff_member_id")
    )
    for week, hours, worker_id, person_id in rows:
        if any(week + timedelta(days=i) in covered for i in range(7)):
            continue  # a published rota holds that week's hours
        pk = worker_id if worker_id in ours else by_person.get(person_id)
        if pk is None:
            continue
        weeks.setdefault(pk, set()).add(week)
        minutes[pk] = minutes.get(pk, 0) + int(hours * 60)
    return {pk: len(w) for pk, w in weeks.items()}, minutes


def _earlier_hours(
    worker_rows: list[Any], starts: date, covered: set[date]
) -> tuple[int, dict[int, int]]:
    """The weeks of *covered* (the reference period's days before *starts* that the home's
    published rotas cover, :func:`_covered_days`) and the minutes each worker was rostered on
    those days (a worker linked to the register: their shifts at any of the council's homes).
    One query."""
    from thrive.agency.models import RotaAssignment, RotaStatus

    if not covered:
        return 0, {}
    by_person = {w.staff_member_id: w.pk for w in worker_rows if w.staff_member_id}
    ours = {w.pk for w in worker_rows}
    minutes: dict[int, int] = {}
    rows = (
        RotaAssignment.objects.filter(
            rota__status=RotaStatus.PUBLISHED, day__gte=min(covered), day__lt=starts
        )
        .filter(Q(worker_id__in=ours) | Q(worker__staff_member_id__in=list(by_person)))
        .values_list("day", "hours", "worker_id", "worker__staff_member_id")
    )
    for day, hours, worker_id, person_id in rows:
        if day not in covered:
            continue
        pk = worker_id if worker_id in ours else by_person.get(person_id)
        if pk is None:
            continue
        minutes[pk] = minutes.get(pk, 0) + int(hours * 60)
    return len(covered) // 7, minutes


def home_setup(home: Any, today: date | None = None) -> tuple[list[Any], list[Any]]:
    """*home*'s shifts in their order and the workers its rota may use, each with their register
    record, ``toil_hours`` (time off in lieu earned and not taken), ``leave`` (their days off
    ending today or later), ``pattern`` (their working pattern in force today, or None) and
    ``patterns_coming`` (those from a later date). Five queries however many workers."""
    from django.db.models import Prefetch, Sum

    from thrive.agency.models import RotaShift, RotaUnavailable, RotaWorker, WorkingPattern

    leave = RotaUnavailable.objects.order_by("start_date")
    if today is not None:
        leave = leave.filter(end_date__gte=today)
    workers = list(
        RotaWorker.objects.filter(home=home)
        .select_related("staff_member")
        .annotate(toil_hours=Sum("toil__hours"))
        .prefetch_related(
            Prefetch("unavailable", queryset=leave, to_attr="leave"),
            Prefetch(
                "patterns",
                queryset=WorkingPattern.objects.order_by("effective_from"),
                to_attr="pattern_rows",
            ),
        )
        .order_by("tier", "name")
    )
    on = today or clock.today()
    for w in workers:
        w.hours_text = worker_hours_text(w)  # type: ignore[attr-defined]
        w.pattern = pattern_on(w.pattern_rows, on)  # type: ignore[attr-defined]
        w.patterns_coming = [p for p in w.pattern_rows if p.effective_from > on]  # type: ignore[attr-defined]
    return (list(RotaShift.objects.filter(home=home).order_by("order", "starts")), workers)


def hours_recorded(home: Any, today: date) -> list[Any]:
    """Hours recorded for *home*'s workers in weeks before Thrive held a published rota, over
    the last reference period (the rules in force today). Two queries."""
    from thrive.agency.models import RotaHoursWorked

    return list(
        RotaHoursWorked.objects.filter(worker__home=home, week_starts__gte=hours_shown_since(today))
        .select_related("worker")
        .order_by("worker__name", "week_starts")
    )


def hours_shown_since(today: date) -> date:
    """The first week :func:`hours_recorded` lists: the last reference period's (one query)."""
    rules_row = working_time_rules_on(today)
    return today - timedelta(days=7 * (rules_row.reference_weeks if rules_row else 17))


def worker_hours_text(worker: Any) -> str:
    """A worker's hours a week in words: the contract (from the register when linked) and the
    most extra for the home's own staff, the hours offered for anyone who set them."""

    def _h(v: Any) -> str:
        return format(v.normalize(), "f")

    parts = []
    if worker.tier == "own":
        parts.append(
            f"{_h(worker.contracted_hours)} contracted"
            + (" (the register)" if worker.staff_member_id else "")
        )
        if worker.extra_hours_week is not None:
            parts.append(f"{_h(worker.extra_hours_week)} extra at most")
    if worker.max_hours_week is not None:
        parts.append(f"{_h(worker.max_hours_week)} offered")
    return ", ".join(parts)


def rotas_of_home(home: Any) -> list[Any]:
    from thrive.agency.models import Rota

    return list(Rota.objects.filter(home=home).order_by("-starts"))


def rota_of_home(home: Any, pk: int) -> Any:
    from thrive.agency.models import Rota

    return Rota.objects.filter(home=home, pk=pk).select_related("rules", "home").first()


@dataclass
class RotaWeek:
    label: str
    days: list[date]
    rows: list[tuple[Any, list[list[Any]]]]  # (shift, per day the assignments)
    gaps: dict[tuple[date, int], list[Any]]


def rota_weeks(rota: Any) -> tuple[list[RotaWeek], list[Any], list[Any]]:
    """The rota as week grids (shift × day), its assignments and its gaps (four queries)."""
    from thrive.agency.models import RotaAssignment, RotaGap, RotaShift

    shifts = list(RotaShift.objects.filter(home_id=rota.home_id).order_by("order", "starts"))
    assignments = list(
        RotaAssignment.objects.filter(rota=rota)
        .select_related("worker", "shift")
        .order_by("day", "tier")
    )
    gaps = list(RotaGap.objects.filter(rota=rota).select_related("shift").order_by("day"))
    cell: dict[tuple[date, int], list[Any]] = {}
    for a in assignments:
        cell.setdefault((a.day, a.shift_id), []).append(a)
    gap_cell: dict[tuple[date, int], list[Any]] = {}
    for g in gaps:
        gap_cell.setdefault((g.day, g.shift_id), []).append(g)
    weeks = []
    for w in range(rota.weeks):
        days = [rota.starts + timedelta(days=7 * w + i) for i in range(7)]
        rows = [(sh, [cell.get((d, sh.pk), []) for d in days]) for sh in shifts]
        weeks.append(RotaWeek(f"Week {w + 1}, from {days[0]:%d %B}", days, rows, gap_cell))
    return weeks, assignments, gaps


def rota_hours(assignments: list[Any], weeks: int = 1) -> list[dict[str, Any]]:
    """Hours and shifts per person on a rota over its *weeks*, with ``extra``: hours beyond
    contract for home staff and every hour for the cover pool (beyond their own service's job),
    taken as ``extra_as`` (time off in lieu or payment, the worker's choice)."""
    people: dict[int, dict[str, Any]] = {}
    for a in assignments:
        row = people.setdefault(
            a.worker_id, {"worker": a.worker, "shifts": 0, "hours": 0.0, "cost": 0.0}
        )
        row["shifts"] += 1
        row["hours"] += float(a.hours)
        row["cost"] += float(a.cost)
    for row in people.values():
        w = row["worker"]
        if w.tier == "own":
            row["extra"] = max(0.0, row["hours"] - float(w.contracted_hours) * weeks)
        else:
            row["extra"] = row["hours"] if w.tier == "cover_pool" else 0.0
        row["extra_as"] = w.get_extra_hours_as_display() if row["extra"] else ""
    return sorted(people.values(), key=lambda r: (r["worker"].tier, r["worker"].name))


def rota_now_breaks(rota: Any, assignments: list[Any]) -> list[str]:
    """The hard rules *rota* (its saved *assignments*) breaks as things are now — leave or an
    absence recorded since it was filled, a working-time fact changed — checked independently of
    the solver. Empty when it keeps every rule."""
    from thrive.agency.rota_solver import Assignment, verify

    problem, _, _, workers = rota_problem(rota.home, rota.starts, rota.weeks)
    key = {w.pk: k for k, w in workers.items()}
    saved = [
        Assignment(a.day, a.shift.code, key[a.worker_id], a.tier, float(a.hours), 0)
        for a in assignments
        if a.worker_id in key
    ]
    return verify(problem, saved)


def rota_changes(revision: Any) -> list[dict[str, Any]]:
    """What a revision changes from the rota it revises: each (day, shift) where someone comes
    off (``off``) or goes on (``on``, with why). Two queries."""
    from thrive.agency.models import RotaAssignment

    if revision.revises_id is None:
        return []

    def _of(rota_id: int) -> dict[tuple[Any, int, int], Any]:
        return {
            (a.day, a.shift_id, a.worker_id): a
            for a in RotaAssignment.objects.filter(rota_id=rota_id).select_related(
                "worker", "shift"
            )
        }

    before, after = _of(revision.revises_id), _of(revision.pk)
    changes: dict[tuple[Any, int], dict[str, Any]] = {}
    for k in before.keys() - after.keys():
        a = before[k]
        row = changes.setdefault((a.day, a.shift_id), {"day": a.day, "shift": a.shift})
        row.setdefault("off", []).append(a)
    for k in after.keys() - before.keys():
        a = after[k]
        row = changes.setdefault((a.day, a.shift_id), {"day": a.day, "shift": a.shift})
        row.setdefault("on", []).append(a)
    return sorted(changes.values(), key=lambda r: (r["day"], r["shift"].order, r["shift"].starts))


def extra_hours_totals(hours: list[dict[str, Any]]) -> dict[str, float]:
    """Extra hours on a rota totalled by how they are taken (time off in lieu, payment)."""
    totals: dict[str, float] = {}
    for row in hours:
        if row["extra"]:
            totals[row["extra_as"]] = totals.get(row["extra_as"], 0.0) + row["extra"]
    return totals


def my_shifts(user: Any, organisation: Any, since: date) -> list[Any]:
    """The published shifts from *since* of the rota workers linked to *user*'s staff record."""
    from thrive.agency.models import RotaAssignment, RotaStatus

    return list(
        RotaAssignment.objects.for_org(organisation)
        .filter(
            worker__staff_member__user=user,
            rota__status=RotaStatus.PUBLISHED,
            day__gte=since,
        )
        .select_related("shift", "rota__home", "worker")
        .order_by("day", "shift__starts")
    )


def my_shift(user: Any, organisation: Any, pk: int) -> Any:
    """One of *user*'s published shifts (None when it is not theirs)."""
    from thrive.agency.models import RotaAssignment, RotaStatus

    return (
        RotaAssignment.objects.for_org(organisation)
        .filter(pk=pk, worker__staff_member__user=user, rota__status=RotaStatus.PUBLISHED)
        .select_related("shift", "rota__home", "worker__staff_member")
        .first()
    )


def swap_choices(give: Any, since: date) -> tuple[list[Any], list[Any]]:
    """Who could take *give* (the home's other active workers) and their shifts on the same
    rota from *since* (to exchange for). Two queries."""
    from thrive.agency.models import RotaAssignment, RotaWorker

    colleagues = list(
        RotaWorker.objects.filter(home_id=give.rota.home_id, active=True)
        .exclude(pk=give.worker_id)
        .order_by("name")
    )
    theirs = list(
        RotaAssignment.objects.filter(rota_id=give.rota_id, day__gte=since)
        .exclude(worker_id=give.worker_id)
        .select_related("shift", "worker")
        .order_by("day", "shift__starts", "worker__name")
    )
    return colleagues, theirs


def my_swaps(user: Any, organisation: Any) -> list[Any]:
    """The swaps *user* asked for, newest first."""
    from thrive.agency.models import ShiftSwap

    return list(
        ShiftSwap.objects.for_org(organisation)
        .filter(asker__staff_member__user=user)
        .select_related("give__shift", "take__shift", "colleague")
        .order_by("-created_at")[:20]
    )


def home_swaps(home: Any, pending_only: bool = False) -> list[Any]:
    """Swaps asked for on *home*'s rotas, waiting ones first (one query)."""
    from thrive.agency.models import ShiftSwap, SwapStatus

    rows = ShiftSwap.objects.filter(give__rota__home=home)
    if pending_only:
        rows = rows.filter(status=SwapStatus.REQUESTED)
    return sorted(
        rows.select_related(
            "give__shift", "asker", "take__shift", "colleague", "give__rota"
        ).order_by("-created_at")[:50],
        key=lambda w: w.status != SwapStatus.REQUESTED,
    )


def home_swap(home: Any, pk: int) -> Any:
    from thrive.agency.models import ShiftSwap

    return ShiftSwap.objects.filter(give__rota__home=home, pk=pk).first()


def rota_email_settings(organisation: Any) -> list[Any]:
    """The council's dated settings for the rota's emails, latest first. One query."""
    from thrive.agency.models import RotaEmailSetting

    return list(
        RotaEmailSetting.objects.filter(organisation=organisation).order_by(
            "kind", "-effective_from"
        )
    )


def rota_worker_at(home: Any, pk: int) -> Any:
    """The home's rota worker *pk*, or None (a worker of another home is None too)."""
    from thrive.agency.models import RotaWorker

    return RotaWorker.objects.filter(home=home, pk=pk).first()
