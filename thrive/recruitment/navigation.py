"""The recruitment app's menu items. Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap

NAV_ITEMS = [
    NavItem(
        "Recruitment",
        "recruitment:vacancies",
        Cap.RECRUITMENT_VIEW,
        "Vacancies raised from the establishment, their approval, applications and checks.",
        area="workforce",
        order=30,
    ),
]
