"""The people app's menu items: the council's home page and details, and the register
(people, teams, establishment, imports). Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

NAV_ITEMS = [
    NavItem("Home", "core:org_home", Cap.HOME, "Your home page for this council.", order=10),
    NavItem(
        "People",
        "people:staff_list",
        Cap.REGISTER_VIEW,
        "The workforce register: everyone, their spells, posts, absence and caseload.",
        Scope.TEAM,
        area="people",
        order=10,
    ),
    NavItem(
        "Teams",
        "people:teams",
        Cap.REGISTER_VIEW,
        "Each team's people, FTE, posts, vacancies, agency cover and caseload.",
        Scope.TEAM,
        area="people",
        order=20,
    ),
    NavItem(
        "Establishment",
        "people:establishment",
        Cap.REGISTER_VIEW,
        "Funded posts, and which are vacant or covered by agency.",
        Scope.TEAM,
        area="people",
        order=30,
    ),
    NavItem(
        "Imports",
        "people:imports",
        Cap.REGISTER_IMPORT,
        "Upload staff, posts, absences and allocations from HR and case-management exports.",
        area="people",
        order=40,
    ),
    NavItem(
        "Council",
        "core:organisation",
        Cap.ORG_VIEW,
        "The council's details, its services and teams.",
        area="council",
        order=10,
    ),
]
