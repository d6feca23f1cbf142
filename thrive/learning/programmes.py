"""Programme evaluation: programmes with their outcome questionnaire and measurement points,
participants, questionnaires sent when due and answered by the participant, and the report
(answers over time, paired change, retention against comparable colleagues)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q

from analytics import programmes as rules
from analytics.supervision import add_months
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.learning.models import (
    STANDARD_OUTCOMES,
    STANDARD_POINTS,
    Invitation,
    MeasurementPoint,
    OutcomeAnswer,
    OutcomeQuestion,
    Participant,
    Programme,
)
from thrive.learning.selectors.programmes import staff_by_staff_ids
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.people.services import full_clean_or_raise


@transaction.atomic
def programme_create(*, organisation: Organisation, actor: Any, **fields: Any) -> Programme:
    """A programme with the standard outcome questions and measurement points (baseline, end,
    6 and 12 months); the organisation adds its own questions."""
    programme = Programme(organisation=organisation, **fields)
    full_clean_or_raise(programme)
    programme.save()
    OutcomeQuestion.objects.bulk_create(
        OutcomeQuestion(organisation=organisation, programme=programme, key=k, text=t, order=n)
        for n, (k, t) in enumerate(STANDARD_OUTCOMES)
    )
    MeasurementPoint.objects.bulk_create(
        MeasurementPoint(
            organisation=organisation, programme=programme, name=name, months_after=m, order=n
        )
        for n, (name, m) in enumerate(STANDARD_POINTS)
    )
    audit_log(
        action="learning.programme_created",
        user=actor,
        organisation=organisation,
        obj=programme,
        summary=f"Programme {programme}",
    )
    return programme


@transaction.atomic
def question_add(*, programme: Programme, text: str, actor: Any) -> OutcomeQuestion:
    text = text.strip()
    if not text:
        raise ThriveError("Enter the question.", field="text")
    if programme.invitations_answered():
        raise ThriveError(
            "Questions cannot be added once people have answered: the answers would not compare."
        )
    order = programme.questions.aggregate(m=Max("order"))["m"] or 0
    question = OutcomeQuestion.objects.create(
        organisation=programme.organisation,
        programme=programme,
        key=f"own-{order + 1}",
        text=text,
        order=order + 1,
    )
    audit_log(
        action="learning.question_added",
        user=actor,
        organisation=programme.organisation,
        obj=programme,
        summary=f"Question: {text}",
    )
    return question


def _due(point: MeasurementPoint, programme: Programme, joined: date) -> date:
    if point.months_after is None:
        return max(programme.ends_on, joined)
    return add_months(joined, point.months_after)


@transaction.atomic
def participant_add(
    *, programme: Programme, person: StaffMember, joined_on: date, actor: Any
) -> Participant:
    """Add a participant; their questionnaires are scheduled from the date they joined."""
    if person.organisation_id != programme.organisation_id:
        raise ThriveError("The person works for another council.")
    if Participant.objects.filter(programme=programme, person=person).exists():
        raise ThriveError(f"{person.full_name} is already a participant.")
    participant = Participant.objects.create(
        organisation=programme.organisation, programme=programme, person=person, joined_on=joined_on
    )
    Invitation.objects.bulk_create(
        Invitation(
            organisation=programme.organisation,
            participant=participant,
            point=p,
            due_on=_due(p, programme, joined_on),
        )
        for p in programme.points.all()
    )
    audit_log(
        action="learning.participant_added",
        user=actor,
        organisation=programme.organisation,
        obj=programme,
        summary=f"{person.full_name} joined {programme}",
    )
    return participant


@transaction.atomic
def participants_add(
    *, programme: Programme, staff_ids: list[str], joined_on: date, actor: Any
) -> list[Participant]:
    """Add everyone in *staff_ids* (staff IDs from the register), all or none: a refusal part-way
    (someone unknown, or already a participant) leaves nobody added, so the list can be
    corrected and sent again as typed."""
    found = staff_by_staff_ids(programme.organisation, staff_ids)
    unknown = [i for i in staff_ids if i not in found]
    if unknown:
        raise ThriveError("Not in the register: " + ", ".join(unknown), field="staff_ids")
    try:
        return [
            participant_add(programme=programme, person=found[i], joined_on=joined_on, actor=actor)
            for i in staff_ids
        ]
    except ThriveError as exc:
        raise ThriveError(
            f"{exc.message} Nobody was added: correct the list and add again.", field="staff_ids"
        ) from exc


def invitations_send(
    organisation: Organisation,
    on: date,
    *,
    progress: Callable[..., Any] | None = None,
    dry_run: bool = False,
) -> int:
    """Email each participant whose questionnaire has fallen due (once). Returns how many."""
    due = list(
        Invitation.objects.for_org(organisation)
        .filter(due_on__lte=on, sent_at__isnull=True, answered_at__isnull=True)
        .select_related("participant__person__user", "participant__programme", "point")
    )
    sent = 0
    for inv in progress(due, desc="Questionnaires") if progress else due:
        user = inv.participant.person.user
        if user is None or not user.email or not user.is_active:
            continue
        if not dry_run:
            with transaction.atomic():
                base = settings.THRIVE_BASE_URL
                link = f"{base}/o/{organisation.code}/learning/questionnaires/{inv.pk}/"
                name = inv.participant.programme.name
                email_on_commit(
                    to=[user.email],
                    subject=f"{name}: a few questions ({inv.point.name})",
                    body=f"Hello {user.full_name or user.email},\n\nPlease answer a few short "
                    f"questions about {name}. It takes two minutes and helps us know whether the "
                    f"programme works.\n\n{link}",
                    organisation=organisation,
                    kind="learning.questionnaire",
                )
                inv.sent_at = clock.now()
                inv.save(update_fields=["sent_at", "updated_at"])
                audit_log(
                    action="learning.questionnaire_sent",
                    user=user,
                    organisation=organisation,
                    obj=inv,
                    summary=f"{inv.point.name} questionnaire for {inv.participant.programme.name}",
                )
        sent += 1
    return sent


def _check_answers(
    invitation: Invitation, questions: list[OutcomeQuestion], scores: Mapping[int, int]
) -> None:
    """The rules every questionnaire's answers meet, given by the participant or as history."""
    if invitation.answered_at is not None:
        raise ThriveError("You have already answered this questionnaire. Thank you.")
    if invitation.due_on > clock.today():
        raise ThriveError(f"This questionnaire opens on {invitation.due_on:%-d %B %Y}.")
    missing = [q.text for q in questions if q.pk not in scores]
    if missing:
        raise ThriveError("Answer every question.", problems=missing)


