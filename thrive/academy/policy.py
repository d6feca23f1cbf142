"""Who may do what in the academy, asked with an :class:`Access` (never a role's name)."""

from __future__ import annotations

from thrive.academy.models import Enrolment
from thrive.core.permissions import Access
from thrive.core.roles import Cap


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
