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
    NavItem(
        "My mentoring",
        "academy:mentoring",
        Cap.ACADEMY_VIEW,
        "Offer a practice skill, ask for one, choose a mentor, record meetings.",
        area="learning",
        order=103,
    ),
    NavItem(
        "Practice champions",
        "academy:champions",
        Cap.ACADEMY_VIEW,
        "Practice champion networks by topic, and who the champions are.",
        area="learning",
        order=104,
    ),
    NavItem(
        "Mentoring coverage",
        "academy:mentoring_coverage",
        Cap.ACADEMY_MANAGE,
        "Skills offered and asked for, pairs, meetings and how mentoring went.",
        area="learning",
        order=105,
        min_scope=Scope.ORG,
    ),
    NavItem(
        "Talent pool",
        "academy:talent",
        Cap.RECRUITMENT_VIEW,
        "Aspiring managers by readiness, and a ranked shortlist for each vacant manager post.",
        area="workforce",
        order=49,
        min_scope=Scope.SERVICE,
    ),
]
