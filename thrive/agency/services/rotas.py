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


@transaction.atomic
def rota_publish(*, rota: Any, version: int, actor: Any) -> Any:
    """Publish a draft rota: its staff then see their shifts. *version* is the version the
    publisher saw: a rota solved again since is refused, never silently published."""
    from thrive.agency.models import Rota, RotaStatus

    locked = Rota.objects.select_for_update().get(pk=rota.pk)
    if locked.version != version:
        raise ThriveError("This rota changed since you opened it; look again before publishing.")
    if locked.status == RotaStatus.PUBLISHED:
        raise ThriveError("This rota is published already.")
    locked.status = RotaStatus.PUBLISHED
    locked.published_at = clock.now()
    locked.published_by = actor
    locked.version += 1
    locked.save(update_fields=["status", "published_at", "published_by", "version", "updated_at"])
    from thrive.agency.services.homes import toil_earn

    toil_earn(rota=locked, actor=actor)
    audit_log(
        action="agency.rota_published",
        user=actor,
        obj=locked,
        organisation=locked.organisation,
        summary=f"{locked.home.name} from {locked.starts}",
    )
    return locked
