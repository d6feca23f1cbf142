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

NAV_ITEMS += [
    NavItem(
        "Recruitment channels",
        "recruitment:channels",
        Cap.RECRUITMENT_VIEW,
        "How candidates heard of vacancies, and how far each channel's candidates got.",
        area="workforce",
        order=40,
    ),
]
