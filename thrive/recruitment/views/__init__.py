"""Recruitment pages."""

from thrive.recruitment.views import (
    campaigns,
    council,
    equality,
    imports,
    interest,
    panels,
    portal,
)
from thrive.recruitment.views.applications import (
    application,
    application_add,
    application_check,
    application_hire,
    application_start,
    channels,
    channels_region,
    vacancy_applications,
)
from thrive.recruitment.views.vacancies import (
    vacancies,
    vacancy,
    vacancy_approve,
    vacancy_raise,
)

__all__ = [
    "campaigns",
    "council",
    "equality",
    "imports",
    "interest",
    "panels",
    "portal",
    "application",
    "application_add",
    "application_check",
    "application_hire",
    "application_start",
    "channels",
    "channels_region",
    "vacancies",
    "vacancy",
    "vacancy_applications",
    "vacancy_approve",
    "vacancy_raise",
]
