"""Every write in recruitment: keyword-only, one transaction, full_clean, an audit entry."""

from thrive.recruitment.services.applications import (
    NEXT_STAGE,
    application_add,
    application_move,
    stage_refusal,
)
from thrive.recruitment.services.channels import channels_add_defaults
from thrive.recruitment.services.checks import (
    application_confirm_start,
    check_record,
    outstanding_checks,
    required_checks,
)
from thrive.recruitment.services.vacancies import (
    vacancy_approve,
    vacancy_close,
    vacancy_fill,
    vacancy_raise,
    vacancy_submit,
)

__all__ = [
    "NEXT_STAGE",
    "application_add",
    "application_confirm_start",
    "check_record",
    "outstanding_checks",
    "required_checks",
    "application_move",
    "channels_add_defaults",
    "stage_refusal",
    "vacancy_approve",
    "vacancy_close",
    "vacancy_fill",
    "vacancy_raise",
    "vacancy_submit",
]
