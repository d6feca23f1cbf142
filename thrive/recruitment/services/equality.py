"""The equality monitoring answers an application form collects, kept in a table of their own
(never joined to the application on a page): the candidate's own form and a recruiter recording
one both save them here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import Application, EqualityMonitoring


@dataclass(frozen=True)
class Equality:
    """The equality monitoring answers, every one optional."""

    ethnicity: str = ""
    gender: int | None = None
    date_of_birth: date | None = None
    disability: str = ""


def equality_save(application: Application, answers: Equality) -> EqualityMonitoring:
    """Keep *application*'s answers (the caller's transaction and audit entry cover them)."""
    monitoring = EqualityMonitoring(
        organisation=application.organisation,
        application=application,
        ethnicity=answers.ethnicity,
        gender=answers.gender,
        date_of_birth=answers.date_of_birth,
        disability=answers.disability,
    )
    full_clean_or_raise(monitoring)
    monitoring.save()
    return monitoring
