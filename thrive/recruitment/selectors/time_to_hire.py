"""The hires behind the time-to-hire trend: each accepted offer with its vacancy's advert day and
the confirmed start, within the person's recruitment scope (one query)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Min
from django.utils import timezone

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.recruitment.models import Application, Vacancy
from thrive.recruitment.time_to_hire import Hire, PeriodRow, period_start, time_to_hire_trend


def default_window(today: date, by: str) -> tuple[date, date]:
    """The last twelve months (or eight quarters) up to *today*."""
    first = period_start(today, by)
    back = 11 if by == "month" else 21
    m = first.month - 1 - back
    return date(first.year + m // 12, m % 12 + 1, 1), today


def hires_between(
    access: Access | None,
    *,
    organisation: Any = None,
    start: date,
    end: date,
    team_ids: list[int] | None = None,
) -> list[Hire]:
    """Offers accepted from *start* to *end*. The advert day is the day the vacancy was
    approved and opened, or its first application's day when that is earlier (a vacancy
    recorded in Thrive after it was advertised)."""
    org = organisation if organisation is not None else getattr(access, "organisation", None)
    vacancies = (
        Vacancy.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        if access is not None
        else Vacancy.objects.for_org(org)
    )
    apps = Application.objects.filter(
        vacancy__in=vacancies, accepted_on__gte=start, accepted_on__lte=end
    )
    if team_ids is not None:
        apps = apps.filter(vacancy__team_id__in=team_ids)
    rows = apps.annotate(first_applied=Min("vacancy__applications__applied_on")).values_list(
        "vacancy__approved_at", "first_applied", "accepted_on", "start_date"
    )
    hires = []
    for approved_at, first_applied, accepted_on, start_date in rows:
        days = [first_applied]
        if approved_at is not None:
            days.append(timezone.localtime(approved_at).date())
        if accepted_on is not None:  # always, by the filter; for the type checker
            hires.append(Hire(min(d for d in days if d is not None), accepted_on, start_date))
    return hires


def time_to_hire(
    access: Access | None,
    *,
    organisation: Any = None,
    start: date,
    end: date,
    by: str = "month",
    team_ids: list[int] | None = None,
) -> list[PeriodRow]:
    """Median days from advert to offer accepted, and to start, by month or quarter."""
    hires = hires_between(
        access, organisation=organisation, start=start, end=end, team_ids=team_ids
    )
    return time_to_hire_trend(hires, start=start, end=end, by=by)
