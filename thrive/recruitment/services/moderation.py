"""Moderation: once every panellist has sent a candidate's sheet (the scores are revealed), the
panel's chair records the agreed score for each question (a note where it falls outside the
panellists' range) and the candidate's outcome, with the panellists who shaped it. Moderating
again names the version it changes; every change is audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import (
    AgreedScore,
    Application,
    CandidateOutcome,
    Outcome,
    Panel,
    Panellist,
    PanelStatus,
    Score,
)


def chair_of(panel: Panel) -> Panellist | None:
    return Panellist.objects.filter(panel=panel, chair=True).select_related("user").first()


@transaction.atomic
def panel_chair_set(*, panel: Panel, panellist: Panellist, actor: Any) -> Panellist:
    """Make *panellist* the chair of their open panel (the chair before, if any, no longer)."""
    locked = Panel.objects.select_for_update().get(pk=panel.pk)
    if locked.status != PanelStatus.OPEN:
        raise ThriveError("The panel has made its decision; its chair stays as it was.")
    if panellist.panel_id != locked.pk:
        raise ThriveError("The chair is one of the panel's panellists.")
    Panellist.objects.filter(panel=locked, chair=True).exclude(pk=panellist.pk).update(chair=False)
    Panellist.objects.filter(pk=panellist.pk).update(chair=True)
    panellist.chair = True
    audit_log(
        action="recruitment.panel_chair_set",
        user=actor,
        organisation=locked.organisation,
        obj=panellist,
        summary=f"{panellist.user.email} chairs {locked}",
    )
    return panellist


@transaction.atomic
def candidate_moderate(
    *,
    panel: Panel,
    application: Application,
    actor: Any,
    scores: Mapping[int, tuple[int, str]],
    outcome: str,
    reasons: str,
    shaped_by: Iterable[Panellist],
    version: int | None = None,
) -> CandidateOutcome:
    """Record the panel's agreed scores (question id -> (score, note)) and outcome for one
    candidate. Only the chair, only on an open panel, only once every panellist has sent the
    candidate's sheet; *version* is the outcome's version the chair saw (None for the first)."""
    locked = Panel.objects.select_for_update().get(pk=panel.pk)
    if locked.status != PanelStatus.OPEN:
        raise ThriveError("The panel has made its decision; moderation is closed.")
    panellists = list(locked.panellists.select_related("user"))
    if not any(p.chair and p.user_id == actor.pk for p in panellists):
        raise ThriveError("Only the panel's chair records the agreed scores and the outcome.")
    if not locked.candidates.filter(pk=application.pk).exists():
        raise ThriveError("That candidate is not before this panel.")
    given = list(
        Score.objects.filter(panellist__panel=locked, application=application).values_list(
            "panellist_id", "question_id", "score"
        )
    )
    sent = {p for p, _, _ in given}
    waiting = [p.user.email for p in panellists if p.pk not in sent]
    if waiting:
        raise ThriveError(
            "The scores are not revealed until every panellist has sent their sheet for "
            f"{application.candidate_name}; still to send: {', '.join(waiting)}."
        )
    questions = list(locked.questions.order_by("value", "pk"))
    missing = [q.value for q in questions if q.pk not in scores]
    if missing or set(scores) - {q.pk for q in questions}:
        raise ThriveError(
            "Give an agreed score for each of the panel's questions"
            + (f": {', '.join(missing)} has none." if missing else ".")
        )
    agreed = []
    for q in questions:
        value, note = scores[q.pk]
        if not 1 <= int(value) <= 5:
            raise ThriveError(f"Each agreed score is from 1 to 5 ({q.value}).", field="scores")
        theirs = [s for _, qid, s in given if qid == q.pk]
        low, high = min(theirs), max(theirs)
        if not low <= int(value) <= high and not note.strip():
            raise ThriveError(
                f"The agreed score for {q.value} ({value}) is outside the panellists' scores "
                f"({low} to {high}): say why in its note.",
                field="scores",
            )
        agreed.append((q, int(value), note.strip()))
    if outcome not in Outcome.values:
        raise ThriveError("Choose the outcome: appointable, reserve or not appointable.")
    if not reasons.strip():
        raise ThriveError("Give the reasons for the outcome.", field="reasons")
    shaped = {p.pk for p in shaped_by}
    if not shaped or not shaped <= {p.pk for p in panellists}:
        raise ThriveError("Say which of the panel's panellists shaped the outcome.")
    record = (
        CandidateOutcome.objects.select_for_update()
        .filter(panel=locked, application=application)
        .first()
    )
    if record is not None and version != record.version:
        raise ThriveError(
            f"The outcome for {application.candidate_name} was recorded again since you opened "
            "it (by "
            f"{record.recorded_by.email} at {timezone.localtime(record.recorded_at):%H:%M}): "
            "reload it and moderate again.",
            field="version",
        )
    before = (
        {
            "outcome": record.outcome,
            "scores": {s.question_id: s.score for s in record.scores.all()},
        }
        if record is not None
        else None
    )
    if record is None:
        record = CandidateOutcome(
            organisation=locked.organisation, panel=locked, application=application
        )
    else:
        record.version += 1
    record.outcome = outcome
    record.reasons = reasons.strip()
    record.recorded_by = actor
    record.recorded_at = clock.now()
    full_clean_or_raise(record)
    record.save()
    record.scores.all().delete()
    rows = [
        AgreedScore(
            organisation=locked.organisation, outcome=record, question=q, score=v, note=note
        )
        for q, v, note in agreed
    ]
    for row in rows:
        full_clean_or_raise(row)
    AgreedScore.objects.bulk_create(rows)
    record.shaped_by.set(sorted(shaped))
    audit_log(
        action="recruitment.candidate_moderated",
        user=actor,
        organisation=locked.organisation,
        obj=record,
        summary=f"{application.candidate_name} on {locked}: {record.get_outcome_display()}",
        detail={
            "scores": {q.pk: v for q, v, _ in agreed},
            "shaped_by": sorted(shaped),
            "before": before,
        },
    )
    return record
