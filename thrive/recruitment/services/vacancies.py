"""Vacancies: raised from a vacant funded post (or as a new post), sent for approval, approved by
a second person, then open until closed or filled."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.people.models import EMPLOYEE_CONTRACTS, EmploymentSpell, Organisation, Post, Team
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import (
    MANAGER_ROLES,
    Vacancy,
    VacancyRole,
    VacancyStatus,
    vacancy_role_from_title,
)
from thrive.recruitment.selectors.selection import selection_steps_on

# Where each status may go next.
NEXT_STATUS: dict[str, set[str]] = {
    # A draft, or one awaiting approval, may be filled without advertising (from the academy's
    # talent pool).
    VacancyStatus.DRAFT: {VacancyStatus.AWAITING_APPROVAL, VacancyStatus.FILLED},
    VacancyStatus.AWAITING_APPROVAL: {VacancyStatus.OPEN, VacancyStatus.FILLED},
    VacancyStatus.OPEN: {VacancyStatus.CLOSED, VacancyStatus.FILLED},
    VacancyStatus.CLOSED: {VacancyStatus.FILLED},
    VacancyStatus.FILLED: set(),
}
ACTIVE = (VacancyStatus.DRAFT, VacancyStatus.AWAITING_APPROVAL, VacancyStatus.OPEN)


def _tests_list(tests: Iterable[str]) -> list[str]:
    return [t.strip() for t in tests if t and t.strip()]


def _check_post(post: Post, organisation: Organisation) -> None:
    if post.organisation_id != organisation.pk:
        raise ThriveError("That post belongs to another council.")
    today = clock.today()
    if post.funded_from > today or (post.funded_to is not None and post.funded_to < today):
        raise ThriveError(f"Post {post.post_id} is not funded today.")
    if post.holder_id is not None and (
        EmploymentSpell.objects.current(today)
        .filter(person_id=post.holder_id, contract__in=EMPLOYEE_CONTRACTS)
        .exists()
    ):
        raise ThriveError(f"Post {post.post_id} is held by {post.holder}: it is not vacant.")
    if Vacancy.objects.filter(post=post, status__in=ACTIVE).exists():
        raise ThriveError(f"Post {post.post_id} already has a vacancy being recruited to.")


@transaction.atomic
def vacancy_raise(
    *,
    organisation: Organisation,
    actor: Any,
    grade: str,
    salary_min: int,
    salary_max: int,
    closing_date: date,
    tests: Iterable[str] = (),
    post: Post | None = None,
    team: Team | None = None,
    title: str = "",
    fte: Decimal | None = None,
    social_work_post: bool | None = None,
    probation_months: int = 6,
    manager_post: bool = False,
    selection_steps: Iterable[str] = (),
    role: str = "",
) -> Vacancy:
    """Raise a vacancy, as a draft: from *post* (a vacant funded post, whose team, title, FTE and
    kind it takes unless given) or as a new post in *team*. Its selection steps are
    *selection_steps*, or the council's template for its kind of post in effect today."""
    if post is not None:
        _check_post(post, organisation)
        team = post.team
        title = title or post.title
        fte = fte if fte is not None else post.fte
        social_work_post = post.social_work_post if social_work_post is None else social_work_post
    if team is None:
        raise ThriveError("Choose the post, or the team of a new post.")
    if team.organisation_id != organisation.pk:
        raise ThriveError("That team belongs to another council.")
    if closing_date < clock.today():
        raise ThriveError("The closing date must be today or later.")
    if salary_max < salary_min:
        raise ThriveError("The highest salary must be at least the lowest.")
    if not 0 <= probation_months <= 24:
        raise ThriveError("Probation is from 0 to 24 months.", field="probation_months")
    if role and role not in VacancyRole.values:
        raise ThriveError("Choose the kind of post from the list.", field="role")
    sw_post = True if social_work_post is None else social_work_post
    role = role or vacancy_role_from_title(title, social_work_post=sw_post)
    if manager_post and role not in MANAGER_ROLES:
        role = VacancyRole.TEAM_MANAGER
    vacancy = Vacancy(
        organisation=organisation,
        post=post,
        team=team,
        title=title.strip(),
        role=role,
        grade=grade.strip(),
        salary_min=salary_min,
        salary_max=salary_max,
        fte=fte if fte is not None else Decimal("1"),
        social_work_post=True if social_work_post is None else social_work_post,
        closing_date=closing_date,
        probation_months=probation_months,
        manager_post=manager_post,
        selection_steps=_tests_list(selection_steps)
        or selection_steps_on(organisation, manager_post=manager_post, on=clock.today()),
        tests=_tests_list(tests),
        raised_by=actor,
    )
    full_clean_or_raise(vacancy)
    vacancy.save()
    from thrive.recruitment.services.channels import channels_add_defaults

    channels_add_defaults(organisation=organisation, actor=actor)
    audit_log(
        action="recruitment.vacancy_raised",
        user=actor,
        organisation=organisation,
        obj=vacancy,
        summary=f"{vacancy.title}, {team.name}"
        + (f" (post {post.post_id})" if post is not None else " (new post)"),
    )
    return vacancy


