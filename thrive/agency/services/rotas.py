"""Writes for the residential rotas' working-time facts and for filling and publishing a rota
(the set-up services are in :mod:`.homes`, swaps in :mod:`.swaps`)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError

# The Working Time Regulations 1998 (SI 1998/1833): reg. 10 daily rest of 11 consecutive hours,
# reg. 11 weekly rest of 24 uninterrupted hours in each 7 days, reg. 4 an average of 48 hours a
# week over 17 weeks unless the worker opts out. Dated data: a later row replaces them.
WTR_DEFAULT = {
    "effective_from": date(1998, 10, 1),
    "daily_rest_hours": Decimal("11"),
    "weekly_rest_hours": Decimal("24"),
    "max_average_weekly_hours": Decimal("48"),
    "reference_weeks": 17,
    "opted_out_weekly_hours": Decimal("72"),
    "source": "Working Time Regulations 1998 (SI 1998/1833), regulations 4, 6, 10 and 11",
}


def night_period_problem(starts: time, ends: time) -> str:
    """Why a night period breaks regulation 2 (at least seven hours, including midnight to
    05:00), or "" when it keeps it."""
    start = starts.hour * 60 + starts.minute
    end = ends.hour * 60 + ends.minute
    if start == end:
        return "The night period must end at another time than it starts."
    # Minutes after the evening's midnight; a start after noon is the evening before.
    lo = start - 1440 if start >= 12 * 60 else start
    hi = end if end > lo else end + 1440
    if hi - lo < 7 * 60 or lo > 0 or hi < 5 * 60:
        return (
            f"A night period of {starts:%H:%M} to {ends:%H:%M} is not at least seven hours "
            "including midnight to 05:00 (Working Time Regulations 1998, regulation 2)."
        )
    return ""


def working_time_rules_ensure() -> int:
    """The Working Time Regulations' facts, added where the table is empty. Returns rows added."""
    from thrive.agency.models import WorkingTimeRules

    if WorkingTimeRules.objects.exists():
        return 0
    WorkingTimeRules.objects.create(**WTR_DEFAULT)
    return 1


@transaction.atomic
def working_time_rules_add(
    *,
    effective_from: date,
    daily_rest_hours: Decimal,
    weekly_rest_hours: Decimal,
    max_average_weekly_hours: Decimal,
    opted_out_weekly_hours: Decimal,
    source: str,
    actor: Any,
    reference_weeks: int = 17,
    night_average_hours: Decimal | None = Decimal("8"),
    night_starts: time = time(23, 0),
    night_ends: time = time(6, 0),
    night_minimum_hours: Decimal = Decimal("3"),
) -> Any:
    """A new dated set of working-time facts (the earlier ones are kept for the rotas made under
    them). A date already used is refused: a fact's history is never overwritten. The night
    period must be at least seven hours and include midnight to 05:00 (regulation 2)."""
    from thrive.agency.models import WorkingTimeRules

    if WorkingTimeRules.objects.filter(effective_from=effective_from).exists():
        raise ThriveError(f"Working-time rules from {effective_from} are already recorded.")
    problem = night_period_problem(night_starts, night_ends)
    if problem:
        raise ThriveError(problem, field="night_starts")
    row = WorkingTimeRules(
        effective_from=effective_from,
        daily_rest_hours=daily_rest_hours,
        weekly_rest_hours=weekly_rest_hours,
        max_average_weekly_hours=max_average_weekly_hours,
        opted_out_weekly_hours=opted_out_weekly_hours,
        reference_weeks=reference_weeks,
        night_average_hours=night_average_hours,
        night_starts=night_starts,
        night_ends=night_ends,
        night_minimum_hours=night_minimum_hours,
        source=source,
    )
    row.full_clean()
    row.save()
    audit_log(
        action="agency.working_time_rules_added",
        user=actor,
        obj=row,
        summary=(
            f"from {effective_from}: {daily_rest_hours}h daily rest, {weekly_rest_hours}h weekly "
            f"rest, {max_average_weekly_hours}h average over {reference_weeks} weeks, night "
            f"workers {night_average_hours if night_average_hours is not None else 'no'}h in 24, "
            f"night {night_starts:%H:%M}-{night_ends:%H:%M} ({night_minimum_hours}h of a shift)"
        ),
    )
    return row


