"""Writes for a residential home's rota set-up: the home, its daily shifts and the workers its
rota may use (with the days each cannot work). One at a time (a rota manager's page) or many at
once (a home brought to Thrive, the demo, the tests): the same checks, the same audit entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from thrive.agency.models import (
    CoverTier,
    ExtraHoursAs,
    Home,
    RotaShift,
    RotaUnavailable,
    RotaWorker,
    ToilEntry,
    WorkingPattern,
)
from thrive.agency.services.patterns import pattern_checked
from thrive.core import clock
from thrive.core.audit import audit_log, audit_log_many
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation, StaffMember, Team
from thrive.people.services import full_clean_or_raise


@transaction.atomic
def home_add(
    *,
    organisation: Organisation,
    code: str,
    name: str,
    kind: str,
    actor: Any,
    team: Team | None = None,
) -> Home:
    """A children's home or No Wrong Door hub whose rota Thrive will fill."""
    if team is not None and team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.", field="team")
    if Home.objects.for_org(organisation).filter(code=code).exists():
        raise ThriveError(f"The council already has a home with the code {code}.", field="code")
    home = Home(organisation=organisation, code=code, name=name.strip(), kind=kind, team=team)
    full_clean_or_raise(home, validate_constraints=False)
    home.save()
    audit_log(
        action="agency.home_added", user=actor, organisation=organisation, obj=home, summary=name
    )
    return home


def _audit_added(home: Home, action: str, rows: Sequence[Any], actor: Any) -> None:
    """One audit entry a row added to *home* (its shifts or rota workers), written together."""
    audit_log_many(
        {
            "action": action,
            "user": actor,
            "organisation": home.organisation,
            "obj": row,
            "summary": f"{home}: {row}",
        }
        for row in rows
    )


@transaction.atomic
def shifts_add(*, home: Home, shifts: Sequence[RotaShift], actor: Any) -> list[RotaShift]:
    """Add *home*'s daily shifts (each with its code, name, times and staffing); a code is used
    once in a home. Every shift checked before any is written; a fixed number of queries."""
    codes = set(RotaShift.objects.filter(home=home).values_list("code", flat=True))
    for shift in shifts:
        if shift.code in codes:
            raise ThriveError(
                f"{home} already has a shift with the code {shift.code}.", field="code"
            )
        codes.add(shift.code)
        shift.organisation_id, shift.home = home.organisation_id, home
        # The code was checked once per home above and min_staff by its own rule: no query each.
        full_clean_or_raise(
            shift,
            exclude=["organisation", "home"],
            validate_unique=False,
            validate_constraints=False,
        )
        if shift.min_staff < 1:
            raise ThriveError("A shift needs at least one person.", field="min_staff")
        if shift.min_senior > shift.min_staff:
            raise ThriveError(
                "A shift cannot need more seniors than staff in all.", field="min_senior"
            )
    RotaShift.objects.bulk_create(shifts, batch_size=1000)
    _audit_added(home, "agency.shift_added", shifts, actor)
    return list(shifts)


def shift_add(*, home: Home, actor: Any, **fields: Any) -> RotaShift:
    """Add one of *home*'s daily shifts (the fields of a :class:`RotaShift`)."""
    (shift,) = shifts_add(home=home, shifts=[RotaShift(**fields)], actor=actor)
    return shift


