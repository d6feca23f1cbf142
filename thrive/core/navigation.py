"""Service navigation: what each role may use. Modules add their entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass

from thrive.core.roles import Cap, Scope


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    description: str
    min_scope: Scope = Scope.SELF


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "core:org_home", Cap.HOME, "Your home page for this council."),
    NavItem(
        "Council",
        "core:organisation",
        Cap.ORG_VIEW,
        "The council's details, its services and teams.",
    ),
    NavItem(
        "My caseload",
        "caseloads:mine",
        Cap.CASELOAD_VIEW,
        "The children allocated to you, against your own cap.",
    ),
    NavItem(
        "Caseloads",
        "caseloads:overview",
        Cap.CASELOAD_VIEW,
        "Each worker's caseload against their own cap, by team, with breaches.",
        Scope.TEAM,
    ),
    NavItem(
        "Families",
        "caseloads:families",
        Cap.FAMILIES_VIEW,
        "The families you work with, or whose workers you manage.",
    ),
    NavItem(
        "Supervision",
        "supervision:home",
        Cap.SUPERVISION_VIEW,
        "Your supervision, your diary of people to supervise, records to agree.",
    ),
    NavItem(
        "Supervision compliance",
        "supervision:compliance",
        Cap.SUPERVISION_COMPLIANCE,
        "Who is supervised within policy over 3, 6 and 12 months; overdue; Excel export.",
        Scope.TEAM,
    ),
    NavItem(
        "Learning",
        "learning:catalogue",
        Cap.LEARNING_VIEW,
        "The learning offer, what is recommended for you, your places and certificates.",
    ),
    NavItem(
        "CPD",
        "learning:cpd",
        Cap.CPD_VIEW,
        "Your CPD records against Social Work England's registration year.",
    ),
    NavItem(
        "Training needs",
        "learning:needs",
        Cap.LEARNING_MANAGE,
        "The triangulated training-needs analysis: priorities and unmet needs.",
    ),
    NavItem(
        "Programme evaluation",
        "learning:programmes",
        Cap.LEARNING_MANAGE,
        "Outcomes over time and retention of participants in programmes like Grit and Firstline.",
    ),
    NavItem(
        "Training exchange",
        "learning:exchange",
        Cap.LEARNING_MANAGE,
        "Places given and taken with partner organisations, and the balance.",
    ),
    NavItem(
        "Quick note",
        "workbook:capture",
        Cap.FAMILIES_VIEW,
        "Note a visit in a family's workbook from your phone; finish drafts later.",
    ),
    NavItem(
        "Practice tools",
        "workbook:tools",
        Cap.WORKBOOK_TOOLS,
        "The practice tools workers record using in families' workbooks.",
    ),
    NavItem(
        "Access log",
        "caseloads:access_log",
        Cap.ACCESS_LOG_VIEW,
        "Every read of families' records: who, which family, when. Search and export.",
    ),
    NavItem(
        "People",
        "people:staff_list",
        Cap.REGISTER_VIEW,
        "The workforce register: everyone, their spells, posts, absence and caseload.",
        Scope.TEAM,
    ),
    NavItem(
        "Teams",
        "people:teams",
        Cap.REGISTER_VIEW,
        "Each team's people, FTE, posts, vacancies, agency cover and caseload.",
        Scope.TEAM,
    ),
    NavItem(
        "Establishment",
        "people:establishment",
        Cap.REGISTER_VIEW,
        "Funded posts, and which are vacant or covered by agency.",
        Scope.TEAM,
    ),
    NavItem(
        "Workforce",
        "intelligence:workforce",
        Cap.MEASURES_VIEW,
        "The statutory measures, their trends and each team's, against the published figures.",
        Scope.TEAM,
    ),
    NavItem(
        "Census return",
        "intelligence:census",
        Cap.CENSUS_MANAGE,
        "The DfE workforce census XML: problems to fix, with links to each person, and download.",
    ),
    NavItem(
        "Imports",
        "people:imports",
        Cap.REGISTER_IMPORT,
        "Upload staff, posts, absences and allocations from HR and case-management exports.",
    ),
    NavItem(
        "Users and roles",
        "core:users",
        Cap.USERS_MANAGE,
        "Who can sign in to this council, and with which roles.",
    ),
    NavItem(
        "Audit trail",
        "core:audit",
        Cap.AUDIT_VIEW,
        "Sign-ins, role changes and every read of sensitive records.",
    ),
]
