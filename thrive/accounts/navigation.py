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
        "Role approvals",
        "core:grant_approvals",
        Cap.ROLES_APPROVE,
        "Roles that open families or supervision, waiting for a second person to approve.",
        area="council",
        order=22,
    ),
    NavItem(
        "Break glass",
        "core:break_glass",
        Cap.BREAK_GLASS,
        "Emergency access to a team's families for a few hours, with a reason; logged.",
        area="council",
        order=24,
    ),
    NavItem(
        "Break-glass reviews",
        "core:break_glass_uses",
        Cap.ACCESS_OVERSIGHT,
        "Every emergency access to families, for the principal social worker to review.",
        area="council",
        order=26,
    ),
    NavItem(
        "Sign-in security",
        "accounts:sign_in_security",
        Cap.USERS_MANAGE,
        "Two-factor sign-in for the council, failed sign-ins and unlocking an account.",
        area="council",
        order=28,
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
