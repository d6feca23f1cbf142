"""The question bank and selection panels: questions as dated data per council; a panel's
questions, candidates and panellists (staff, lived-experience, partner); independent scoring
(each sheet sent whole, nobody sees another's until all are in); the decision, which closes the
panel to its panellists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.invitations import candidates_invite, everyone_told, panellist_invite
from thrive.recruitment.models import (
    Application,
    Panel,
    Panellist,
    PanellistKind,
    PanelStatus,
    Question,
    Score,
    Stage,
    Vacancy,
)

# Candidates a panel may see: shortlisted or further, not out of the running.
PANEL_STAGES = (Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED)


@transaction.atomic
def question_add(
    *,
    organisation: Organisation,
    actor: Any,
    text: str,
    value: str,
    rubric: str,
    role: str,
    effective_from: date,
    effective_to: date | None = None,
) -> Question:
    """Add a question to the council's bank."""
    question = Question(
        organisation=organisation,
        text=text.strip(),
        value=value.strip(),
        rubric=rubric.strip(),
        role=role,
        effective_from=effective_from,
        effective_to=effective_to,
        added_by=actor,
    )
    if effective_to is not None and effective_to < effective_from:
        raise ThriveError("The last day must be on or after the first day.")
    full_clean_or_raise(question)
    question.save()
    audit_log(
        action="recruitment.question_added",
        user=actor,
        organisation=organisation,
        obj=question,
        summary=f"{question.value}: {question.text[:80]}",
    )
    return question


@transaction.atomic
def panel_add(
    *,
    vacancy: Vacancy,
    actor: Any,
    sits_on: date,
    questions: Iterable[Question],
    candidates: Iterable[Application],
    name: str = "Interview panel",
    step: int | None = None,
) -> Panel:
    """Set up a panel for *vacancy* with questions current on the day it sits and candidates
    shortlisted (or further) for this vacancy. It assesses *step* of the vacancy's selection
    (its number, from 1; the last step, the interview, unless given)."""
    questions, candidates = list(questions), list(candidates)
    steps = list(vacancy.selection_steps or [])
    if step is None:
        step = len(steps) or None
    elif not 1 <= step <= len(steps):
        raise ThriveError("Choose a step of this vacancy's selection.", field="step")
    if not questions:
        raise ThriveError("Choose at least one question.")
    if not candidates:
        raise ThriveError("Choose at least one shortlisted candidate.")
    for q in questions:
        if q.organisation_id != vacancy.organisation_id:
            raise ThriveError("A question belongs to another council.")
        if q.effective_from > sits_on or (q.effective_to and q.effective_to < sits_on):
            raise ThriveError(f"The question on {q.value} is not in use on {sits_on:%-d %B %Y}.")
    for a in candidates:
        if a.vacancy_id != vacancy.pk or a.stage not in PANEL_STAGES:
            raise ThriveError(f"{a.candidate_name} is not a shortlisted candidate for this job.")
    panel = Panel(
        organisation=vacancy.organisation, vacancy=vacancy, name=name, step=step, sits_on=sits_on
    )
    full_clean_or_raise(panel)
    panel.save()
    panel.questions.set(questions)
    panel.candidates.set(candidates)
    candidates_invite(panel, candidates)  # each candidate: the day, in their calendar
    audit_log(
        action="recruitment.panel_added",
        user=actor,
        organisation=panel.organisation,
        obj=panel,
        summary=f"{panel.name} for {vacancy.title} on {sits_on:%-d %B %Y}"
        + (f" ({steps[step - 1]})" if step else ""),
    )
    return panel


