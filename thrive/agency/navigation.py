"""The agency app's menu items. Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap

NAV_ITEMS = [
    NavItem(
        "Agency placements",
        "agency:placements",
        Cap.AGENCY_VIEW,
        "Agency social workers' placements, their cost, and the national and regional rules.",
        area="workforce",
        order=60,
    ),
]