def _move(
    vacancy: Vacancy, to: str, *, actor: Any, action: str, closing_date: date | None = None
) -> Vacancy:
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if closing_date is not None:
        locked.closing_date = closing_date
    if to not in NEXT_STATUS[locked.status]:
        raise ThriveError(
            f"A vacancy that is {locked.get_status_display().lower()} cannot become "
            f"{VacancyStatus(to).label.lower()}."
        )
    was = locked.status
    locked.status = to
    locked.version += 1
    return _save(locked, actor=actor, action=action, detail={"from": was, "to": to})


def _save(vacancy: Vacancy, *, actor: Any, action: str, detail: dict[str, Any]) -> Vacancy:
    full_clean_or_raise(vacancy)
    vacancy.save()
    audit_log(
        action=action,
        user=actor,
        organisation=vacancy.organisation,
        obj=vacancy,
        summary=f"{vacancy.title}, {vacancy.team}",
        detail=detail,
    )
    return vacancy


def vacancy_url(vacancy: Vacancy) -> str:
    from django.conf import settings
    from django.urls import reverse

    path = reverse(
        "recruitment:vacancy", kwargs={"org_code": vacancy.organisation.code, "pk": vacancy.pk}
    )
    return f"{settings.THRIVE_BASE_URL}{path}"


def vacancy_approvers(vacancy: Vacancy) -> list[Any]:
    """Who may approve *vacancy*: active users whose roles at the council grant
    ``recruitment.approve`` over its team, never the person who raised it (one query for the
    candidates, one for each one's roles)."""
    from django.contrib.auth import get_user_model

    from thrive.core.permissions import access_for
    from thrive.core.roles import GRANTS, Cap
    from thrive.recruitment.policy import approves_vacancies_in

    roles = [role for role, caps in GRANTS.items() if Cap.RECRUITMENT_APPROVE in caps]
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__organisation=vacancy.organisation,
            role_assignments__role__in=roles,
        )
        .exclude(pk=vacancy.raised_by_id)
        .distinct()
        .order_by("email")
    )
    return [
        u for u in users if approves_vacancies_in(access_for(u, vacancy.organisation), vacancy.team)
    ]


@transaction.atomic
def vacancy_submit(*, vacancy: Vacancy, actor: Any) -> Vacancy:
    """Send a draft for approval, and email everyone who may approve it (through the outbox,
    once the change commits)."""
    from thrive.core.outbox import email_on_commit

    sent = _move(
        vacancy,
        VacancyStatus.AWAITING_APPROVAL,
        actor=actor,
        action="recruitment.vacancy_submitted",
    )
    approvers = vacancy_approvers(sent)
    if approvers:
        email_on_commit(
            to=[u.email for u in approvers],
            organisation=sent.organisation,
            kind="recruitment.approval_requested",
            subject=f"A vacancy waits for your approval: {sent.title}",
            body=(
                f"{sent.raised_by} has sent a vacancy for approval: {sent.title}, {sent.team} "
                f"(grade {sent.grade}, £{sent.salary_min:,} to £{sent.salary_max:,}, closing "
                f"{sent.closing_date:%-d %B %Y}).\n\nIt opens once someone other than the person "
                f"who raised it approves it:\n{vacancy_url(sent)}"
            ),
        )
    return sent


