"""Writes for a residential home's rota set-up: the home, its daily shifts and the workers its
rota may use (with the days each cannot work). One at a time (a rota manager's page) or many at
once (a home brought to Thrive, the demo, the tests): the same checks, the same audit entries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from thrive.agency.models import Home, RotaShift, RotaUnavailable, RotaWorker
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
) -> list[RotaWorker]:
    """Add the people *home*'s rota may use (its own staff, the cover pool, bank and agency
    workers) and, in *unavailable*, the days each cannot work (their ``worker`` one of
    *workers*). A worker linked to the register must work for the council. Every row checked
    before any is written; a fixed number of queries."""
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
    RotaWorker.objects.bulk_create(workers, batch_size=1000)
    for days in unavailable:
        days.worker = days.worker  # the worker's id, now it has one
    RotaUnavailable.objects.bulk_create(unavailable, batch_size=1000)
    _audit_added(home, "agency.rota_worker_added", workers, actor)
    return list(workers)


def rota_worker_add(
    *, home: Home, actor: Any, unavailable: Sequence[tuple[Any, Any, str]] = (), **fields: Any
) -> RotaWorker:
    """Add one person *home*'s rota may use (the fields of a :class:`RotaWorker`), with the
    days they cannot work as (first day, last day, reason)."""
    worker = RotaWorker(**fields)
    days = [
        RotaUnavailable(worker=worker, start_date=start, end_date=end, reason=reason)
        for start, end, reason in unavailable
    ]
    (added,) = rota_workers_add(home=home, workers=[worker], unavailable=days, actor=actor)
    return added
