"""The kinds of post a vacancy is for, and the kind a job title names (a vacancy raised without
one says it by its title)."""

from __future__ import annotations

from django.db import models


class VacancyRole(models.TextChoices):
    """The kind of post a vacancy is for (the academy's talent pool is offered for managers)."""

    PRACTITIONER = "practitioner", "Social worker (practitioner)"
    SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
    ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced practitioner"
    PRACTICE_MANAGER = "practice_manager", "Practice or assistant team manager"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager or head of service"
    OTHER = "other", "Another post"


MANAGER_ROLES = (
    VacancyRole.PRACTICE_MANAGER,
    VacancyRole.TEAM_MANAGER,
    VacancyRole.SERVICE_MANAGER,
)


def vacancy_role_from_title(title: str, *, social_work_post: bool = True) -> str:
    """The kind of post a title names (a vacancy raised without one says it by its title)."""
    t = title.lower()
    if "service manager" in t or "head of service" in t:
        return VacancyRole.SERVICE_MANAGER
    if "practice manager" in t or "assistant team manager" in t:
        return VacancyRole.PRACTICE_MANAGER
    if "manager" in t:
        return VacancyRole.TEAM_MANAGER
    if "advanced practitioner" in t or "consultant social worker" in t:
        return VacancyRole.ADVANCED_PRACTITIONER
    if "senior practitioner" in t or "senior social worker" in t:
        return VacancyRole.SENIOR_PRACTITIONER
    return VacancyRole.PRACTITIONER if social_work_post else VacancyRole.OTHER
