"""Service navigation: what each role may use. Modules add their entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass

from thrive.core.roles import Cap


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    description: str


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "core:org_home", Cap.HOME, "Your home page for this council."),
    NavItem(
        "Council",
        "core:organisation",
        Cap.ORG_VIEW,
        "The council's details, its services and teams.",
    ),
    NavItem(
        "Users and roles",
        "core:users",
        Cap.USERS_MANAGE,
        "Who can sign in to this council, and with which roles.",
    ),
    NavItem(
        "Audit trail",
        "core:audit",
        Cap.AUDIT_VIEW,
        "Sign-ins, role changes and every read of sensitive records.",
    ),
]
