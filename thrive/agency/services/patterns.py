"""Writes for rota workers' working patterns: the days (and hours) a person works, as dated
records. The set-up page, ``thrive rota pattern`` and the API call the same service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from django.db import transaction

from thrive.agency.models import RotaWorker, WorkingPattern
from thrive.agency.models_rota import WEEKDAY_FIELDS
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.services import full_clean_or_raise


def pattern_checked(
    weekdays: Sequence[int], day_starts: time | None, day_ends: time | None
) -> list[int]:
    """The days of a pattern, sorted, once each; refused when there are none, a day is not 0
    (Monday) to 6 (Sunday), or the hours of the day are half given or start when they end."""
    days = sorted(set(weekdays))
    if not days:
        raise ThriveError("Choose at least one day they work.", field="weekdays")
    if any(d not in range(7) for d in days):
        raise ThriveError("Days are Monday (0) to Sunday (6).", field="weekdays")
    if (day_starts is None) != (day_ends is None):
        raise ThriveError(
            "Give both the time their day starts and the time it ends, or neither.",
            field="day_starts" if day_starts is None else "day_ends",
        )
    if day_starts is not None and day_starts == day_ends:
        raise ThriveError("Their day cannot start and end at the same time.", field="day_ends")
    return days


@transaction.atomic
def working_pattern_set(
    *,
    worker: RotaWorker,
    version: int,
    effective_from: date,
    weekdays: Sequence[int],
    day_starts: time | None = None,
    day_ends: time | None = None,
    note: str = "",
    actor: Any,
) -> WorkingPattern:
    """*worker* works on *weekdays* (0 Monday to 6 Sunday), between *day_starts* and *day_ends*
    when given (an end at or before the start: the next morning), from *effective_from* until
    their next pattern. A pattern already recorded from that date is corrected (the old one in
    the audit trail); earlier ones are kept. *version*: the worker's version shown; a change
    since is refused."""
    locked = RotaWorker.objects.select_for_update().select_related("home").get(pk=worker.pk)
    if locked.version != version:
        raise ThriveError(
            f"{locked.name} was changed since you opened the page; look again.", field="weekdays"
        )
    days = pattern_checked(weekdays, day_starts, day_ends)
    row = WorkingPattern.objects.filter(worker=locked, effective_from=effective_from).first()
    before = row.describe() if row is not None else None
    if row is None:
        row = WorkingPattern(
            organisation=locked.organisation, worker=locked, effective_from=effective_from
        )
    else:
        row.version += 1
    for i, name in enumerate(WEEKDAY_FIELDS):
        setattr(row, name, i in days)
    row.day_starts, row.day_ends = day_starts, day_ends
    row.note = note
    row.recorded_by = actor if getattr(actor, "pk", None) else None
    full_clean_or_raise(row)
    row.save()
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    audit_log(
        action="agency.working_pattern_set",
        user=actor,
        organisation=locked.organisation,
        obj=row,
        summary=(
            f"{locked.name} works {row.describe()} from {effective_from:%-d %B %Y}"
            + (f" (was {before})" if before else "")
        ),
    )
    return row