@transaction.atomic
def rota_workers_add(
    *,
    home: Home,
    workers: Sequence[RotaWorker],
    actor: Any,
    unavailable: Sequence[RotaUnavailable] = (),
    patterns: Sequence[WorkingPattern] = (),
) -> list[RotaWorker]:
    """Add the people *home*'s rota may use (its own staff, the cover pool, bank and agency
    workers) and, in *unavailable*, the days each cannot work and, in *patterns*, the days
    (and hours) each works from a date (their ``worker`` one of *workers*; checked as
    :func:`working_pattern_set` checks one). A worker linked to the register must work for the
    council. Every row checked before any is written; a fixed number of queries."""
    staff = set(
        StaffMember.objects.for_org(home.organisation)
        .filter(pk__in={w.staff_member_id for w in workers if w.staff_member_id})
        .values_list("pk", flat=True)
    )
    for worker in workers:
        if worker.staff_member_id is not None and worker.staff_member_id not in staff:
            raise ThriveError("That person works for another council.", field="staff_member")
        worker.organisation_id, worker.home = home.organisation_id, home
        worker.name = worker.name.strip()
        full_clean_or_raise(
            worker,
            exclude=["organisation", "home", "staff_member"],
            validate_constraints=False,
        )
        if worker.contracted_hours < 0 or worker.hourly_cost < 0:
            raise ThriveError("Hours and cost cannot be negative.", field="contracted_hours")
    ours = {id(w) for w in workers}
    for days in unavailable:
        if id(days.worker) not in ours:
            raise ThriveError("Unavailable days belong to a worker being added.")
        if days.end_date < days.start_date:
            raise ThriveError("The last day must be on or after the first day.", field="end_date")
        days.organisation_id = home.organisation_id
        full_clean_or_raise(days, exclude=["organisation", "worker"], validate_constraints=False)
    seen: set[tuple[int, date]] = set()
    for pattern in patterns:
        if id(pattern.worker) not in ours:
            raise ThriveError("A working pattern belongs to a worker being added.")
        if (id(pattern.worker), pattern.effective_from) in seen:
            raise ThriveError("One pattern a worker from each date.", field="effective_from")
        seen.add((id(pattern.worker), pattern.effective_from))
        pattern_checked(pattern.weekdays, pattern.day_starts, pattern.day_ends)
        pattern.organisation_id = home.organisation_id
        pattern.recorded_by = actor if getattr(actor, "pk", None) else None
        full_clean_or_raise(
            pattern, exclude=["organisation", "worker", "recorded_by"], validate_constraints=False
        )
    RotaWorker.objects.bulk_create(workers, batch_size=1000)
    for days in unavailable:
        days.worker = days.worker  # the worker's id, now it has one
    RotaUnavailable.objects.bulk_create(unavailable, batch_size=1000)
    for pattern in patterns:
        pattern.worker = pattern.worker
    WorkingPattern.objects.bulk_create(patterns, batch_size=1000)
    _audit_added(home, "agency.rota_worker_added", workers, actor)
    _audit_added(home, "agency.working_pattern_set", patterns, actor)
    return list(workers)


def _register_person(organisation: Organisation, staff_id: str) -> StaffMember:
    person = StaffMember.objects.for_org(organisation).filter(staff_id=staff_id.strip()).first()
    if person is None:
        raise ThriveError(
            f"No one in the council's register has the staff ID {staff_id.strip()}.",
            field="staff_id",
        )
    return person


def rota_worker_add(
    *,
    home: Home,
    actor: Any,
    unavailable: Sequence[tuple[Any, Any, str]] = (),
    staff_id: str = "",
    **fields: Any,
) -> RotaWorker:
    """Add one person *home*'s rota may use (the fields of a :class:`RotaWorker`), with the
    days they cannot work as (first day, last day, reason). *staff_id*: the register's person
    they are (their name taken from the register when none is given)."""
    if staff_id.strip():
        person = _register_person(home.organisation, staff_id)
        fields["staff_member"] = person
        if not str(fields.get("name") or "").strip():
            fields["name"] = f"{person.first_name} {person.last_name}".strip()
    if not str(fields.get("name") or "").strip():
        raise ThriveError(
            "Enter the worker's name, or their staff ID in the register.", field="name"
        )
    worker = RotaWorker(**fields)
    days = [
        RotaUnavailable(worker=worker, start_date=start, end_date=end, reason=reason)
        for start, end, reason in unavailable
    ]
    (added,) = rota_workers_add(home=home, workers=[worker], unavailable=days, actor=actor)
    return added


