"""Applications: recorded by a recruiter with the channel that brought the candidate, moved
through the stages in the order the service allows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.people.models import StaffMember
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import (
    Application,
    Channel,
    ChannelKind,
    DeclineReason,
    Stage,
    Vacancy,
    VacancyStatus,
)
from thrive.recruitment.services.equality import Equality, equality_save
from thrive.recruitment.services.stage_emails import stage_email_queue

# Where each stage may go next; declined, withdrawn and rejected are the end.
NEXT_STAGE: dict[str, tuple[str, ...]] = {
    Stage.APPLIED: (Stage.SHORTLISTED, Stage.REJECTED, Stage.WITHDRAWN),
    Stage.SHORTLISTED: (Stage.INTERVIEWED, Stage.REJECTED, Stage.WITHDRAWN),
    Stage.INTERVIEWED: (Stage.OFFERED, Stage.REJECTED, Stage.WITHDRAWN),
    Stage.OFFERED: (Stage.ACCEPTED, Stage.DECLINED, Stage.WITHDRAWN),
    Stage.ACCEPTED: (Stage.WITHDRAWN,),
    Stage.DECLINED: (),
    Stage.WITHDRAWN: (),
    Stage.REJECTED: (),
}
# The day each stage was reached is kept, so the channel report counts everyone who got there.
STAGE_DATE = {
    Stage.SHORTLISTED: "shortlisted_on",
    Stage.INTERVIEWED: "interviewed_on",
    Stage.OFFERED: "offered_on",
    Stage.ACCEPTED: "accepted_on",
}


@transaction.atomic
def application_add(
    *,
    vacancy: Vacancy,
    actor: Any,
    candidate_name: str,
    candidate_email: str,
    channel: Channel,
    referred_by: StaffMember | None = None,
    overseas_check_needed: bool = False,
    applied_on: date | None = None,
    start_origin: int | None = None,
    qualification_level: int | None = None,
    swe_number: str = "",
    equality: Equality | None = None,
) -> Application:
    """Record an application for an open vacancy, with how the candidate heard of it (and, for
    refer-a-friend, the employee who referred them). A recruiter recording a form that came in
    earlier gives *applied_on* (today unless given) and what the form collected: the census
    items (where the candidate came from, their qualification, Social Work England number) and
    the equality monitoring answers, kept apart as the public form keeps them."""
    if applied_on is None:
        applied_on = clock.today()
    elif applied_on > clock.today():
        raise ThriveError("The day they applied cannot be in the future.", field="applied_on")
    elif applied_on > vacancy.closing_date:  # a form recorded late came in before it closed
        raise ThriveError(
            f"The day they applied is after the vacancy closed ({vacancy.closing_date:%-d %B %Y}).",
            field="applied_on",
        )
    if vacancy.status != VacancyStatus.OPEN:
        raise ThriveError(
            f"Applications are recorded for open vacancies; this one is "
            f"{vacancy.get_status_display().lower()}."
        )
    if channel.organisation_id != vacancy.organisation_id:
        raise ThriveError("That channel belongs to another council.")
    if channel.kind == ChannelKind.REFER_A_FRIEND and referred_by is None:
        raise ThriveError("Say which employee referred the candidate.")
    if referred_by is not None and referred_by.organisation_id != vacancy.organisation_id:
        raise ThriveError("The referring employee must work for the council.")
    email = candidate_email.strip().lower()
    if Application.objects.filter(vacancy=vacancy, candidate_email=email).exists():
        raise ThriveError(f"{email} has already applied for this vacancy.")
    application = Application(
        organisation=vacancy.organisation,
        vacancy=vacancy,
        candidate_name=candidate_name.strip(),
        candidate_email=email,
        channel=channel,
        referred_by=referred_by if channel.kind == ChannelKind.REFER_A_FRIEND else None,
        applied_on=applied_on,
        overseas_check_needed=overseas_check_needed,
        start_origin=start_origin,
        qualification_level=qualification_level,
        swe_number=swe_number.strip().upper(),
        recorded_by=actor,
    )
    full_clean_or_raise(application)
    application.save()
    if equality is not None:
        equality_save(application, equality)
    audit_log(
        action="recruitment.application_added",
        user=actor,
        organisation=application.organisation,
        obj=application,
        summary=f"{application.candidate_name} for {vacancy.title} ({channel.name})",
    )
    return application


def stage_refusal(application: Application, stage: str) -> str:
    """Why *application* cannot move to *stage*, or "" when it can."""
    allowed = NEXT_STAGE[application.stage]
    if stage in allowed:
        return ""
    current = application.get_stage_display().lower()
    if not allowed:
        return f"The application is {current}: it moves no further."
    words = ", ".join(Stage(s).label.lower() for s in allowed)
    return f"An application that is {current} can move only to: {words}."


@transaction.atomic
def application_move(
    *,
    application: Application,
    stage: str,
    actor: Any,
    on: date | None = None,
    declined_reason: str = "",
    declined_note: str = "",
    version: int | None = None,
) -> Application:
    """Move an application to its next *stage*, in the order the stages allow, reached *on*
    (today unless given: a recruiter recording what happened earlier). An offer declined says
    why (*declined_reason*, one of :class:`DeclineReason`, and optionally their words).
    *version*: the application's version the user saw (a change since is refused)."""
    locked = lock_checked(application, version=version, related=("vacancy",))
    refusal = stage_refusal(locked, stage)
    if refusal:
        raise ThriveError(refusal)
    on = on or clock.today()
    if on > clock.today():
        raise ThriveError("The day cannot be in the future.", field="on")
    if on < locked.applied_on:
        raise ThriveError(
            f"The day is before they applied ({locked.applied_on:%-d %B %Y}).", field="on"
        )
    if stage == Stage.DECLINED:
        if declined_reason not in DeclineReason.values:
            raise ThriveError("Say why they declined the offer.", field="declined_reason")
        locked.declined_reason = declined_reason
        locked.declined_note = declined_note.strip()
    was = locked.stage
    locked.stage = stage
    if stage in STAGE_DATE:
        setattr(locked, STAGE_DATE[Stage(stage)], on)
    locked.version += 1
    full_clean_or_raise(locked)
    locked.save()
    audit_log(
        action="recruitment.stage_moved",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        summary=f"{locked.candidate_name}: {Stage(was).label} to {Stage(stage).label}",
        detail={"from": was, "to": stage}
        | ({"why": locked.declined_reason} if stage == Stage.DECLINED else {}),
    )
    # The candidate is told of a move made today; one recorded after the fact was told then.
    if on == clock.today():
        stage_email_queue(locked)
    return locked
