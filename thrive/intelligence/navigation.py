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
        "Retention",
        "intelligence:retention",
        Cap.MEASURES_VIEW,
        "How long social workers stay, by start, team, origin and grade; where leavers go.",
        Scope.TEAM,
        area="workforce",
        order=15,
    ),
    NavItem(
        "Projections",
        "intelligence:projection",
        Cap.MEASURES_VIEW,
        "Five years ahead: in post, vacancies, agency and caseloads, and scenarios side by side.",
        Scope.TEAM,
        area="workforce",
        order=16,
    ),
    NavItem(
        "What drives leaving",
        "intelligence:drivers",
        Cap.MEASURES_VIEW,
        "Factors linked with leaving, from the council's own records, and each team's stability.",
        Scope.TEAM,
        area="workforce",
        order=17,
    ),
    NavItem(
        "Ofsted evidence pack",
        "intelligence:ofsted_pack",
        Cap.EVIDENCE_PACK,
        "The workforce evidence pack for inspection: PDF or Excel, with your commentary.",
        area="workforce",
        order=18,
    ),
    NavItem(
        "The region",
        "intelligence:region",
        Cap.REGION_VIEW,
        "Every council in the region side by side with the region and England; the partnership.",
        area="workforce",
        order=19,
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
