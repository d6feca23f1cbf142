"""Reads for vacancies: the list (filtered by status and team), one vacancy, the establishment's
vacant posts a vacancy can be raised from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import Post, Team
from thrive.people.selectors import establishment
from thrive.recruitment.models import Vacancy, VacancyStatus

ACTIVE = (VacancyStatus.DRAFT, VacancyStatus.AWAITING_APPROVAL, VacancyStatus.OPEN)


@dataclass(frozen=True)
class VacancyFilters:
    status: str = ""
    team_id: int | None = None


def vacancies_visible(access: Access, filters: VacancyFilters | None = None) -> QuerySet[Vacancy]:
    """The vacancies *access* may see (their teams, service or council), soonest closing first."""
    filters = filters or VacancyFilters()
    rows = Vacancy.objects.visible_to(access, Cap.RECRUITMENT_VIEW).select_related(
        "team", "team__service", "post", "raised_by", "approved_by"
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.team_id:
        rows = rows.filter(team_id=filters.team_id)
    return rows.order_by("closing_date", "title", "pk")


def vacancy_for(access: Access, pk: int) -> Vacancy | None:
    """One vacancy, if *access* may see it."""
    return vacancies_visible(access).filter(pk=pk).first()


def recruitment_teams(access: Access, capability: str = Cap.RECRUITMENT_VIEW) -> QuerySet[Team]:
    """The teams whose recruitment *access* reaches for *capability*, by name."""
    return Team.objects.visible_to(access, capability).select_related("service").order_by("name")


def vacant_posts(access: Access, *, on: date) -> list[Any]:
    """The establishment's funded posts vacant on *on*, in the teams where *access* manages
    recruitment, that no vacancy is already recruiting to."""
    team_ids = set(recruitment_teams(access, Cap.RECRUITMENT_MANAGE).values_list("pk", flat=True))
    recruiting = Vacancy.objects.filter(post=OuterRef("pk"), status__in=ACTIVE)
    posts: QuerySet[Post] = establishment(access, on=on).annotate(recruiting=Exists(recruiting))
    return [
        p
        for p in posts
        if not getattr(p, "filled", False)
        and not getattr(p, "recruiting", False)
        and p.team_id in team_ids
    ]