@transaction.atomic
def panellist_add(
    *,
    panel: Panel,
    actor: Any,
    user: Any,
    kind: str,
    represents: str = "",
    trained_on: date | None = None,
    paid_amount: Decimal | None = None,
    paid_on: date | None = None,
    chair: bool = False,
) -> Panellist:
    """Invite *user* (who has a role at the council) to sit on *panel* (as its chair, who
    records the moderated scores and outcomes, when *chair*: a panel has one)."""
    if panel.status != PanelStatus.OPEN:
        raise ThriveError("The panel has made its decision; it takes no one new.")
    if not user.role_assignments.filter(organisation=panel.organisation).exists():
        raise ThriveError("Give the person a role at the council first (a panel member, say).")
    if Panellist.objects.filter(panel=panel, user=user).exists():
        raise ThriveError(f"{user.email} already sits on this panel.")
    if paid_amount is not None and paid_on is None:
        raise ThriveError("Give the date of the payment.")
    if chair and (other := Panellist.objects.filter(panel=panel, chair=True).first()):
        raise ThriveError(f"{other.user.email} already chairs this panel.")
    panellist = Panellist(
        organisation=panel.organisation,
        panel=panel,
        user=user,
        kind=kind,
        represents=represents.strip(),
        trained_on=trained_on,
        paid_amount=paid_amount,
        paid_on=paid_on,
        chair=chair,
    )
    full_clean_or_raise(panellist)
    panellist.save()
    panellist_invite(panellist)
    audit_log(
        action="recruitment.panellist_added",
        user=actor,
        organisation=panel.organisation,
        obj=panellist,
        summary=f"{user.email} ({panellist.get_kind_display().lower()}) on {panel}"
        + (", chair" if chair else ""),
    )
    return panellist


def sheet_sent(panellist: Panellist, application: Application) -> bool:
    return Score.objects.filter(panellist=panellist, application=application).exists()


@transaction.atomic
def scores_submit(
    *,
    panellist: Panellist,
    application: Application,
    actor: Any,
    scores: Mapping[int, tuple[int, str]],
) -> list[Score]:
    """Send *panellist*'s whole sheet for *application*: a score from 1 to 5 (and a note) for
    every question of the panel. Sent once; only by the panellist themselves."""
    panel = Panel.objects.select_for_update().get(pk=panellist.panel_id)
    if actor.pk != panellist.user_id:
        raise ThriveError("Only the panellist sends their own scores.")
    if panel.status != PanelStatus.OPEN:
        raise ThriveError("The panel has made its decision; scoring is closed.")
    if not panel.candidates.filter(pk=application.pk).exists():
        raise ThriveError("That candidate is not before this panel.")
    if panellist.kind == PanellistKind.LIVED_EXPERIENCE and (
        panellist.trained_on is None or panellist.trained_on > clock.today()
    ):
        raise ThriveError("A lived-experience panellist's training is recorded before they score.")
    if sheet_sent(panellist, application):
        raise ThriveError("You have already sent your scores for this candidate.")
    questions = list(panel.questions.all())
    missing = [q.value for q in questions if q.pk not in scores]
    if missing:
        raise ThriveError(f"Score every question: {', '.join(missing)} has no score.")
    now = clock.now()
    rows = []
    for q in questions:
        value, note = scores[q.pk]
        if not 1 <= int(value) <= 5:
            raise ThriveError(f"Each score is from 1 to 5 ({q.value}).")
        score = Score(
            organisation=panel.organisation,
            panellist=panellist,
            application=application,
            question=q,
            score=int(value),
            note=note.strip(),
            submitted_at=now,
        )
        full_clean_or_raise(score)
        rows.append(score)
    Score.objects.bulk_create(rows)
    audit_log(
        action="recruitment.scores_sent",
        user=actor,
        organisation=panel.organisation,
        obj=panellist,
        summary=f"Scores for {application.candidate_name} on {panel}",
    )
    return rows


@transaction.atomic
def panel_decide(
    *, panel: Panel, actor: Any, decision: str, shaped_by: Iterable[Panellist]
) -> Panel:
    """Record the panel's decision and which panellists shaped it, once every panellist has sent
    every candidate's sheet; the panel closes and its panellists no longer see it."""
    locked = Panel.objects.select_for_update().get(pk=panel.pk)
    if locked.status != PanelStatus.OPEN:
        raise ThriveError("The panel has already made its decision.")
    if not decision.strip():
        raise ThriveError("Write the decision and the reasons for it.")
    panellists = list(locked.panellists.all())
    if not panellists:
        raise ThriveError("The panel has no panellists.")
    candidates = list(locked.candidates.all())
    sent = set(
        Score.objects.filter(panellist__panel=locked).values_list("panellist_id", "application_id")
    )
    waiting = [p for p in panellists if any((p.pk, a.pk) not in sent for a in candidates)]
    if waiting:
        names = ", ".join(p.user.email for p in waiting)
        raise ThriveError(f"Every panellist sends every sheet first; still to send: {names}.")
    shaped = {p.pk for p in shaped_by}
    if not shaped or not shaped <= {p.pk for p in panellists}:
        raise ThriveError("Say which of the panel's panellists shaped the decision.")
    Panellist.objects.filter(panel=locked, pk__in=shaped).update(shaped_decision=True)
    locked.decision = decision.strip()
    locked.decided_by = actor
    locked.decided_at = clock.now()
    locked.status = PanelStatus.DECIDED
    locked.version += 1
    full_clean_or_raise(locked)
    locked.save()
    audit_log(
        action="recruitment.panel_decided",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        summary=f"{locked}: decided",
        detail={"shaped_by": sorted(shaped)},
    )
    return locked


