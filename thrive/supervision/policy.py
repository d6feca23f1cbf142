"""Who may read which parts of supervision, beyond the two people in it and their managers; whom
someone books supervision for; whose compliance they see."""

from __future__ import annotations

from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap, Scope


def reads_personal_where_the_council_allows(access: Access) -> bool:
    """Is the person one the council's "managers and the PSW" setting lets read the personal
    parts of any supervision record?"""
    return access.can(Cap.SUPERVISION_PERSONAL)


def books_supervision_in(access: Access, team: Any) -> bool:
    """May they book and record supervision for people in *team* (beyond the people they line
    manage): everyone, for a council-wide scope; otherwise the teams and services they hold it
    in."""
    if access.scope(Cap.SUPERVISION_RECORD) >= Scope.ORG:
        return True
    return access.allows(
        Cap.SUPERVISION_RECORD,
        team_id=team.pk if team is not None else None,
        service_id=team.service_id if team is not None else None,
    )


def compliance_team_ids(access: Access) -> list[int] | None:
    """The teams whose supervision compliance they see; None: the whole council."""
    from thrive.people.models import Team

    if access.scope(Cap.SUPERVISION_COMPLIANCE) >= Scope.ORG:
        return None
    return list(
        Team.objects.visible_to(access, Cap.SUPERVISION_COMPLIANCE).values_list("pk", flat=True)
    )
