"""Who may do what with agency placements, asked with an :class:`Access` (never a role's name)."""

from __future__ import annotations

from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def manages_placements(access: Access) -> bool:
    """May they import and extend placements and change the council's own rule set?"""
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


def changes_rule_set(access: Access | None, rule_set: Any) -> bool:
    """May they give a rule of *rule_set* a new value? The national set changes only with a
    Thrive release or by the operator (``access`` None: the CLI without ``--as``); a region's
    set by those who hold the shared rules for that region (its partnership lead); a council's
    own set by that council's agency managers."""
    if access is None:
        return True
    if rule_set.organisation_id is not None:
        return rule_set.organisation_id == access.organisation.pk and access.can(Cap.AGENCY_MANAGE)
    if rule_set.region:
        return enters_caps(access, rule_set.region)
    return False


def enters_caps(access: Access | None, region: str) -> bool:
    """May they enter price caps for *region*? The region's own lead (``access`` None: the
    operator)."""
    if access is None:
        return True
    return (
        bool(region)
        and region == access.organisation.region
        and access.can(Cap.AGENCY_SHARED_RULES)
    )
