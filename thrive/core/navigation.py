"""Service navigation: what each role may use, grouped into areas so every role's menu fits on one
row. The top row shows an area when the person may use at least one page in it; the area's pages
are a sub-navigation under the header. Modules add their entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse

from thrive.core.roles import Cap, Scope

if TYPE_CHECKING:
    from thrive.core.permissions import Access


@dataclass(frozen=True)
class NavArea:
    key: str
    label: str


# The top row, in order. Seven at most, so every role's menu fits one row at desktop width.
AREAS: list[NavArea] = [
    NavArea("home", "Home"),
    NavArea("caseloads", "Caseloads"),
    NavArea("supervision", "Supervision"),
    NavArea("learning", "Learning"),
    NavArea("people", "People"),
    NavArea("workforce", "Workforce"),
    NavArea("council", "Council"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    description: str
    min_scope: Scope = Scope.SELF
    area: str = "home"


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "core:org_home", Cap.HOME, "Your home page for this council."),
    # Caseloads and families
    NavItem(
        "My caseload",
        "caseloads:mine",
        Cap.CASES_HOLD,
        "The children allocated to you, against your own cap.",
        area="caseloads",
    ),
    NavItem(
        "Caseloads",
        "caseloads:overview",
        Cap.CASELOAD_VIEW,
        "Each worker's caseload against their own cap, by team, with breaches.",
        Scope.TEAM,
        area="caseloads",
    ),
    NavItem(
        "Families",
        "caseloads:families",
        Cap.FAMILIES_VIEW,
        "The families you work with, or whose workers you manage.",
        area="caseloads",
    ),
    NavItem(
        "Quick note",
        "workbook:capture",
        Cap.FAMILIES_VIEW,
        "Note a visit in a family's workbook from your phone; finish drafts later.",
        area="caseloads",
    ),
    NavItem(
        "Practice tools",
        "workbook:tools",
        Cap.WORKBOOK_TOOLS,
        "The practice tools workers record using in families' workbooks.",
        area="caseloads",
    ),
    NavItem(
        "Access log",
        "caseloads:access_log",
        Cap.ACCESS_LOG_VIEW,
        "Every read of families' records: who, which family, when. Search and export.",
        area="caseloads",
    ),
    # Supervision
    NavItem(
        "Supervision",
        "supervision:home",
        Cap.SUPERVISION_VIEW,
        "Your supervision, your diary of people to supervise, records to agree.",
        area="supervision",
    ),
    NavItem(
        "Compliance",
        "supervision:compliance",
        Cap.SUPERVISION_COMPLIANCE,
        "Who is supervised within policy over 3, 6 and 12 months; overdue; Excel export.",
        Scope.TEAM,
        area="supervision",
    ),
    # Learning
    NavItem(
        "Learning",
        "learning:catalogue",
        Cap.LEARNING_VIEW,
        "The learning offer, what is recommended for you, your places and certificates.",
        area="learning",
    ),
    NavItem(
        "CPD",
        "learning:cpd",
        Cap.CPD_VIEW,
        "Your CPD records against Social Work England's registration year.",
        area="learning",
    ),
    NavItem(
        "Learning gaps by team",
        "learning:team",
        Cap.LEARNING_GAPS,
        "Who is missing each mandatory item, team by team; names, CSV and Excel.",
        area="learning",
    ),
    NavItem(
        "CPD by team",
        "learning:cpd_team",
        Cap.CPD_VIEW,
        "CPD on track, at risk or not started in the registration year, by team.",
        Scope.TEAM,
        area="learning",
    ),
    NavItem(
        "Training needs",
        "learning:needs",
        Cap.LEARNING_MANAGE,
        "The triangulated training-needs analysis: priorities and unmet needs.",
        area="learning",
    ),
    NavItem(
        "Programme evaluation",
        "learning:programmes",
        Cap.LEARNING_MANAGE,
        "Outcomes over time and retention of participants in programmes like Grit and Firstline.",
        area="learning",
    ),
    NavItem(
        "Training exchange",
        "learning:exchange",
        Cap.LEARNING_MANAGE,
        "Places given and taken with partner organisations, and the balance.",
        area="learning",
    ),
    # People
    NavItem(
        "People",
        "people:staff_list",
        Cap.REGISTER_VIEW,
        "The workforce register: everyone, their spells, posts, absence and caseload.",
        Scope.TEAM,
        area="people",
    ),
    NavItem(
        "Teams",
        "people:teams",
        Cap.REGISTER_VIEW,
        "Each team's people, FTE, posts, vacancies, agency cover and caseload.",
        Scope.TEAM,
        area="people",
    ),
    NavItem(
        "Establishment",
        "people:establishment",
        Cap.REGISTER_VIEW,
        "Funded posts, and which are vacant or covered by agency.",
        Scope.TEAM,
        area="people",
    ),
    NavItem(
        "Imports",
        "people:imports",
        Cap.REGISTER_IMPORT,
        "Upload staff, posts, absences and allocations from HR and case-management exports.",
        area="people",
    ),
    # Workforce intelligence
    NavItem(
        "Workforce",
        "intelligence:workforce",
        Cap.MEASURES_VIEW,
        "The statutory measures, their trends and each team's, against the published figures.",
        Scope.TEAM,
        area="workforce",
    ),
    NavItem(
        "Census return",
        "intelligence:census",
        Cap.CENSUS_MANAGE,
        "The DfE workforce census XML: problems to fix, with links to each person, and download.",
        area="workforce",
    ),
    # The council itself
    NavItem(
        "Council",
        "core:organisation",
        Cap.ORG_VIEW,
        "The council's details, its services and teams.",
        area="council",
    ),
    NavItem(
        "Users and roles",
        "core:users",
        Cap.USERS_MANAGE,
        "Who can sign in to this council, and with which roles.",
        area="council",
    ),
    NavItem(
        "Audit trail",
        "core:audit",
        Cap.AUDIT_VIEW,
        "Sign-ins, role changes and every read of sensitive records.",
        area="council",
    ),
    NavItem(
        "Single sign-on",
        "accounts:sso_settings",
        Cap.SSO_MANAGE,
        "Sign-in with the council's own accounts (Microsoft Entra ID or another provider).",
        area="council",
    ),
]


@dataclass
class NavLink:
    label: str
    url: str
    description: str = ""
    current: bool = False
    #: "page" when the link is to this very page, "true" when the page is inside it.
    aria_current: str = ""


@dataclass
class NavGroup:
    key: str
    label: str
    url: str
    links: list[NavLink] = field(default_factory=list)
    current: bool = False
    aria_current: str = ""


@dataclass
class Navigation:
    """The menu one person sees on one page: the areas on the top row, and the current area's
    pages. At most one area and one page are current."""

    areas: list[NavGroup]

    @property
    def current_area(self) -> NavGroup | None:
        return next((a for a in self.areas if a.current), None)

    @property
    def sub_links(self) -> list[NavLink]:
        area = self.current_area
        return area.links if area is not None and len(area.links) > 1 else []


def navigation_for(access: Access, org_code: str, path: str) -> Navigation:
    """The menu for someone with *access* in the council *org_code*, viewing *path*."""
    groups: dict[str, NavGroup] = {}
    for item in NAV_ITEMS:
        if access.scope(item.capability) < item.min_scope:
            continue
        url = reverse(item.url_name, kwargs={"org_code": org_code})
        group = groups.get(item.area)
        if group is None:
            label = next(a.label for a in AREAS if a.key == item.area)
            group = groups[item.area] = NavGroup(item.area, label, url)
        group.links.append(NavLink(item.label, url, item.description))
    # The current page is the link whose address is the longest start of this one; home only
    # when it is this very page (every other address starts with it).
    best: tuple[NavGroup, NavLink] | None = None
    for group in groups.values():
        for link in group.links:
            matches = path == link.url if group.key == "home" else path.startswith(link.url)
            if matches and (best is None or len(link.url) > len(best[1].url)):
                best = (group, link)
    if best is not None:
        group, link = best
        link.current, group.current = True, True
        link.aria_current = "page" if path == link.url else "true"
        group.aria_current = "page" if path == group.url else "true"
    return Navigation([groups[a.key] for a in AREAS if a.key in groups])
