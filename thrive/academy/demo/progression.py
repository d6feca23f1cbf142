"""The demo's progression: the default framework and plans, one progressed by a panel, one
waiting for a panel and two declined by the person themselves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from thrive.people.models import EmploymentSpell, Organisation

# Those who declined progression themselves: (reason, their words, days ago, after applying).
DECLINES = (
    (
        "workload",
        "My caseload is too high this year to take on group supervision; I'd like to look "
        "again in the spring.",
        40,
        False,
    ),
    (
        "personal",
        "Caring for my mother at the moment; not the time to step up.",
        75,
        True,
    ),
)


def progression(org: Organisation, lead: Any, today: date) -> int:
    """The default framework, a social worker progressed to senior practitioner by a panel last
    month (their register role changed from the first of this month), one waiting for a panel,
    and two who declined progression themselves, each with the reason and the day (one while
    preparing their plan, one while waiting for a panel): the progression pages, the
    stay-conversation prompt and ``progression_not_agreed`` show them. Returns the plans."""
    from thrive.academy import selectors
    from thrive.academy.services import (
        manager_view_set,
        panel_decide,
        plan_add,
        plan_apply,
        progression_defaults,
        progression_evidence_add,
    )

    progression_defaults(organisation=org, actor=lead)
    senior = selectors.progression_levels(org, today)[2]
    role_from = today.replace(day=1)
    candidates = list(
        EmploymentSpell.objects.for_org(org)
        .current(today)
        .filter(
            profession="social_worker",
            contract="permanent",
            org_role=5,
            start_date__lt=role_from - timedelta(days=3 * 365),
        )
        .select_related("person")
        .order_by("start_date", "person__staff_id")[: 2 + len(DECLINES)]
    )
    for n, spell in enumerate(candidates):
        plan = plan_add(
            person=spell.person,
            level=senior,
            goals="Hold complex child protection work and lead group supervision.",
            actor=lead,
        )
        for kind, title, days in (
            ("learning", "Practice supervisor development programme", 120),
            ("observation", "Observed a child protection conference", 60),
            ("feedback", "Feedback from a family after a step-down", 40),
        ):
            progression_evidence_add(
                plan=plan, kind=kind, title=title, on=today - timedelta(days=days), actor=lead
            )
        declined = DECLINES[n - 2] if n >= 2 else None
        if declined is not None and not declined[3]:  # declined while preparing the plan
            _decline(plan, declined, lead, today)
            continue
        plan = manager_view_set(
            plan=plan, view="Ready: consistently strong.", version=plan.version, actor=lead
        )
        plan = plan_apply(
            plan=plan,
            on=today - timedelta(days=90 if declined else 35),
            version=plan.version,
            actor=lead,
        )
        if declined is not None:  # declined while waiting for a panel
            _decline(plan, declined, lead, today)
            continue
        if n == 0:
            panel_decide(
                plan=plan,
                panel_on=role_from - timedelta(days=14),
                members="Head of service; principal social worker; a team manager",
                scores=[4, 3, 3],
                notes=[],
                progressed=True,
                feedback="A reflective application; keep growing your group supervision.",
                role_from=role_from,
                version=plan.version,
                actor=lead,
            )
    return len(candidates)


def _decline(plan: Any, declined: tuple[str, str, int, bool], lead: Any, today: date) -> None:
    from thrive.academy.services import plan_decline

    reason, note, days_ago, _applied = declined
    plan_decline(
        plan=plan,
        on=today - timedelta(days=days_ago),
        reason=reason,
        note=note,
        version=plan.version,
        actor=lead,
    )
