"""The caseloads app's menu items: caseloads, families and the access log. Core's navigation
finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

NAV_ITEMS = [
    NavItem(
        "My caseload",
        "caseloads:mine",
        Cap.CASES_HOLD,
        "The children allocated to you, against your own cap.",
        area="caseloads",
        order=10,
    ),
    NavItem(
        "Caseloads",
        "caseloads:overview",
        Cap.CASELOAD_VIEW,
        "Each worker's caseload against their own cap, by team, with breaches.",
        Scope.TEAM,
        area="caseloads",
        order=20,
    ),
    NavItem(
        "Families",
        "caseloads:families",
        Cap.FAMILIES_VIEW,
        "The families you work with, or whose workers you manage.",
        area="caseloads",
        order=30,
    ),
    NavItem(
        "Access log",
        "caseloads:access_log",
        Cap.ACCESS_LOG_VIEW,
        "Every read of families' records: who, which family, when. Search and export.",
        area="caseloads",
        order=60,
    ),
]
