"""Recording the safer recruitment records the rules read (``safer_rules``): references,
employment history entries, explanations of gaps, addresses abroad. Each is recorded for an
offered (or accepted) application, by someone who manages its recruitment, checked against the
application's version the user saw (the application is locked and moved on, so a start date
confirmed meanwhile refuses the page drawn before it), and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import (
    AddressAbroad,
    Application,
    EmploymentEntry,
    GapExplanation,
    Reference,
)
from thrive.recruitment.services.checks import CHECKED_STAGES


def _in_order(start: date, end: date | None, field: str, what: str) -> None:
    if end is not None and end < start:
        raise ThriveError(f"{what} cannot end before it starts.", field=field)


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ThriveError(message, field=field)
    return value


def _save(application: Application, version: int | None, record: Any, actor: Any) -> Any:
    locked = lock_checked(application, version=version)
    if locked.stage not in CHECKED_STAGES:
        raise ThriveError("Checks are recorded once an offer is made.")
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    record.organisation = locked.organisation
    record.application = locked
    record.recorded_by = actor
    full_clean_or_raise(record)
    record.save()
    return locked


@transaction.atomic
def reference_record(
    *,
    application: Application,
    actor: Any,
    referee: str,
    referee_organisation: str,
    covers_from: date,
    covers_to: date,
    current_employer: bool = False,
    practice_setting: bool = False,
    received_on: date | None = None,
    version: int | None = None,
) -> Reference:
    """Record a reference received for the offer."""
    received_on = received_on or clock.today()
    _in_order(covers_from, covers_to, "covers_to", "The years a reference covers")
    if received_on > clock.today():
        raise ThriveError("A reference is recorded once received.", field="received_on")
    reference = Reference(
        referee=_text(referee, "referee", "Give the referee's name."),
        referee_organisation=_text(
            referee_organisation, "referee_organisation", "Give the referee's organisation."
        ),
        current_employer=current_employer,
        practice_setting=practice_setting,
        covers_from=covers_from,
        covers_to=covers_to,
        received_on=received_on,
    )
    locked = _save(application, version, reference, actor)
    audit_log(
        action="recruitment.reference_recorded",
        user=actor,
        organisation=locked.organisation,
        obj=reference,
        summary=f"Reference from {reference.referee} for {locked.candidate_name}"[:255],
    )
    return reference


@transaction.atomic
def employment_record(
    *,
    application: Application,
    actor: Any,
    employer: str,
    started_on: date,
    ended_on: date | None = None,
    role: str = "",
    version: int | None = None,
) -> EmploymentEntry:
    """Record one entry of the candidate's employment history (*ended_on* blank: still there)."""
    _in_order(started_on, ended_on, "ended_on", "A job")
    if started_on > clock.today():
        raise ThriveError(
            "The history is what has happened: not a future start.", field="started_on"
        )
    entry = EmploymentEntry(
        employer=_text(employer, "employer", "Say who the employer was (or what they did)."),
        role=(role or "").strip(),
        started_on=started_on,
        ended_on=ended_on,
    )
    locked = _save(application, version, entry, actor)
    audit_log(
        action="recruitment.history_recorded",
        user=actor,
        organisation=locked.organisation,
        obj=entry,
        summary=f"{entry.employer} in {locked.candidate_name}'s history"[:255],
    )
    return entry


@transaction.atomic
def gap_explain(
    *,
    application: Application,
    actor: Any,
    gap_from: date,
    gap_to: date,
    explanation: str,
    version: int | None = None,
) -> GapExplanation:
    """Record why the candidate was out of work from *gap_from* to *gap_to*."""
    _in_order(gap_from, gap_to, "gap_to", "A gap")
    record = GapExplanation(
        gap_from=gap_from,
        gap_to=gap_to,
        explanation=_text(explanation, "explanation", "Say why: the explanation given."),
    )
    locked = _save(application, version, record, actor)
    audit_log(
        action="recruitment.gap_explained",
        user=actor,
        organisation=locked.organisation,
        obj=record,
        summary=f"Gap from {gap_from:%-d %B %Y} explained for {locked.candidate_name}"[:255],
    )
    return record


@transaction.atomic
def address_abroad_record(
    *,
    application: Application,
    actor: Any,
    country: str,
    lived_from: date,
    lived_to: date | None = None,
    version: int | None = None,
) -> AddressAbroad:
    """Record an address abroad: the offer then needs an overseas criminal record check."""
    _in_order(lived_from, lived_to, "lived_to", "A stay abroad")
    country = _text(country, "country", "Say which country.")
    if country.casefold() in {"uk", "united kingdom", "england", "scotland", "wales"}:
        raise ThriveError("Record only addresses outside the UK here.", field="country")
    record = AddressAbroad(country=country, lived_from=lived_from, lived_to=lived_to)
    locked = _save(application, version, record, actor)
    if not locked.overseas_check_needed:
        locked.overseas_check_needed = True
        locked.save(update_fields=["overseas_check_needed", "updated_at"])
    audit_log(
        action="recruitment.address_abroad_recorded",
        user=actor,
        organisation=locked.organisation,
        obj=record,
        summary=f"Address in {country} for {locked.candidate_name}"[:255],
    )
    return record