@transaction.atomic
def rota_worker_link(*, worker: RotaWorker, staff_id: str, version: int, actor: Any) -> RotaWorker:
    """Link *worker* to the register's person with *staff_id* (the council's own staff): their
    absences in the register then keep them off the rota and they see their shifts. *version*
    is the version of the worker that was shown: a change since is refused."""
    locked = RotaWorker.objects.select_for_update().get(pk=worker.pk)
    if locked.version != version:
        raise ThriveError(
            f"{locked.name} was changed since you opened the page; look again.", field="staff_id"
        )
    person = _register_person(locked.home.organisation, staff_id)
    clash = (
        RotaWorker.objects.filter(home_id=locked.home_id, staff_member=person)
        .exclude(pk=locked.pk)
        .first()
    )
    if clash is not None:
        raise ThriveError(
            f"{person.staff_id} is already linked to {clash.name} in this home.", field="staff_id"
        )
    locked.staff_member = person
    locked.version += 1
    locked.save(update_fields=["staff_member", "version", "updated_at"])
    audit_log(
        action="agency.rota_worker_linked",
        user=actor,
        organisation=locked.home.organisation,
        obj=locked,
        summary=f"{locked.name} is {person.staff_id} in the register",
    )
    if rota_workers_contract_sync(home=locked.home, on=clock.today(), actor=actor):
        locked.refresh_from_db()
    return locked


def _h(v: Decimal | None) -> str:
    """Hours as few figures as they need (18.5, 40), or "none"."""
    return "none" if v is None else format(Decimal(v).normalize(), "f")


@transaction.atomic
def rota_workers_contract_sync(*, home: Home, on: date, actor: Any) -> list[RotaWorker]:
    """The home's own staff linked to the register take their contracted hours a week from it
    (their FTE in force on *on* times a full-time week): the solver, the hours table and time
    off in lieu then use the register's contract. Each change audited; returns those changed."""
    from thrive.agency.rota_selectors import register_contracts

    workers = list(RotaWorker.objects.filter(home=home, active=True, staff_member__isnull=False))
    changed = []
    contracts = register_contracts(workers, on)
    for w in workers:
        hours = contracts.get(w.pk)
        if hours is None or hours == w.contracted_hours:
            continue
        before = w.contracted_hours
        w.contracted_hours = hours
        w.version += 1
        w.save(update_fields=["contracted_hours", "version", "updated_at"])
        changed.append(w)
        audit_log(
            action="agency.rota_worker_hours_changed",
            user=actor,
            organisation=home.organisation,
            obj=w,
            summary=f"{w.name}: contracted {_h(before)} to {_h(hours)} hours a week (the register)",
        )
    return changed


@transaction.atomic
def rota_worker_hours_set(
    *,
    worker: RotaWorker,
    version: int,
    actor: Any,
    contracted_hours: Decimal | None,
    extra_hours_week: Decimal | None,
    max_hours_week: Decimal | None,
) -> RotaWorker:
    """Change the hours a rota may give *worker*: their contracted hours a week (home staff not
    linked to the register: a linked worker's contract is the register's FTE), the most extra
    hours a week beyond it (home staff; blank: the working-time limits only) and the hours a
    week they offer (blank: no limit of their own). *version*: the one shown; a change since is
    refused."""
    from thrive.agency.rota_selectors import register_contracts

    locked = RotaWorker.objects.select_for_update().get(pk=worker.pk)
    if locked.version != version:
        raise ThriveError(
            f"{locked.name} was changed since you opened the page; look again.",
            field="contracted_hours",
        )
    for value, name in (
        (contracted_hours, "contracted_hours"),
        (extra_hours_week, "extra_hours_week"),
        (max_hours_week, "max_hours_week"),
    ):
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            raise ThriveError("Hours a week must be between 0 and 100.", field=name)
    if locked.tier != CoverTier.OWN and (contracted_hours or extra_hours_week is not None):
        raise ThriveError(
            "Contracted and extra hours are for the home's own staff.", field="contracted_hours"
        )
    from_register = register_contracts([locked], clock.today()).get(locked.pk)
    if (
        from_register is not None
        and contracted_hours is not None
        and contracted_hours != from_register
    ):
        raise ThriveError(
            f"{locked.name}'s contract comes from the register: {_h(from_register)} hours a week "
            "(their FTE). Change it there.",
            field="contracted_hours",
        )
    before = (locked.contracted_hours, locked.extra_hours_week, locked.max_hours_week)
    if contracted_hours is not None:
        locked.contracted_hours = contracted_hours
    locked.extra_hours_week = extra_hours_week
    locked.max_hours_week = max_hours_week
    locked.version += 1
    locked.save(
        update_fields=[
            "contracted_hours",
            "extra_hours_week",
            "max_hours_week",
            "version",
            "updated_at",
        ]
    )

    audit_log(
        action="agency.rota_worker_hours_changed",
        user=actor,
        organisation=locked.home.organisation,
        obj=locked,
        summary=(
            f"{locked.name}: contracted {_h(before[0])} to {_h(locked.contracted_hours)}, extra "
            f"at most {_h(before[1])} to {_h(extra_hours_week)}, offered {_h(before[2])} to "
            f"{_h(max_hours_week)} hours a week"
        ),
    )
    return locked


