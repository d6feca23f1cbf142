"""Public reads for the jobs portal and the candidate's own view. Nothing here takes an access:
only open vacancies (approved, closing today or later) are shown, and a candidate reads only the
applications made with their own email. None of them reads equality monitoring."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thrive.core import clock
from thrive.people.models import Organisation
from thrive.recruitment.models import Application, Channel, Vacancy, VacancyStatus


@dataclass(frozen=True)
class PortalFilters:
    text: str = ""  # words in the job title, grade or team
    region: str = ""
    council: str = ""  # the council's code
    pay: int | None = None  # at least this much at the top of the range
    role: str = ""  # the kind of post (VacancyRole)


def open_vacancies(filters: PortalFilters | None = None) -> QuerySet[Vacancy]:
    """Every vacancy open to applications, across councils, soonest closing first."""
    f = filters or PortalFilters()
    rows = Vacancy.objects.filter(
        status=VacancyStatus.OPEN, closing_date__gte=clock.today()
    ).select_related("organisation", "team")
    if f.region:
        rows = rows.filter(organisation__region=f.region)
    if f.council:
        rows = rows.filter(organisation__code=f.council)
    if f.pay:
        rows = rows.filter(salary_max__gte=f.pay)
    if f.role:
        rows = rows.filter(role=f.role)
    for word in f.text.split()[:5]:
        rows = rows.filter(
            Q(title__icontains=word) | Q(grade__icontains=word) | Q(team__name__icontains=word)
        )
    return rows.order_by("closing_date", "organisation__name", "title", "pk")


def open_vacancy(org_code: str, pk: int) -> Vacancy | None:
    return open_vacancies(PortalFilters(council=org_code)).filter(pk=pk).first()


def portal_councils() -> QuerySet[Organisation]:
    """The councils with a vacancy open now, by name (the portal's council filter)."""
    open_now = Vacancy.objects.filter(
        status=VacancyStatus.OPEN, closing_date__gte=clock.today()
    ).values("organisation_id")
    return Organisation.objects.filter(pk__in=open_now).order_by("name")


def council_by_code(org_code: str) -> Organisation | None:
    return Organisation.objects.filter(code=org_code).first()


def public_channels(organisation: Organisation) -> QuerySet[Channel]:
    return Channel.objects.filter(organisation=organisation, active=True).order_by("name")


def candidate_applications(email: str) -> QuerySet[Application]:
    """The applications made with *email*, newest first, with their council and vacancy."""
    return (
        Application.objects.filter(candidate_email=email.strip().lower())
        .select_related("vacancy", "vacancy__organisation")
        .order_by("-applied_on", "-pk")
    )
