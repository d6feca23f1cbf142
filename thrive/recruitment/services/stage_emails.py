"""The emails a candidate gets as their application moves: shortlisted, offered, not taken
further. Wording is the council's, as dated data (the defaults until it writes its own); sent
through the outbox once the move commits, so a move undone tells nobody. Internal stages (an
interview held) and the candidate's own acts (accepting, declining, withdrawing) send nothing."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.council_models import STAGE_EMAIL_KINDS
from thrive.recruitment.defaults import DEFAULT_STAGE_EMAILS
from thrive.recruitment.models import Application, EmailedStage, StageEmail

PLACEHOLDERS = ("name", "job", "council", "link")


@dataclass(frozen=True)
class Wording:
    stage: str
    subject: str
    body: str
    # The council's version in force, or None for the default wording.
    version: StageEmail | None
    # False when the council has switched this email off.
    sent: bool = True

    @property
    def stage_words(self) -> str:
        return EmailedStage(self.stage).label

    @property
    def kind(self) -> str:
        """Its message kind in the outbox (its own GOV.UK Notify template, its own setting)."""
        return STAGE_EMAIL_KINDS[self.stage]


def _check(text: str, field: str) -> str:
    text = text.strip()
    if not text:
        raise ThriveError("Enter the wording.", field=field)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        raise ThriveError(
            "Curly brackets are only for {name}, {job}, {council} and {link}.", field=field
        ) from None
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        raise ThriveError(
            f"Unknown {{{unknown[0]}}}: use only {{name}}, {{job}}, {{council}} and {{link}}.",
            field=field,
        )
    return text


@transaction.atomic
def stage_email_set(
    *,
    organisation: Organisation,
    actor: Any,
    stage: str,
    effective_from: date,
    subject: str,
    body: str,
    sent: bool = True,
) -> StageEmail:
    """Word the email for *stage* from *effective_from* (today or later: emails already sent
    keep the wording they had), or with *sent* False stop sending it from that day."""
    if stage not in EmailedStage.values:
        raise ThriveError("Choose a stage candidates are emailed about.", field="stage")
    if effective_from < clock.today():
        raise ThriveError(
            "Emails already sent keep their wording: start today or later.",
            field="effective_from",
        )
    taken = StageEmail.objects.for_org(organisation).filter(
        stage=stage, effective_from=effective_from
    )
    if taken.exists():
        raise ThriveError(
            f"That email already has wording from {effective_from:%-d %B %Y}; choose another date.",
            field="effective_from",
        )
    email = StageEmail(
        organisation=organisation,
        stage=stage,
        effective_from=effective_from,
        subject=_check(subject, "subject"),
        body=_check(body, "body"),
        sent=sent,
        added_by=actor,
    )
    full_clean_or_raise(email)
    email.save()
    audit_log(
        action="recruitment.stage_email_set",
        user=actor,
        organisation=organisation,
        obj=email,
        summary=f"The '{email.get_stage_display()}' email from {effective_from:%-d %B %Y}"
        + ("" if sent else ": not sent"),
    )
    return email


def stage_wordings(organisation: Organisation, on: date) -> list[Wording]:
    """The wording in force on *on* for each emailed stage (one query)."""
    versions = list(
        StageEmail.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .order_by("stage", "-effective_from")
    )
    found: dict[str, StageEmail] = {}
    for v in versions:
        found.setdefault(v.stage, v)
    result = []
    for stage in EmailedStage.values:
        kept = found.get(stage)
        subject, body = (kept.subject, kept.body) if kept else DEFAULT_STAGE_EMAILS[stage]
        result.append(Wording(stage, subject, body, kept, kept.sent if kept else True))
    return result


def stage_email_versions(organisation: Organisation) -> Any:
    """Every version the council has worded, by stage, latest first."""
    return StageEmail.objects.for_org(organisation).select_related("added_by")


def stage_email_queue(application: Application) -> None:
    """Queue the email for the stage *application* has just reached, if candidates are told of
    it; sent after the surrounding transaction commits."""
    if application.stage not in EmailedStage.values or not application.candidate_email:
        return
    from thrive.recruitment.services.candidates import sign_in_url

    wording = next(
        w
        for w in stage_wordings(application.organisation, clock.today())
        if w.stage == application.stage
    )
    if not wording.sent:
        return
    values = {
        "name": application.candidate_name,
        "job": application.vacancy.title,
        "council": application.organisation.name,
        "link": sign_in_url(application.candidate_email),
    }
    email_on_commit(
        to=[application.candidate_email],
        subject=wording.subject.format_map(values),
        body=wording.body.format_map(values),
        organisation=application.organisation,
        kind=wording.kind,
    )