@transaction.atomic
def vacancy_approve(*, vacancy: Vacancy, actor: Any) -> Vacancy:
    """Approve a vacancy awaiting approval, which opens it. A second person approves: never the
    person who raised it."""
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if locked.raised_by_id == getattr(actor, "pk", None):
        raise ThriveError(
            "A vacancy is approved by a second person: you raised this one, so someone else "
            "approves it."
        )
    if locked.status != VacancyStatus.AWAITING_APPROVAL:
        raise ThriveError(
            f"Only a vacancy awaiting approval can be approved; this one is "
            f"{locked.get_status_display().lower()}."
        )
    locked.status = VacancyStatus.OPEN
    locked.approved_by = actor
    locked.approved_at = clock.now()
    locked.version += 1
    approved = _save(locked, actor=actor, action="recruitment.vacancy_approved", detail={})
    from thrive.core.outbox import email_on_commit

    email_on_commit(
        to=[approved.raised_by.email],
        organisation=approved.organisation,
        kind="recruitment.vacancy_approved",
        subject=f"Your vacancy is approved and open: {approved.title}",
        body=(
            f"{actor} approved the vacancy you raised, {approved.title}, {approved.team}. "
            f"It is open to applications until {approved.closing_date:%-d %B %Y}:\n"
            f"{vacancy_url(approved)}"
        ),
    )
    return approved


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, actor: Any, on: date | None = None) -> Vacancy:
    """Close an open vacancy to further applications. *on*: the day it closed, when that was
    before today (a recruiter recording it later): it becomes the closing date, so it cannot be
    in the future nor before anyone applied."""
    if on is not None:
        if on > clock.today():
            raise ThriveError("The day it closed cannot be in the future.", field="on")
        last = vacancy.applications.aggregate(last=Max("applied_on"))["last"]
        if last is not None and on < last:
            raise ThriveError(
                f"The day it closed is before the last application ({last:%-d %B %Y}).", field="on"
            )
    return _move(
        vacancy,
        VacancyStatus.CLOSED,
        actor=actor,
        action="recruitment.vacancy_closed",
        closing_date=on,
    )


@transaction.atomic
def vacancy_fill(*, vacancy: Vacancy, actor: Any) -> Vacancy:
    """Mark a vacancy filled (a draft or one awaiting approval: filled without advertising)."""
    return _move(vacancy, VacancyStatus.FILLED, actor=actor, action="recruitment.vacancy_filled")


KIND_STALE = "Someone else changed this vacancy while you were looking at it; look again."


def vacancy_kind_change(*, vacancy: Vacancy, role: str, version: int | None, actor: Any) -> Vacancy:
    """Change the kind of post of a vacancy not yet filled or closed. Between a manager post and
    any other, its selection follows the council's template for the new kind (the one in effect
    on the day it was raised) — unless the recruiter wrote its steps or a selection panel has
    been arranged against them, when the steps are kept — and the academy's talent pool is
    offered for it (or no longer) from now on."""
    from django.utils import timezone

    from thrive.core.changes import versioned_change
    from thrive.recruitment.models import Panel

    if role not in VacancyRole.values:
        raise ThriveError("Choose the kind of post from the list.", field="role")
    with versioned_change(
        vacancy,
        version=version,
        actor=actor,
        action="recruitment.vacancy_kind_changed",
        stale=KIND_STALE,
    ) as change:
        v = change.obj
        if v.status not in ACTIVE:
            raise ThriveError(
                f"The vacancy is {v.get_status_display().lower()}: its kind of post is kept."
            )
        if v.role == role:
            raise ThriveError("That is already its kind of post.", field="role")
        was = v.role
        detail: dict[str, Any] = {"from": was, "to": role}
        manager = role in MANAGER_ROLES
        if (was in MANAGER_ROLES) != manager:
            raised_on = timezone.localdate(v.created_at)
            org = v.organisation
            template = selection_steps_on(org, manager_post=v.manager_post, on=raised_on)
            own_steps = list(v.selection_steps or []) != template
            if own_steps or Panel.objects.filter(vacancy=v).exists():
                detail["steps"] = "kept"
            else:
                v.selection_steps = selection_steps_on(org, manager_post=manager, on=raised_on)
                detail["steps"] = "template"
            v.manager_post = manager
        v.role = role
        change.detail = detail
        change.summary = (
            f"{v.title}, {v.team}: kind of post {VacancyRole(was).label.lower()} → "
            f"{VacancyRole(role).label.lower()}"
        )
    return change.obj
