"""Who may do what in recruitment, asked with an :class:`Access` (never a role's name)."""

from __future__ import annotations

from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def _allows(access: Access, capability: str, team: Any) -> bool:
    return access.allows(
        capability,
        team_id=team.pk if team is not None else None,
        service_id=team.service_id if team is not None else None,
        organisation_id=team.organisation_id if team is not None else None,
    )


def raises_vacancies(access: Access) -> bool:
    """May they raise vacancies at all (for some team)?"""
    return access.can(Cap.RECRUITMENT_MANAGE)


def manages_recruitment_in(access: Access, team: Any) -> bool:
    """May they raise vacancies for *team*, record its applications, move stages and record
    checks?"""
    return _allows(access, Cap.RECRUITMENT_MANAGE, team)


def approves_vacancies_in(access: Access, team: Any) -> bool:
    """May they approve vacancies in *team* (the service refuses the person who raised it)?"""
    return _allows(access, Cap.RECRUITMENT_APPROVE, team)


def sees_whole_council(access: Access) -> bool:
    """Does their recruitment view reach every team (the channel report's whole-council line)?"""
    from thrive.core.roles import Scope

    return access.scope(Cap.RECRUITMENT_VIEW) >= Scope.ORG


def keeps_council_lists(access: Access) -> bool:
    """May they edit what the council keeps for all its recruitment (its portal page, channels,
    referral reward, emails to candidates)? Whole-council recruiters only."""
    from thrive.core.roles import Scope

    return access.scope(Cap.RECRUITMENT_MANAGE) >= Scope.ORG
