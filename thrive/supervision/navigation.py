"""The supervision app's menu items. Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

NAV_ITEMS = [
    NavItem(
        "Supervision",
        "supervision:home",
        Cap.SUPERVISION_VIEW,
        "Your supervision, your diary of people to supervise, records to agree.",
        area="supervision",
        order=10,
    ),
    NavItem(
        "Compliance",
        "supervision:compliance",
        Cap.SUPERVISION_COMPLIANCE,
        "Who is supervised within policy over 3, 6 and 12 months; overdue; Excel export.",
        Scope.TEAM,
        area="supervision",
        order=20,
    ),
]
