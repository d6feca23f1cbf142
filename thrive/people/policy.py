"""Who line-manages whom: the teams and services whose people a person manages.

Supervision, caseloads and the families' records ask here rather than naming roles; the grant is
:data:`~thrive.core.roles.Cap.PEOPLE_MANAGE` (a team for team managers, a service for service
managers).
"""

from __future__ import annotations

from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def managed_teams(access: Access) -> frozenset[int]:
    """The teams whose people the person manages as the team's manager."""
    return access.teams_for(Cap.PEOPLE_MANAGE)


def managed_services(access: Access) -> frozenset[int]:
    """The services whose people the person manages as the service's manager."""
    return access.services_for(Cap.PEOPLE_MANAGE)


def manages_team(access: Access, team: Any) -> bool:
    """Does the person manage the people of *team* (as its manager or its service's)?"""
    if team is None:
        return False
    return team.pk in managed_teams(access) or team.service_id in managed_services(access)
