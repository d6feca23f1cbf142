"""The progression framework's writes: levels described against the PCF's nine domains as dated
rows, the council's values-led panel questions, a person's plan with evidence and their manager's
view, applying, and the panel's decision — which changes the person's role in the register from a
date through the register's own service."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from thrive.academy import defaults, selectors
from thrive.academy.models import (
    PCF_DOMAINS,
    PROGRESSION_EVIDENCE_LABELS,
    DeclineReason,
    PanelQuestion,
    ProgressionEvidence,
    ProgressionLevel,
    ProgressionPlan,
    ProgressionStatus,
)
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.people.services import full_clean_or_raise

PLAN_STALE = "Someone else changed this progression plan while you were editing; look again."


@transaction.atomic
def progression_defaults(*, organisation: Organisation, actor: Any) -> int:
    """The framework a council starts with (five levels, Wandsworth's three questions), once;
    the council then edits them as dated rows. Returns how many rows were added."""
    added = 0
    if not ProgressionLevel.objects.for_org(organisation).exists():
        for level in defaults.PROGRESSION_LEVELS:
            level_add(
                organisation=organisation,
                effective_from=date(2000, 1, 1),
                criteria={key: defaults._PCF for key, _ in PCF_DOMAINS},
                actor=actor,
                **level,
            )
            added += 1
    if not PanelQuestion.objects.for_org(organisation).exists():
        PanelQuestion.objects.bulk_create(
            PanelQuestion(
                organisation=organisation, text=text, order=n, effective_from=date(2000, 1, 1)
            )
            for n, text in enumerate(defaults.PANEL_QUESTIONS, start=1)
        )
        added += len(defaults.PANEL_QUESTIONS)
    return added


@transaction.atomic
def level_add(
    *,
    organisation: Organisation,
    name: str,
    rank: int,
    org_role: int,
    effective_from: date,
    actor: Any,
    kss: str = "",
    criteria: dict[str, str] | None = None,
) -> ProgressionLevel:
    """A level of the framework, or a new description of one from a date."""
    unknown = set(criteria or {}) - {key for key, _ in PCF_DOMAINS}
    if unknown:
        raise ThriveError(
            f"Not a Professional Capabilities Framework domain: {', '.join(sorted(unknown))}.",
            field="criteria",
        )
    if (
        ProgressionLevel.objects.for_org(organisation)
        .filter(name=name, effective_from=effective_from)
        .exists()
    ):
        raise ThriveError(
            f"{name} already has a description from {effective_from:%-d %B %Y}.",
            field="effective_from",
        )
    level = ProgressionLevel(
        organisation=organisation,
        name=name.strip(),
        rank=rank,
        org_role=org_role,
        effective_from=effective_from,
        kss=kss,
        criteria=criteria or {},
    )
    full_clean_or_raise(level)
    level.save()
    audit_log(
        action="academy.level_added",
        user=actor,
        organisation=organisation,
        obj=level,
        summary=f"Progression level {level.name} from {effective_from:%-d %B %Y}",
    )
    return level


@transaction.atomic
def plan_add(
    *, person: StaffMember, level: ProgressionLevel, goals: str, actor: Any
) -> ProgressionPlan:
    """A person's plan towards a level (one open plan at a time)."""
    if level.organisation_id != person.organisation_id:
        raise ThriveError("That level belongs to another council.", field="level")
    if not goals.strip():
        raise ThriveError("Say what your goals are.", field="goals")
    open_plan = (
        ProgressionPlan.objects.for_org(person.organisation)
        .filter(person=person, status__in=(ProgressionStatus.PLANNING, ProgressionStatus.APPLIED))
        .exists()
    )
    if open_plan:
        raise ThriveError("You already have a progression plan open.", field="level")
    plan = ProgressionPlan(
        organisation=person.organisation, person=person, level=level, goals=goals.strip()
    )
    full_clean_or_raise(plan)
    plan.save()
    audit_log(
        action="academy.plan_added",
        user=actor,
        organisation=person.organisation,
        obj=plan,
        summary=f"{person}: a progression plan towards {level.name}",
    )
    return plan


@transaction.atomic
def progression_evidence_add(
    *,
    plan: ProgressionPlan,
    kind: str,
    title: str,
    on: date,
    actor: Any,
    note: str = "",
    file: Any = None,
) -> ProgressionEvidence:
    """Add a piece of evidence to a plan still being prepared, with a file if there is one (the
    same kinds of file as the ASYE portfolio takes)."""
    from thrive.academy.services import EVIDENCE_EXTENSIONS

    if file is not None and not str(getattr(file, "name", "")).lower().endswith(
        EVIDENCE_EXTENSIONS
    ):
        raise ThriveError(
            "The file must be a PDF, a Word document, or a JPG or PNG image.", field="file"
        )
    if kind not in PROGRESSION_EVIDENCE_LABELS:
        raise ThriveError("Choose what kind of evidence this is.", field="kind")
    if on > clock.today():
        raise ThriveError("The date cannot be in the future.", field="on")
    if plan.status != ProgressionStatus.PLANNING:
        raise ThriveError("Evidence is added before applying for a panel.")
    piece = ProgressionEvidence(
        organisation=plan.organisation, plan=plan, kind=kind, title=title.strip(), on=on, note=note
    )
    if file is not None:
        piece.file = file
    full_clean_or_raise(piece)
    piece.save()
    audit_log(
        action="academy.progression_evidence_added",
        user=actor,
        organisation=plan.organisation,
        obj=plan,
        summary=f"{plan.person}: {piece.kind_label.lower()} added",
    )
    return piece


def manager_view_set(
    *, plan: ProgressionPlan, view: str, version: int | None, actor: Any
) -> ProgressionPlan:
    if not view.strip():
        raise ThriveError("Give your view.", field="manager_view")
    with versioned_change(
        plan, version=version, actor=actor, action="academy.manager_view", stale=PLAN_STALE
    ) as change:
        change.obj.manager_view = view.strip()
        change.summary = f"{plan.person}: the manager's view recorded"
    return change.obj


def plan_apply(
    *, plan: ProgressionPlan, on: date, version: int | None, actor: Any
) -> ProgressionPlan:
    """Apply for a panel: with evidence and the manager's view."""
    if plan.status != ProgressionStatus.PLANNING:
        raise ThriveError("This plan has already gone to a panel.")
    if not plan.evidence.exists():
        raise ThriveError("Add at least one piece of evidence before applying.")
    if not plan.manager_view:
        raise ThriveError("Your manager's view is needed before applying.")
    with versioned_change(
        plan, version=version, actor=actor, action="academy.progression_applied", stale=PLAN_STALE
    ) as change:
        change.obj.status = ProgressionStatus.APPLIED
        change.obj.applied_on = on
        change.summary = f"{plan.person} applied for {plan.level.name}"
    return change.obj


def panel_decide(
    *,
    plan: ProgressionPlan,
    panel_on: date,
    members: str,
    scores: list[int],
    notes: list[str],
    progressed: bool,
    feedback: str,
    role_from: date | None,
    version: int | None,
    actor: Any,
) -> ProgressionPlan:
    """The panel's scores against the council's questions, its decision and feedback. A person
    who progresses has their role (and job title) changed in the register from *role_from*,
    through the register's own service (the old values kept as a revision)."""
    from thrive.people.services import spell_change

    if plan.status != ProgressionStatus.APPLIED:
        raise ThriveError("The panel decides on an application.")
    questions = selectors.panel_questions(plan.organisation, panel_on)
    if len(scores) != len(questions):
        raise ThriveError(f"Score each of the {len(questions)} questions.", field="scores")
    if any(s not in defaults.PANEL_SCORES for s in scores):
        raise ThriveError("Scores run from 1 to 4.", field="scores")
    if not feedback.strip():
        raise ThriveError("Give the panel's feedback.", field="feedback")
    if progressed and role_from is None:
        raise ThriveError("Give the date the new role starts.", field="role_from")
    with transaction.atomic():
        if progressed:
            assert role_from is not None
            spell = (
                EmploymentSpell.objects.for_org(plan.organisation)
                .filter(person=plan.person_id, start_date__lte=role_from)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=role_from))
                .order_by("-start_date")
                .first()
            )
            if spell is None:
                raise ThriveError(
                    "They have no spell in the register on that date.", field="role_from"
                )
            spell_change(
                spell=spell,
                effective_date=role_from,
                version=spell.version,
                org_role=plan.level.org_role,
                job_title=plan.level.name,
                actor=actor,
            )
        with versioned_change(
            plan, version=version, actor=actor, action="academy.panel_decided", stale=PLAN_STALE
        ) as change:
            p = change.obj
            p.panel_on = panel_on
            p.panellists = members.strip()
            p.scores = [
                {"question": q.text, "score": s, "note": n}
                for q, s, n in zip(questions, scores, notes + [""] * len(questions), strict=False)
            ]
            p.feedback = feedback.strip()
            p.status = ProgressionStatus.PROGRESSED if progressed else ProgressionStatus.NOT_YET
            p.role_from = role_from if progressed else None
            p.decided_by = actor if getattr(actor, "is_authenticated", False) else None
            change.summary = f"{plan.person}: {p.get_status_display()} ({plan.level.name})"
    return change.obj


