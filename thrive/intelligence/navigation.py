"""The intelligence app's menu items: the workforce measures and the census return. Core's
navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

NAV_ITEMS = [
    NavItem(
        "Workforce",
        "intelligence:workforce",
        Cap.MEASURES_VIEW,
        "The statutory measures, their trends and each team's, against the published figures.",
        Scope.TEAM,
        area="workforce",
        order=10,
    ),
    NavItem(
        "Census return",
        "intelligence:census",
        Cap.CENSUS_MANAGE,
        "The DfE workforce census XML: problems to fix, with links to each person, and download.",
        area="workforce",
        order=20,
    ),
]