def rota_solve(
    *,
    home: Any,
    starts: date,
    weeks: int,
    actor: Any,
    time_limit: float = 20.0,
    progress: Any = None,
) -> Any:
    """Fill *home*'s rota for *weeks* from *starts* and save it as a draft (replacing a draft
    for the same start). A published rota for that start is left alone: refused."""
    from thrive.agency import rota_solver
    from thrive.agency.models import Rota, RotaAssignment, RotaGap, RotaStatus
    from thrive.agency.rota_selectors import rota_problem

    if not 1 <= weeks <= 8:
        raise ThriveError(f"weeks: {weeks} is not between 1 and 8.")
    if Rota.objects.filter(home=home, starts=starts, status=RotaStatus.PUBLISHED).exists():
        raise ThriveError(f"The rota from {starts} for {home.name} is published already.")
    working_time_rules_ensure()
    from thrive.agency.services.homes import rota_workers_contract_sync

    rota_workers_contract_sync(home=home, on=starts, actor=actor)
    problem, rules_row, shifts, workers = rota_problem(home, starts, weeks)
    if not problem.shifts:
        raise ThriveError(f"{home.name} has no shifts to fill.")
    result = rota_solver.solve(problem, time_limit=time_limit, progress=progress)
    if result.status == "no solution":
        raise ThriveError("The solver found no rota in the time allowed; try a longer time limit.")
    with transaction.atomic():
        Rota.objects.filter(home=home, starts=starts, status=RotaStatus.DRAFT).delete()
        rota = Rota(
            organisation=home.organisation,
            home=home,
            starts=starts,
            weeks=weeks,
            solver_status=result.status,
            seconds=round(result.seconds, 3),
            agency_shifts=result.agency_shifts,
            agency_cost=Decimal(str(result.agency_cost)),
            rules=rules_row,
        )
        rota.full_clean()
        rota.save()
        RotaAssignment.objects.bulk_create(
            RotaAssignment(
                organisation=home.organisation,
                rota=rota,
                day=a.day,
                shift=shifts[a.shift],
                worker=workers[a.staff],
                tier=a.tier,
                hours=Decimal(str(round(a.hours, 2))),
                cost=Decimal(str(a.cost)),
                reason=a.reason,
            )
            for a in result.assignments
        )
        RotaGap.objects.bulk_create(
            RotaGap(
                organisation=home.organisation,
                rota=rota,
                day=g.day,
                shift=shifts[g.shift],
                need=g.need,
                missing=g.missing,
            )
            for g in result.gaps
        )
        audit_log(
            action="agency.rota_solved",
            user=actor,
            obj=rota,
            organisation=home.organisation,
            summary=(
                f"{home.name} {weeks} weeks from {starts}: {len(result.assignments)} shifts, "
                f"{result.agency_shifts} agency, {len(result.gaps)} gaps, {result.seconds:.1f}s"
            ),
        )
    return rota


def _supersede(revision: Any, actor: Any) -> None:
    """The published rota *revision* revises is replaced: kept as superseded, its time off in
    lieu worked out again on the revision, swaps still waiting on it withdrawn."""
    from thrive.agency.models import Rota, RotaStatus, ShiftSwap, SwapStatus, ToilEntry

    old = Rota.objects.select_for_update().get(pk=revision.revises_id)
    if old.status != RotaStatus.PUBLISHED:
        raise ThriveError("The rota this revises is no longer the published one; re-fill it again.")
    old.status = RotaStatus.SUPERSEDED
    old.version += 1
    old.save(update_fields=["status", "version", "updated_at"])
    ToilEntry.objects.filter(rota=old).delete()
    ShiftSwap.objects.filter(give__rota=old, status=SwapStatus.REQUESTED).update(
        status=SwapStatus.WITHDRAWN,
        decision_note="The rota was revised; ask again on the new one.",
        decided_at=clock.now(),
    )
    audit_log(
        action="agency.rota_superseded",
        user=actor,
        obj=old,
        organisation=old.organisation,
        summary=f"{old.home.name} from {old.starts}: replaced by revision {revision.revision}",
    )