@transaction.atomic
def rota_hours_record(
    *,
    home: Home,
    rows: Sequence[tuple[RotaWorker, date, Decimal, str]],
    actor: Any,
    versions: dict[tuple[int, date], int | None] | None = None,
) -> list[Any]:
    """Record the hours each worker worked in a week before Thrive held a published rota for
    it, as (worker, the week's first day, hours, note), so the average over the reference
    period counts them. A week already recorded for the worker is corrected (the old figure in
    the audit trail); a week overlapping another of theirs, not yet over, or a worker of
    another home is refused. With *versions* ((worker id, week) -> the version the caller
    read, None for none), a correction is refused unless it names the week's version now, so
    two people correcting one week never silently overwrite each other. All or nothing; each
    row audited."""
    from thrive.agency.models import RotaHoursWorked

    today = clock.today()
    workers = {r[0].pk for r in rows}
    existing = {
        (r.worker_id, r.week_starts): r
        for r in RotaHoursWorked.objects.select_for_update().filter(worker_id__in=workers)
    }
    weeks: dict[int, set[date]] = {}
    for (worker_id, week), _ in existing.items():
        weeks.setdefault(worker_id, set()).add(week)
    saved = []
    for n, (worker, week, hours, note) in enumerate(rows, start=1):
        where = f"Row {n}: " if len(rows) > 1 else ""
        if worker.home_id != home.pk:
            raise ThriveError(f"{where}{worker.name} does not work for {home}.", field="worker")
        if week + timedelta(days=7) > today:
            raise ThriveError(
                f"{where}the week from {week:%-d %B %Y} is not over yet: record weeks worked.",
                field="week_starts",
            )
        if not Decimal(0) <= hours <= Decimal(168):
            raise ThriveError(f"{where}hours must be between 0 and 168 a week.", field="hours")
        mine = weeks.setdefault(worker.pk, set())
        clash = [w for w in mine if w != week and abs((w - week).days) < 7]
        if clash:
            raise ThriveError(
                f"{where}{worker.name}'s week from {week:%-d %B %Y} overlaps the week from "
                f"{clash[0]:%-d %B %Y} already recorded.",
                field="week_starts",
            )
        mine.add(week)
        row = existing.get((worker.pk, week))
        if versions is not None and row is not None and row.pk is not None:
            seen = versions.get((worker.pk, week))
            if seen != row.version:
                raise ThriveError(
                    f"{where}{worker.name}'s week from {week:%-d %B %Y} already has "
                    f"{_h(row.hours)} hours recorded, at version {row.version}: "
                    + (
                        "send that version to correct it."
                        if seen is None
                        else f"you sent version {seen}; read the week again."
                    ),
                    field="version",
                )
        before = row.hours if row is not None else None
        if row is None:
            row = RotaHoursWorked(
                organisation_id=home.organisation_id, worker=worker, week_starts=week
            )
            existing[(worker.pk, week)] = row
        row.hours, row.note, row.recorded_by = hours, note.strip()[:200], actor
        if row.pk is not None:
            row.version += 1
        row.save()
        saved.append(row)
        audit_log(
            action="agency.rota_hours_recorded",
            user=actor,
            organisation=home.organisation,
            obj=row,
            summary=(
                f"{worker.name}: {_h(hours)} hours in the week from {week}"
                + (f" (was {_h(before)})" if before is not None else "")
            ),
        )
    return saved