OPEN_STATUSES = (ProgressionStatus.PLANNING, ProgressionStatus.APPLIED)


def plan_decline(
    *,
    plan: ProgressionPlan,
    on: date,
    reason: str,
    version: int | None,
    actor: Any,
    note: str = "",
) -> ProgressionPlan:
    """The person declines progression themselves (or their manager records it for them): an
    open plan, being prepared or waiting for a panel, is set aside from *on* with a reason. A
    risk signal for a stay conversation (``progression_not_agreed``); it can be re-opened."""
    if reason not in DeclineReason.values:
        raise ThriveError("Choose why progression is declined.", field="reason")
    note = note.strip()
    if reason == DeclineReason.OTHER and not note:
        raise ThriveError("Say what the reason is.", field="note")
    if on > clock.today():
        raise ThriveError("The date cannot be in the future.", field="on")
    with versioned_change(
        plan, version=version, actor=actor, action="academy.progression_declined", stale=PLAN_STALE
    ) as change:
        p = change.obj
        if p.status not in OPEN_STATUSES:
            raise ThriveError(
                "Only a plan still open (not yet decided by a panel) can be declined."
            )
        p.status = ProgressionStatus.DECLINED
        p.declined_on = on
        p.declined_reason = reason
        p.declined_note = note
        change.summary = (
            f"{p.person}: progression towards {p.level.name} declined "
            f"({DeclineReason(reason).label.lower()})"
        )
    return change.obj