def _answer_rows(
    invitation: Invitation, questions: list[OutcomeQuestion], scores: Mapping[int, int]
) -> list[OutcomeAnswer]:
    return [
        OutcomeAnswer(
            organisation=invitation.organisation,
            invitation=invitation,
            question=q,
            score=int(scores[q.pk]),
        )
        for q in questions
    ]


@transaction.atomic
def answers_history_add(
    *, programme: Programme, answers: Mapping[Invitation, Mapping[int, int]]
) -> int:
    """Record answers participants gave to *programme*'s questionnaires, as a programme bringing
    its history (and the demo) does: each questionnaire checked as `answers_save` checks it,
    all written together, each marked sent and answered. Returns how many were answered."""
    questions = list(programme.questions.all())
    rows = []
    for invitation, scores in answers.items():
        if invitation.participant.programme_id != programme.pk:
            raise ThriveError("That questionnaire belongs to another programme.")
        _check_answers(invitation, questions, scores)
        rows += _answer_rows(invitation, questions, scores)
    OutcomeAnswer.objects.bulk_create(rows, batch_size=2000)
    now = clock.now()
    Invitation.objects.filter(pk__in=[i.pk for i in answers]).update(
        sent_at=now, answered_at=now, updated_at=now
    )
    return len(answers)


@transaction.atomic
def answers_save(*, invitation: Invitation, user: Any, scores: Mapping[int, int]) -> Invitation:
    """The participant's answers to every question, once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.participant.person.user_id != user.pk:
        raise ThriveError("Only the participant answers their questionnaire.")
    questions = list(invitation.participant.programme.questions.all())
    _check_answers(invitation, questions, scores)
    OutcomeAnswer.objects.bulk_create(_answer_rows(invitation, questions, scores))
    invitation.answered_at = clock.now()
    invitation.save(update_fields=["answered_at", "updated_at"])
    return invitation


# --- The report --------------------------------------------------------------------------------


def _spell_on(spells: list[EmploymentSpell], on: date) -> EmploymentSpell | None:
    inside = [s for s in spells if s.start_date <= on and (s.end_date is None or s.end_date > on)]
    return max(inside, key=lambda s: s.start_date) if inside else None


def programme_report(programme: Programme, as_of: date) -> dict[str, Any]:
    """Answers over time, paired change from baseline, and retention of participants against
    comparable colleagues (same role, team type and service band when the participant joined)."""
    points = list(programme.points.all())
    questions = list(programme.questions.all())
    rows = OutcomeAnswer.objects.filter(invitation__participant__programme=programme).values_list(
        "invitation__participant_id", "question__text", "invitation__point__name", "score"
    )
    answers = [rules.Answer(p, q, pt, s) for p, q, pt, s in rows]
    names = [p.name for p in points]
    baseline = names[0]
    means = rules.means_over_time(answers, names)
    changes = rules.paired_changes(answers, baseline, names[1:])
    participants = list(Participant.objects.filter(programme=programme).select_related("person"))
    org = programme.organisation
    spells_by_person: dict[int, list[EmploymentSpell]] = {}
    for s in (
        EmploymentSpell.objects.for_org(org)
        .filter(profession="social_worker")
        .select_related("team")
    ):
        spells_by_person.setdefault(s.person_id, []).append(s)
    bounds = {
        r["person_id"]: r
        for r in EmploymentSpell.objects.for_org(org)
        .values("person_id")
        .annotate(
            first=Min("start_date"),
            last=Max("end_date"),
            open=Max("id", filter=Q(end_date__isnull=True)),
        )
    }

    def person_for(person_id: int, on: date) -> rules.Person | None:
        spell = _spell_on(spells_by_person.get(person_id, []), on)
        if spell is None:
            return None
        b = bounds[person_id]
        left = None if b["open"] is not None else b["last"]
        team_type = spell.team.team_type if spell.team else ""
        return rules.Person(person_id, spell.org_role, team_type, b["first"], left, index=on)

    cohort = [
        p for p in (person_for(x.person_id, x.joined_on) for x in participants) if p is not None
    ]
    ids = {x.person_id for x in participants}

    def pool_on(index: date) -> list[rules.Person]:
        # Colleagues as they were on a participant's own join date: in post that day, with
        # that day's role and team type.
        return [
            p
            for pid in spells_by_person
            if pid not in ids
            for p in [person_for(pid, index)]
            if p is not None
        ]

    comparators = rules.match_comparators(cohort, pool_on, per_participant=3, seed=programme.pk)
    return {
        "points": names,
        "questions": [q.text for q in questions],
        "means": means,
        "changes": changes,
        "retention": rules.retention(cohort, comparators, as_of),
        "participants": len(participants),
        "answered": Invitation.objects.filter(
            participant__programme=programme, answered_at__isnull=False
        ).count(),
        "as_of": as_of,
    }
