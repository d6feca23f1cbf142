"""Safer recruitment checks: each recorded with who, when and the evidence seen. An offer stays
conditional, and its start date cannot be confirmed, while any required check is outstanding."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import Application, CheckKind, SaferCheck, Stage
from thrive.recruitment.services.safer_rules import rule_failures

CHECKED_STAGES = (Stage.OFFERED, Stage.ACCEPTED)

# What each check must show before it is recorded as done (the safer recruitment standard
# councils publish, after Working Together and the Bichard recommendations): shown beside each
# check on the offer's page, so whoever records it knows what the evidence has to cover.
CHECK_STANDARD: dict[str, str] = {
    CheckKind.IDENTITY: "Photographic identity seen, matching the name and date of birth given.",
    CheckKind.RIGHT_TO_WORK: "The right to work in the UK seen (with the day it ends, if it does).",
    CheckKind.DBS: "An enhanced DBS certificate with the children's barred list checked, or a "
    "current one checked on the DBS update service.",
    CheckKind.SWE: "On Social Work England's register: active, with no conditions of practice.",
    CheckKind.REFERENCE_1: "From the current or most recent employer.",
    CheckKind.REFERENCE_2: "With the first, covering the last five years; for a social work post, "
    "one of the two from a social work practice setting.",
    CheckKind.HISTORY: "A full employment history, every gap of more than three months explained.",
    CheckKind.QUALIFICATIONS: "The qualifications the post needs, seen as originals.",
    CheckKind.HEALTH: "Occupational health clearance for the post.",
    CheckKind.OVERSEAS: "A certificate of good conduct (or criminal record check) from each "
    "country lived or worked in for six months or more in the last five years.",
}


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
    expires_on: date | None = None,
    version: int | None = None,
    standard: dict[str, Any] | None = None,
) -> SaferCheck:
    """Record one safer recruitment check for an offered (or accepted) application, with the
    day it expires if it does. *version*: the application's version the user saw; the
    application is locked and bumped, so a start date confirmed (or another check recorded)
    meanwhile refuses the page drawn before it. *standard*: the fields the rules read for a DBS
    check (``dbs_level``, ``dbs_barred_list``, or ``dbs_update_number`` and
    ``dbs_update_checked_on``) and a registration (``swe_number``, ``swe_status``,
    ``swe_conditions``); a check that does not meet the standard is recorded as seen, and the
    offer's page says why it does not pass."""
    application = lock_checked(application, version=version)
    application.version += 1
    application.save(update_fields=["version", "updated_at"])
    if application.stage not in CHECKED_STAGES:
        raise ThriveError("Checks are recorded once an offer is made.")
    if kind not in required_checks(application):
        raise ThriveError(f"{CheckKind(kind).label} is not needed for this offer.")
    if SaferCheck.objects.filter(application=application, kind=kind).exists():
        raise ThriveError(f"{CheckKind(kind).label} is already recorded.")
    checked_on = checked_on or clock.today()
    if checked_on > clock.today():
        raise ThriveError("A check is recorded once it is made: the date cannot be in the future.")
    if expires_on is not None and expires_on <= checked_on:
        raise ThriveError("It must expire after the day it was checked.", field="expires_on")
    check = SaferCheck(
        organisation=application.organisation,
        application=application,
        kind=kind,
        checked_on=checked_on,
        checked_by=actor,
        evidence=evidence.strip(),
        expires_on=expires_on,
        **_standard_fields(kind, standard or {}),
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


DBS_FIELDS = ("dbs_level", "dbs_barred_list", "dbs_update_number", "dbs_update_checked_on")
SWE_FIELDS = ("swe_number", "swe_status", "swe_conditions")


def _standard_fields(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """The standard's fields for a check of *kind* from *given*, refused where what the rules
    need to read is missing (the other kinds keep none)."""
    if kind == CheckKind.DBS:
        fields = {k: given.get(k) for k in DBS_FIELDS}
        fields["dbs_level"] = fields["dbs_level"] or ""
        fields["dbs_update_number"] = (fields["dbs_update_number"] or "").strip()
        fields["dbs_barred_list"] = bool(fields["dbs_barred_list"])
        if bool(fields["dbs_update_number"]) != bool(fields["dbs_update_checked_on"]):
            raise ThriveError(
                "For the update service give both the number and the day it was checked.",
                field="dbs_update_number",
            )
        if not fields["dbs_level"] and not fields["dbs_update_number"]:
            raise ThriveError(
                "Say the DBS certificate's level, or the update service number it was checked on.",
                field="dbs_level",
            )
        if fields["dbs_update_checked_on"] and fields["dbs_update_checked_on"] > clock.today():
            raise ThriveError(
                "The update service check cannot be in the future.", field="dbs_update_checked_on"
            )
        return fields
    if kind == CheckKind.SWE:
        fields = {k: (given.get(k) or "").strip() for k in SWE_FIELDS}
        if not fields["swe_number"]:
            raise ThriveError("Give the Social Work England number checked.", field="swe_number")
        if not fields["swe_status"]:
            raise ThriveError("Say what the register shows: its status.", field="swe_status")
        return fields
    return {}


@transaction.atomic
def application_confirm_start(
    *, application: Application, start_date: date, actor: Any, version: int | None = None
) -> Application:
    """Confirm an accepted offer's start date: refused while any required check is outstanding,
    naming them. *version*: the application's version the user saw (a change since is
    refused)."""
    locked = lock_checked(application, version=version, related=("vacancy",))
    if locked.stage != Stage.ACCEPTED:
        raise ThriveError("A start date is confirmed once the offer is accepted.")
    outstanding = outstanding_checks(locked)
    if outstanding:
        names = ", ".join(CheckKind(k).label for k in outstanding)
        raise ThriveError(
            f"The offer is still conditional: the start date cannot be confirmed while these "
            f"checks are outstanding: {names}."
        )
    failures = rule_failures(locked, on=clock.today())
    if failures:
        raise ThriveError(
            "The offer is still conditional: the start date cannot be confirmed while checks "
            "fall short of the standard: " + " ".join(f"{what}: {why}" for what, why in failures)
        )
    if start_date < clock.today():
        raise ThriveError("The start date must be today or later.")
    expired = SaferCheck.objects.filter(application=locked, expires_on__lte=start_date)
    if expired.exists():
        names = ", ".join(
            f"{c.get_kind_display()} (expires {c.expires_on:%-d %B %Y})" for c in expired
        )
        raise ThriveError(
            f"These checks run out by the start date; record them again first: {names}.",
            field="start_date",
        )
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


EXPIRY_NOTICE_DAYS = 30  # a check is first mentioned a month before it runs out, then weekly


def check_expiry_reminders_send(*, organisation: Any, on: date) -> int:
    """Email whoever recorded each check, and whoever raised the vacancy, about checks that
    expire within a month (or have expired) for an offer still open or a starter in the register,
    through the outbox: at most once a week a check. Returns how many checks were mentioned."""
    from datetime import timedelta

    from thrive.core.outbox import email_on_commit

    checks = list(
        SaferCheck.objects.for_org(organisation)
        .filter(expires_on__isnull=False, expires_on__lte=on + timedelta(days=EXPIRY_NOTICE_DAYS))
        .filter(application__stage__in=CHECKED_STAGES)
        .exclude(reminded_on__gt=on - timedelta(days=7))
        .select_related("application__vacancy__raised_by", "checked_by")
        .order_by("expires_on", "pk")
    )
    with transaction.atomic():
        for check in checks:
            a = check.application
            gone = check.expires_on is not None and check.expires_on <= on
            when = f"{'expired' if gone else 'expires'} on {check.expires_on:%-d %B %Y}"
            email_on_commit(
                to=[check.checked_by.email, a.vacancy.raised_by.email],
                organisation=organisation,
                kind="recruitment.check_expiry",
                subject=f"{check.get_kind_display()} for {a.candidate_name} {when}",
                body=(
                    f"The {check.get_kind_display().lower()} check for {a.candidate_name} "
                    f"({a.vacancy.title}) {when}. Record it again on their application in "
                    "Thrive: a start date is not confirmed past a check that has run out."
                ),
            )
            check.reminded_on = on
        SaferCheck.objects.bulk_update(checks, ["reminded_on"])
    return len(checks)
