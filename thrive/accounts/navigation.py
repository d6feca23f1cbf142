"""The accounts app's menu items: who can sign in to a council, with which roles. Core's
navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap

NAV_ITEMS = [
    NavItem(
        "Users and roles",
        "core:users",
        Cap.USERS_MANAGE,
        "Who can sign in to this council, and with which roles.",
        area="council",
        order=20,
    ),
    NavItem(
        "Single sign-on",
        "accounts:sso_settings",
        Cap.SSO_MANAGE,
        "Sign-in with the council's own accounts (Microsoft Entra ID or another provider).",
        area="council",
        order=40,
    ),
]