@transaction.atomic
def rota_publish(*, rota: Any, version: int, actor: Any) -> Any:
    """Publish a draft rota: its staff then see their shifts. *version* is the version the
    publisher saw: a rota solved again since is refused, never silently published."""
    from thrive.agency.models import Rota, RotaStatus

    locked = Rota.objects.select_for_update().get(pk=rota.pk)
    if locked.version != version:
        raise ThriveError("This rota changed since you opened it; look again before publishing.")
    if locked.status != RotaStatus.DRAFT:
        raise ThriveError(f"This rota is {locked.get_status_display().lower()} already.")
    if locked.revises_id is not None:
        _supersede(locked, actor)
    locked.status = RotaStatus.PUBLISHED
    locked.published_at = clock.now()
    locked.published_by = actor
    locked.version += 1
    locked.save(update_fields=["status", "published_at", "published_by", "version", "updated_at"])
    from thrive.agency.services.homes import toil_earn

    toil_earn(rota=locked, actor=actor)
    if locked.revises_id is not None:
        from thrive.agency.services.rota_emails import shift_change_emails

        # Built, not reversed: reversing loads every area's pages.
        shift_change_emails(
            revision=locked, link=f"/o/{locked.organisation.code}/agency/my-shifts/"
        )
    audit_log(
        action="agency.rota_published",
        user=actor,
        obj=locked,
        organisation=locked.organisation,
        summary=f"{locked.home.name} from {locked.starts}",
    )
    return locked


def refill_plan(rota: Any) -> tuple[Any, dict[str, Any], set[tuple[int, int, int]], list[Any]]:
    """What re-filling published *rota* keeps and frees, with today's leave and absences: the
    problem, the workers by solver key, the (person, day, shift) kept, and the assignments
    freed (a worker now on leave or absent that day, or no longer working for the home) from
    today on. Shifts before today are never changed."""
    from thrive.agency.models import RotaAssignment
    from thrive.agency.rota_selectors import rota_problem

    problem, _rules_row, _shifts, workers = rota_problem(rota.home, rota.starts, rota.weeks)
    key = {w.pk: k for k, w in workers.items()}
    person = {w.key: p for p, w in enumerate(problem.staff)}
    shift_index = {sh.code: s for s, sh in enumerate(problem.shifts)}
    day_index = {day: d for d, day in enumerate(problem.days)}
    today = clock.today()
    kept: set[tuple[int, int, int]] = set()
    freed = []
    for a in RotaAssignment.objects.filter(rota=rota).select_related("shift", "worker"):
        k = key.get(a.worker_id)
        d, s = day_index.get(a.day), shift_index.get(a.shift.code)
        if d is None or s is None:
            continue
        if a.day >= today and (k is None or a.day in problem.staff[person[k]].unavailable):
            freed.append(a)
        elif k is not None:
            kept.add((person[k], d, s))
    return problem, workers, kept, freed


