"""Who may do what in the academy, asked with an :class:`Access` (never a role's name)."""

from __future__ import annotations

from thrive.academy.models import Enrolment, ProgressionPlan
from thrive.core.permissions import Access
from thrive.core.roles import Cap, Scope
from thrive.people.models import StaffMember


def runs_academy(access: Access) -> bool:
    """The academy lead (and the principal social worker): cohorts, enrolment, recall days,
    outcomes and the academy's rules."""
    return access.can(Cap.ACADEMY_MANAGE)


def is_own(access: Access, enrolment: Enrolment) -> bool:
    return enrolment.person.user_id is not None and enrolment.person.user_id == access.user.pk


def assesses(access: Access, enrolment: Enrolment) -> bool:
    """May they record and sign off reviews: the academy lead, or the assessor, practice educator
    or line manager named on the enrolment (never the worker themselves)."""
    if is_own(access, enrolment):
        return False
    if runs_academy(access):
        return True
    named = (enrolment.assessor, enrolment.practice_educator, enrolment.line_manager)
    return any(p is not None and p.user_id == access.user.pk for p in named)


def adds_evidence(access: Access, enrolment: Enrolment) -> bool:
    """The worker builds their own portfolio; those who assess may add to it too."""
    return is_own(access, enrolment) or assesses(access, enrolment)


def manages(access: Access, person: StaffMember) -> bool:
    """Is the person signed in the line manager of *person* on a current spell?"""
    return any(
        s.line_manager is not None and s.line_manager.user_id == access.user.pk
        for s in person.spells.all()
        if s.end_date is None
    )


def sees_plan(access: Access, plan: ProgressionPlan) -> bool:
    """A progression plan is seen by its person, their line manager and the academy lead."""
    own = plan.person.user_id is not None and plan.person.user_id == access.user.pk
    return own or runs_academy(access) or manages(access, plan.person)


def gives_manager_view(access: Access, plan: ProgressionPlan) -> bool:
    own = plan.person.user_id == access.user.pk
    return not own and (manages(access, plan.person) or runs_academy(access))


def declines_for(access: Access, plan: ProgressionPlan) -> bool:
    """Declining progression (and re-opening a declined plan) is the person's own choice; their
    line manager or the academy lead may record it on their behalf."""
    own = plan.person.user_id is not None and plan.person.user_id == access.user.pk
    return own or gives_manager_view(access, plan)


def sits_panel(access: Access, plan: ProgressionPlan) -> bool:
    """The panel's decision is recorded by the academy lead, never by the applicant."""
    return runs_academy(access) and plan.person.user_id != access.user.pk


# --- The leadership pipeline and mentoring -----------------------------------------------------


def sees_talent_pool(access: Access) -> bool:
    """The talent pool and its shortlists: the academy lead, and those who see recruitment for
    a service or the council (recruiters, service managers: the manager vacancies in reach)."""
    return runs_academy(access) or access.scope(Cap.RECRUITMENT_VIEW) >= Scope.SERVICE


def runs_pipeline(access: Access) -> bool:
    """Career conversations, pool outcomes and offering a shortlist: the academy lead."""
    return runs_academy(access)


def records_appointment(access: Access) -> bool:
    """An appointment from the pool is recorded by the academy lead or a recruiter."""
    return runs_academy(access) or access.can(Cap.RECRUITMENT_MANAGE)


def has_conversation_with(access: Access, person: StaffMember) -> bool:
    """A career conversation is recorded by the academy lead or the person's line manager,
    never by the person themselves."""
    if person.user_id is not None and person.user_id == access.user.pk:
        return False
    return runs_academy(access) or manages(access, person)


def sees_pair(access: Access, pair: object) -> bool:
    """A mentoring pair is seen by its mentee, its mentor and the academy lead."""
    people = (pair.mentee, pair.mentor)  # type: ignore[attr-defined]
    return runs_academy(access) or any(
        p.user_id is not None and p.user_id == access.user.pk for p in people
    )


def keeps_pair(access: Access, pair: object) -> bool:
    """Meetings are recorded by the mentee or the mentor; the closing reflection is the
    mentee's."""
    return any(
        p.user_id is not None and p.user_id == access.user.pk
        for p in (pair.mentee, pair.mentor)  # type: ignore[attr-defined]
    )


def closes_pair(access: Access, pair: object) -> bool:
    mentee = pair.mentee  # type: ignore[attr-defined]
    return mentee.user_id is not None and mentee.user_id == access.user.pk
