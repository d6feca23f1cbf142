"""Who may do what with agency placements, asked with an :class:`Access` (never a role's name)."""

from __future__ import annotations

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def manages_placements(access: Access) -> bool:
    """May they import and extend placements and enter price caps?"""
    return access.can(Cap.AGENCY_MANAGE)


def signs_off_above_cap(access: Access) -> bool:
    """May they record the DCS's and chief executive's sign-off of a placement above a cap?"""
    return access.can(Cap.AGENCY_SIGN_OFF)


def manages_rota(access: Access, home: object) -> bool:
    """May they fill and publish this home's rota (their team's or service's home, or any)?"""
    team = getattr(home, "team", None)
    return access.allows(
        Cap.ROTA_MANAGE,
        team_id=getattr(team, "pk", None),
        service_id=getattr(team, "service_id", None),
    )