def rota_refill(*, rota: Any, actor: Any, time_limit: float = 5.0) -> Any:
    """Re-fill the shifts of published *rota* whose worker is now on leave or absent (recorded
    after it was published), keeping every other shift as it is: the solver fills only those
    shifts, in the fill order, every hard rule kept. Saved as a draft revision (``revises``
    the published rota, the next ``revision``) for the manager to look at and publish; a draft
    revision made before is replaced. Audited."""
    from thrive.agency import rota_solver
    from thrive.agency.models import Rota, RotaAssignment, RotaGap, RotaStatus

    if rota.status != RotaStatus.PUBLISHED:
        raise ThriveError("Only a published rota is re-filled; fill a draft again instead.")
    problem, workers, kept, freed = refill_plan(rota)
    if not freed:
        raise ThriveError(
            "No shift from today on has a worker now on leave or absent: nothing to re-fill."
        )
    shift_index = {sh.code: s for s, sh in enumerate(problem.shifts)}
    day_index = {day: d for d, day in enumerate(problem.days)}
    open_slots = {(day_index[a.day], shift_index[a.shift.code]) for a in freed}
    result = rota_solver.solve(problem, time_limit=time_limit, fixed=kept, open_slots=open_slots)
    old = {
        (a.day, a.shift.code, a.worker_id): a
        for a in RotaAssignment.objects.filter(rota=rota).select_related("shift")
    }
    shifts = {sh.code: sh for sh in rota.home.shifts.all()}
    away = {(a.day, a.shift.code): a.worker.name for a in freed}
    with transaction.atomic():
        Rota.objects.filter(revises=rota, status=RotaStatus.DRAFT).delete()
        revision = Rota(
            organisation=rota.organisation,
            home=rota.home,
            starts=rota.starts,
            weeks=rota.weeks,
            solver_status=result.status,
            seconds=round(result.seconds, 3),
            agency_shifts=result.agency_shifts,
            agency_cost=Decimal(str(result.agency_cost)),
            rules=rota.rules,
            revises=rota,
            revision=rota.revision + 1,
        )
        revision.full_clean()
        revision.save()
        rows = []
        for a in result.assignments:
            worker = workers[a.staff]
            before = old.get((a.day, a.shift, worker.pk))
            reason = (
                before.reason
                if before is not None
                else f"Re-filled for {away.get((a.day, a.shift), 'a worker now away')}, on "
                f"leave or absent: {a.reason}"
            )
            rows.append(
                RotaAssignment(
                    organisation=rota.organisation,
                    rota=revision,
                    day=a.day,
                    shift=shifts[a.shift],
                    worker=worker,
                    tier=a.tier,
                    hours=Decimal(str(round(a.hours, 2))),
                    cost=before.cost if before is not None else Decimal(str(a.cost)),
                    reason=reason,
                )
            )
        # Shifts before today stay exactly as published, whoever has left since.
        today = clock.today()
        have = {(r.day, r.shift.code, r.worker_id) for r in rows}
        for (day, code, worker_id), was in old.items():
            if day < today and (day, code, worker_id) not in have:
                rows.append(
                    RotaAssignment(
                        organisation=rota.organisation,
                        rota=revision,
                        day=day,
                        shift=was.shift,
                        worker_id=worker_id,
                        tier=was.tier,
                        hours=was.hours,
                        cost=was.cost,
                        reason=was.reason,
                    )
                )
        RotaAssignment.objects.bulk_create(rows)
        RotaGap.objects.bulk_create(
            RotaGap(
                organisation=rota.organisation,
                rota=revision,
                day=g.day,
                shift=shifts[g.shift],
                need=g.need,
                missing=g.missing,
            )
            for g in result.gaps
        )
        agency = [r for r in rows if r.tier == "agency"]
        revision.agency_shifts = len(agency)
        revision.agency_cost = sum((r.cost for r in agency), Decimal(0))
        revision.save(update_fields=["agency_shifts", "agency_cost"])
        audit_log(
            action="agency.rota_refilled",
            user=actor,
            obj=revision,
            organisation=rota.organisation,
            summary=(
                f"{rota.home.name} from {rota.starts}, revision {revision.revision}: "
                f"{len(freed)} shifts freed by leave or absence re-filled, "
                f"{len(result.gaps)} gaps"
            ),
        )
    return revision
