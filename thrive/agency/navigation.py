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
    NavItem(
        "The region's agency rules",
        "agency:region_rules",
        Cap.AGENCY_SHARED_RULES,
        "The region's agency rule set and price caps, which its partnership lead changes.",
        area="workforce",
        order=60,
    ),
    NavItem(
        "Residential rotas",
        "agency:homes",
        Cap.ROTA_VIEW,
        "Homes' rotas, filled from their own staff, the cover pool and bank before agency.",
        area="workforce",
        order=61,
    ),
    NavItem(
        "My shifts",
        "agency:my_shifts",
        Cap.ROTA_MY_SHIFTS,
        "Your published shifts in a residential home's rota.",
        area="workforce",
        order=62,
    ),
]
