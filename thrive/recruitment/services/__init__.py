"""Every write in recruitment: keyword-only, one transaction, full_clean, an audit entry."""

from thrive.recruitment.services.vacancies import (
    vacancy_approve,
    vacancy_close,
    vacancy_fill,
    vacancy_raise,
    vacancy_submit,
)

__all__ = [
    "vacancy_approve",
    "vacancy_close",
    "vacancy_fill",
    "vacancy_raise",
    "vacancy_submit",
]