def plan_reopen(*, plan: ProgressionPlan, version: int | None, actor: Any) -> ProgressionPlan:
    """Re-open a declined plan: back to being prepared (apply for a panel again), its evidence
    kept; refused while another plan of theirs is open."""
    with versioned_change(
        plan, version=version, actor=actor, action="academy.progression_reopened", stale=PLAN_STALE
    ) as change:
        p = change.obj
        if p.status != ProgressionStatus.DECLINED:
            raise ThriveError("Only a declined plan can be re-opened.")
        other_open = (
            ProgressionPlan.objects.for_org(p.organisation)
            .filter(person_id=p.person_id, status__in=OPEN_STATUSES)
            .exclude(pk=p.pk)
            .exists()
        )
        if other_open:
            raise ThriveError("There is another progression plan open; decline it first.")
        was = p.declined_on
        p.status = ProgressionStatus.PLANNING
        p.applied_on = None
        p.declined_on = None
        p.declined_reason = ""
        p.declined_note = ""
        change.summary = (
            f"{p.person}: progression towards {p.level.name} re-opened "
            f"(declined on {was:%-d %B %Y})"
        )
    return change.obj


@transaction.atomic
def panel_question_add(
    *, organisation: Organisation, text: str, order: int, effective_from: date, actor: Any
) -> PanelQuestion:
    """Add a values-led question the progression panel asks from *effective_from*."""
    text = text.strip()
    if not text:
        raise ThriveError("Enter the question.", field="text")
    asked = PanelQuestion.objects.for_org(organisation).filter(text__iexact=text)
    if asked.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=effective_from)).exists():
        raise ThriveError("The panel already asks that question.", field="text")
    question = PanelQuestion(
        organisation=organisation, text=text, order=order, effective_from=effective_from
    )
    full_clean_or_raise(question)
    question.save()
    audit_log(
        action="academy.panel_question_added",
        user=actor,
        organisation=organisation,
        obj=question,
        summary=f"Progression panel question from {effective_from:%-d %B %Y}: {text[:80]}",
    )
    return question


def panel_question_retire(
    *, question: PanelQuestion, on: date, version: int | None, actor: Any
) -> PanelQuestion:
    """Stop asking *question* from *on*; panels already held keep the scores they gave it."""
    with versioned_change(
        question,
        version=version,
        actor=actor,
        action="academy.panel_question_retired",
        stale="Someone else changed this question; look again before retiring it.",
    ) as change:
        locked = change.obj
        if locked.retired_on is not None and locked.retired_on <= on:
            raise ThriveError("The question is already retired.")
        if on < locked.effective_from:
            raise ThriveError("A question cannot be retired before it is first asked.")
        locked.retired_on = on
        change.summary = f"Progression panel question retired from {on:%-d %B %Y}"
    return locked
