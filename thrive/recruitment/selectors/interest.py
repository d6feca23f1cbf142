"""Reads for register interest: the council's confirmed, current registrations."""

from __future__ import annotations

from django.db.models import QuerySet

from thrive.core import clock
from thrive.people.models import Organisation
from thrive.recruitment.models import Interest, Vacancy, VacancyStatus


def current_interest(organisation: Organisation) -> QuerySet[Interest]:
    """Confirmed and not withdrawn, newest first, with the vacancy each was invited to."""
    return (
        Interest.objects.for_org(organisation)
        .filter(confirmed_at__isnull=False, withdrawn_at__isnull=True)
        .select_related("invited_to")
        .order_by("-confirmed_at", "pk")
    )


def open_vacancies_of(organisation: Organisation) -> list[Vacancy]:
    """The council's vacancies open to applications today, soonest closing first."""
    return list(
        Vacancy.objects.for_org(organisation)
        .filter(status=VacancyStatus.OPEN, closing_date__gte=clock.today())
        .order_by("closing_date", "title")
    )
