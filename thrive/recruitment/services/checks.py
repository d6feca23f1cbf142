"""Safer recruitment checks: each recorded with who, when and the evidence seen. An offer stays
conditional, and its start date cannot be confirmed, while any required check is outstanding."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import Application, CheckKind, SaferCheck, Stage

CHECKED_STAGES = (Stage.OFFERED, Stage.ACCEPTED)


def required_checks(application: Application) -> list[str]:
    """The checks *application*'s offer waits on: all of them, Social Work England registration
    for a social work post only, the overseas check only where the candidate lived abroad."""
    kinds = list(CheckKind.values)
    if not application.vacancy.social_work_post:
        kinds.remove(CheckKind.SWE)
    if not application.overseas_check_needed:
        kinds.remove(CheckKind.OVERSEAS)
    return kinds


def outstanding_checks(application: Application, done: set[str] | None = None) -> list[str]:
    """The required checks not yet recorded (*done*: the kinds recorded, if already read)."""
    if done is None:
        done = set(
            SaferCheck.objects.filter(application=application).values_list("kind", flat=True)
        )
    return [k for k in required_checks(application) if k not in done]


@transaction.atomic
def check_record(
    *,
    application: Application,
    kind: str,
    evidence: str,
    actor: Any,
    checked_on: date | None = None,
) -> SaferCheck:
    """Record one safer recruitment check for an offered (or accepted) application."""
    if application.stage not in CHECKED_STAGES:
        raise ThriveError("Checks are recorded once an offer is made.")
    if kind not in required_checks(application):
        raise ThriveError(f"{CheckKind(kind).label} is not needed for this offer.")
    if SaferCheck.objects.filter(application=application, kind=kind).exists():
        raise ThriveError(f"{CheckKind(kind).label} is already recorded.")
    checked_on = checked_on or clock.today()
    if checked_on > clock.today():
        raise ThriveError("A check is recorded once it is made: the date cannot be in the future.")
    check = SaferCheck(
        organisation=application.organisation,
        application=application,
        kind=kind,
        checked_on=checked_on,
        checked_by=actor,
        evidence=evidence.strip(),
    )
    if not check.evidence:
        raise ThriveError("Say what evidence was seen.")
    full_clean_or_raise(check)
    check.save()
    audit_log(
        action="recruitment.check_recorded",
        user=actor,
        organisation=application.organisation,
        obj=check,
        summary=f"{check.get_kind_display()} for {application.candidate_name}",
    )
    return check


@transaction.atomic
def application_confirm_start(
    *, application: Application, start_date: date, actor: Any
) -> Application:
    """Confirm an accepted offer's start date: refused while any required check is outstanding,
    naming them."""
    locked = (
        Application.objects.select_for_update().select_related("vacancy").get(pk=application.pk)
    )
    if locked.stage != Stage.ACCEPTED:
        raise ThriveError("A start date is confirmed once the offer is accepted.")
    outstanding = outstanding_checks(locked)
    if outstanding:
        names = ", ".join(CheckKind(k).label for k in outstanding)
        raise ThriveError(
            f"The offer is still conditional: the start date cannot be confirmed while these "
            f"checks are outstanding: {names}."
        )
    if start_date < clock.today():
        raise ThriveError("The start date must be today or later.")
    locked.start_date = start_date
    locked.version += 1
    full_clean_or_raise(locked)
    locked.save()
    audit_log(
        action="recruitment.start_confirmed",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        summary=f"{locked.candidate_name} starts {start_date:%d %B %Y}",
    )
    return locked
