"""The academy's menu items. Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

NAV_ITEMS = [
    NavItem(
        "My academy",
        "academy:mine",
        Cap.ACADEMY_VIEW,
        "Your academy calendar, your assessed year (ASYE) at a glance, reviews and evidence.",
        area="learning",
        order=90,
    ),
    NavItem(
        "Academy cohorts",
        "academy:cohorts",
        Cap.ACADEMY_MANAGE,
        "Newly qualified social workers by intake: progress, recall days, reviews and outcomes.",
        area="learning",
        order=100,
        min_scope=Scope.ORG,
    ),
    NavItem(
        "My progression",
        "academy:progression",
        Cap.ACADEMY_VIEW,
        "The progression framework, your plan and evidence, and applying for a panel.",
        area="learning",
        order=101,
    ),
    NavItem(
        "Progression panels",
        "academy:progression_plans",
        Cap.ACADEMY_MANAGE,
        "Progression plans, the manager's view, the values-led panel and its decision.",
        area="learning",
        order=102,
        min_scope=Scope.ORG,
    ),
]
