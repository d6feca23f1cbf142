"""Who may do what in engagement, asked with an :class:`Access` (never a role's name)."""

from __future__ import annotations

from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap, Scope


def answers_surveys(access: Access) -> bool:
    """May they answer the council's surveys (as a member of its staff)?"""
    return access.can(Cap.ENGAGEMENT_ANSWER)


def runs_surveys(access: Access) -> bool:
    """May they write surveys, import answers, send reminders and set the minimum group?"""
    return access.scope(Cap.ENGAGEMENT_MANAGE) >= Scope.ORG


def reads_results(access: Access) -> bool:
    """May they read the council's results (always above the minimum group)?"""
    return access.scope(Cap.ENGAGEMENT_RESULTS) >= Scope.ORG


def owns_flexible(access: Access, request: Any) -> bool:
    """Is this flexible working request the caller's own?"""
    user_id = request.person.user_id
    return user_id is not None and user_id == access.user.pk


def decides_flexible(access: Access, request: Any) -> bool:
    """May the caller consult on and decide this request (never their own)?"""
    return not owns_flexible(access, request) and access.allows(
        Cap.FLEXIBLE_DECIDE, team_id=request.team_id, service_id=request.team.service_id
    )
