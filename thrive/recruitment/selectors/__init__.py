"""Every read in recruitment, scoped by the person's access, with its joins."""

from thrive.recruitment.selectors.vacancies import (
    VacancyFilters,
    recruitment_teams,
    vacancies_visible,
    vacancy_for,
    vacant_posts,
)

__all__ = [
    "VacancyFilters",
    "recruitment_teams",
    "vacancies_visible",
    "vacancy_for",
    "vacant_posts",
]
