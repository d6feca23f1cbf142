"""Who sees which part of learning: the council's own catalogue, or only the exchange; whose
mandatory learning and CPD someone may see team by team."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thrive.core.permissions import Access
from thrive.core.roles import Cap, Scope


def only_through_the_exchange(access: Access) -> bool:
    """A partner organisation's people (who are not also the council's staff) see learning only
    as the places offered to their organisation; the catalogue and the API are for staff."""
    return access.can(Cap.EXCHANGE_VIEW) and not access.can(Cap.ORG_VIEW)


def sees_learning_gaps(access: Access) -> bool:
    """May they see who lacks mandatory learning, by team (a manager: their own teams)?"""
    return access.can(Cap.LEARNING_GAPS)


def learning_gap_teams(access: Access) -> QuerySet[Any] | None:
    """The teams whose mandatory-learning gaps *access* may see; None: the whole council."""
    return _teams(access, Cap.LEARNING_GAPS)


def sees_team_cpd(access: Access) -> bool:
    """May they see other people's CPD status by team (not only their own)?"""
    return access.scope(Cap.CPD_VIEW) >= Scope.TEAM


def cpd_teams(access: Access) -> QuerySet[Any] | None:
    """The teams whose CPD status *access* may see; None: the whole council."""
    return _teams(access, Cap.CPD_VIEW)


def nominates_in(access: Access, team: Any) -> bool:
    """May they put forward people in *team* for learning (a manager: their own teams)?"""
    if access.scope(Cap.LEARNING_NOMINATE) >= Scope.ORG:
        return True
    if team is None:
        return False
    return access.allows(Cap.LEARNING_NOMINATE, team_id=team.pk, service_id=team.service_id)


def _teams(access: Access, capability: str) -> QuerySet[Any] | None:
    from thrive.people.models import Team

    if access.scope(capability) >= Scope.ORG:
        return None
    return Team.objects.visible_to(access, capability)
