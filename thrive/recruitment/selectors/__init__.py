"""Every read in recruitment, scoped by the person's access, with its joins."""

from thrive.recruitment.selectors.applications import (
    ChannelRow,
    application_for,
    applications_for,
    channel_report,
    channels_of,
    checks_for,
    referrers_of,
    shown,
    stage_counts,
)
from thrive.recruitment.selectors.vacancies import (
    VacancyFilters,
    recruitment_teams,
    vacancies_visible,
    vacancy_for,
    vacant_posts,
)

__all__ = [
    "ChannelRow",
    "VacancyFilters",
    "application_for",
    "applications_for",
    "channel_report",
    "channels_of",
    "checks_for",
    "recruitment_teams",
    "referrers_of",
    "shown",
    "stage_counts",
    "vacancies_visible",
    "vacancy_for",
    "vacant_posts",
]