def panel_move(*, panel: Panel, sits_on: date, actor: Any, version: int | None = None) -> int:
    """Move an open panel that has not sat to *sits_on*: every panellist and candidate gets the
    updated calendar invitation (the same event, a higher SEQUENCE). Refuses a stale edit, a day
    in the past, a decided panel and a question not in use on the new day. Returns how many were
    told."""
    with versioned_change(
        panel,
        version=version,
        actor=actor,
        action="recruitment.panel_moved",
        related=("vacancy",),
    ) as change:
        locked = change.obj
        if locked.status != PanelStatus.OPEN:
            raise ThriveError("The panel has made its decision; it cannot move.")
        if locked.sits_on < clock.today():
            raise ThriveError("The panel has sat; record its decision instead.")
        if sits_on < clock.today():
            raise ThriveError("Choose today or a day still to come.", field="sits_on")
        if sits_on == locked.sits_on:
            raise ThriveError("The panel already sits on that day.", field="sits_on")
        for q in locked.questions.all():
            if q.effective_from > sits_on or (q.effective_to and q.effective_to < sits_on):
                raise ThriveError(
                    f"The question on {q.value} is not in use on {sits_on:%-d %B %Y}.",
                    field="sits_on",
                )
        was = locked.sits_on
        locked.sits_on = sits_on
        change.fields = ["sits_on"]
        told = everyone_told(locked, method="REQUEST", later=1, moved=True)
        change.summary = f"{locked}: moved from {was:%-d %B %Y} to {sits_on:%-d %B %Y}"
        change.detail = {"from": was.isoformat(), "to": sits_on.isoformat(), "told": told}
    return told


@transaction.atomic
def panel_call_off(
    *, panel: Panel, actor: Any, reason: str = "", version: int | None = None
) -> int:
    """Call off an open panel before anyone has scored: every panellist and candidate is sent the
    cancellation (``METHOD:CANCEL``, removing the day from their calendar). The panel is kept,
    *called off* with who, when and why, so reports still count it; its panellists no longer
    see it and the candidates stay shortlisted for another panel. Returns how many were told."""
    reason = (reason or "").strip()
    with versioned_change(
        panel,
        version=version,
        actor=actor,
        action="recruitment.panel_called_off",
        related=("vacancy",),
    ) as change:
        locked = change.obj
        if locked.status == PanelStatus.CALLED_OFF:
            raise ThriveError("The panel is already called off.")
        if locked.status != PanelStatus.OPEN:
            raise ThriveError("The panel has made its decision; it cannot be called off.")
        if Score.objects.filter(panellist__panel=locked).exists():
            raise ThriveError(
                "Panellists have sent scores: record the panel's decision instead of calling it "
                "off."
            )
        if not reason:
            raise ThriveError(
                "Say why the panel is called off: it is kept with the reason.", field="reason"
            )
        told = everyone_told(locked, method="CANCEL", later=1)
        locked.status = PanelStatus.CALLED_OFF
        locked.called_off_by = actor
        locked.called_off_at = clock.now()
        locked.called_off_reason = reason[:300]
        full_clean_or_raise(locked)
        change.fields = ["status", "called_off_by", "called_off_at", "called_off_reason"]
        change.summary = f"{locked} on {locked.sits_on:%-d %B %Y} called off; {told} told"
        change.detail = {"reason": reason[:300], "told": told}
    return told
