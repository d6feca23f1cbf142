"""Who may do what in engagement, asked with an :class:`Access` (never a role's name)."""

from __future__ import annotations

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