def toil_balance(worker: RotaWorker) -> Decimal:
    """Hours of time off in lieu *worker* has earned and not taken."""
    total = ToilEntry.objects.filter(worker=worker).aggregate(t=Sum("hours"))["t"]
    return total or Decimal(0)


@transaction.atomic
def rota_leave_add(
    *,
    worker: RotaWorker,
    start_date: date,
    end_date: date,
    reason: str,
    actor: Any,
    toil_hours: Decimal | None = None,
) -> RotaUnavailable:
    """Days *worker* cannot work (leave, training, time off in lieu); the solver keeps them off
    those days. Time off in lieu (*toil_hours*) is taken from their balance, which must cover
    it."""
    if end_date < start_date:
        raise ThriveError("The last day must be on or after the first day.", field="end_date")
    if not reason.strip():
        raise ThriveError("Enter the reason, like annual leave or training.", field="reason")
    locked = RotaWorker.objects.select_for_update().get(pk=worker.pk)
    days = RotaUnavailable(
        organisation_id=locked.organisation_id,
        worker=locked,
        start_date=start_date,
        end_date=end_date,
        reason=reason.strip(),
    )
    full_clean_or_raise(days, exclude=["organisation", "worker"], validate_constraints=False)
    days.save()
    if toil_hours:
        if toil_hours <= 0:
            raise ThriveError(
                "Time off in lieu taken must be more than 0 hours.", field="toil_hours"
            )
        balance = toil_balance(locked)
        if toil_hours > balance:
            raise ThriveError(
                f"{locked.name} has {balance:g} hours of time off in lieu; "
                f"{toil_hours:g} cannot be taken.",
                field="toil_hours",
            )
        ToilEntry.objects.create(
            organisation_id=locked.organisation_id,
            worker=locked,
            day=start_date,
            hours=-toil_hours,
            note=f"Taken {start_date:%d %b %Y} to {end_date:%d %b %Y}",
        )
    audit_log(
        action="agency.rota_leave_added",
        user=actor,
        organisation=locked.home.organisation,
        obj=days,
        summary=(
            f"{locked.name}: {reason.strip()} {start_date} to {end_date}"
            + (f" ({toil_hours:g} hours' time off in lieu)" if toil_hours else "")
        ),
    )
    return days


def toil_earn(*, rota: Any, actor: Any) -> list[ToilEntry]:
    """Time off in lieu earned in a published *rota* by those who take extra shifts as time
    off: the home's own staff for hours beyond their contract, the cover pool for every hour
    (their shifts here are beyond their own service's). Once a rota; set-based."""
    from thrive.agency.models import RotaAssignment

    hours: dict[int, Decimal] = {}
    workers: dict[int, RotaWorker] = {}
    for a in RotaAssignment.objects.filter(rota=rota).select_related("worker"):
        hours[a.worker_id] = hours.get(a.worker_id, Decimal(0)) + a.hours
        workers[a.worker_id] = a.worker
    entries = []
    for pk, worked in hours.items():
        w = workers[pk]
        if w.extra_hours_as != ExtraHoursAs.TOIL:
            continue
        if w.tier == CoverTier.OWN:
            extra = worked - w.contracted_hours * rota.weeks
        elif w.tier == CoverTier.COVER_POOL:
            extra = worked
        else:
            continue
        if extra > 0:
            entries.append(
                ToilEntry(
                    organisation_id=rota.organisation_id,
                    worker=w,
                    day=rota.starts,
                    hours=extra,
                    rota=rota,
                    note=f"Extra hours in the rota from {rota.starts:%d %b %Y}",
                )
            )
    ToilEntry.objects.bulk_create(entries)
    audit_log_many(
        {
            "action": "agency.toil_earned",
            "user": actor,
            "organisation": rota.organisation,
            "obj": e,
            "summary": f"{e.worker.name}: {e.hours:g} hours from the rota of {rota.starts}",
        }
        for e in entries
    )
    return entries
