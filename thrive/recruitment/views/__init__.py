"""Recruitment pages."""

from thrive.recruitment.views.vacancies import (
    vacancies,
    vacancy,
    vacancy_approve,
    vacancy_raise,
)

__all__ = ["vacancies", "vacancy", "vacancy_approve", "vacancy_raise"]
