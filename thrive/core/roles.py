"""Roles, capabilities and the scope each role gives — the single table of who may do what.

A person holds roles per organisation. Each role grants capabilities, each at a *scope*: their own
record, their team, their service or the whole organisation. Every view, export, CLI command and API
endpoint asks :mod:`thrive.core.permissions`, which reads this table.
"""

from __future__ import annotations

from enum import IntEnum

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    ADULT_SPECIALIST = "adult_specialist", "Adult specialist"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    PRINCIPAL_SOCIAL_WORKER = "principal_social_worker", "Principal social worker"
    WORKFORCE_DEVELOPMENT = "workforce_development", "Workforce development"
    HR_RECRUITMENT = "hr_recruitment", "HR and recruitment"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    SYSTEM_ADMIN = "system_admin", "System administrator"
    PANEL_MEMBER = "panel_member", "Panel member"
    PARTNER = "partner", "Partner organisation"
    PARTNERSHIP_LEAD = "partnership_lead", "Partnership lead"


class Scope(IntEnum):
    """How far a capability reaches; a larger value includes the smaller ones."""

    NONE = 0
    SELF = 1
    TEAM = 2
    SERVICE = 3
    ORG = 4


class Cap:
    """Capability names. Add one here and grant it in :data:`GRANTS`; nowhere else."""

    HOME = "home"
    API = "api.use"
    ORG_VIEW = "org.view"
    USERS_MANAGE = "org.users.manage"
    AUDIT_VIEW = "org.audit.view"
    REGISTER_VIEW = "register.view"
    REGISTER_EDIT = "register.edit"
    REGISTER_IMPORT = "register.import"
    ABSENCE_RECORD = "register.absence.record"
    MEASURES_VIEW = "measures.view"
    CENSUS_MANAGE = "census.manage"
    EVIDENCE_PACK = "intelligence.evidence_pack"  # the whole council's Ofsted evidence pack
    # Sees the region: every council's published figures, the partnership's register figures
    # added together, and each member's own only where the person holds a role there too.
    REGION_VIEW = "intelligence.region"
    CASELOAD_VIEW = "caseload.view"
    CASES_HOLD = "caseload.hold"  # may hold cases: offered "My caseload"
    CASELOAD_POLICY = "caseload.policy"
    FAMILIES_VIEW = "families.view"
    ACCESS_LOG_VIEW = "families.access_log"
    WORKBOOK_TOOLS = "workbook.tools"
    ALLOCATE = "caseload.allocate"
    SUPERVISION_VIEW = "supervision.view"
    SUPERVISION_RECORD = "supervision.record"
    SUPERVISION_COMPLIANCE = "supervision.compliance"
    SUPERVISION_POLICY = "supervision.policy"
    LEARNING_VIEW = "learning.view"
    LEARNING_MANAGE = "learning.manage"
    LEARNING_NOMINATE = "learning.nominate"
    CPD_VIEW = "learning.cpd"
    # Sees who lacks mandatory learning, team by team (a manager their teams, the PSW and
    # workforce development the whole council).
    LEARNING_GAPS = "learning.gaps"
    # Sees learning only through the places a partner organisation is offered (the exchange).
    EXCHANGE_VIEW = "exchange.view"
    # Line-manages the people of a team (or of a service): their supervision records, the personal
    # parts where the council allows managers, and the families their case holders work with.
    PEOPLE_MANAGE = "people.manage"
    # Reads the personal parts of supervision where the council's setting adds the PSW.
    SUPERVISION_PERSONAL = "supervision.personal"
    # Writes the social worker's chapter of a family's workbook (where connected to the family).
    WORKBOOK_SOCIAL_WORK = "workbook.social_work"
    # Exports everything Thrive holds about one person (a subject access request).
    SAR_EXPORT = "privacy.sar_export"
    # Sets how long each kind of record is kept (the retention schedule), and sees what is due.
    RETENTION_MANAGE = "privacy.retention"
    # Approves (or refuses) a pending grant of a role that reaches families or supervision.
    ROLES_APPROVE = "org.roles.approve"
    # Takes time-limited emergency access to a team's families ("break glass"), with a reason.
    BREAK_GLASS = "access.break_glass"
    # Is told of every grant reaching families and every break-glass use, and reviews the uses.
    ACCESS_OVERSIGHT = "access.oversight"
    # Sets up the council's single sign-on (its identity provider, allowed email domains, whether
    # local passwords still work).
    SSO_MANAGE = "org.sso.manage"
    # Sets up the council's GOV.UK Notify service and sees the messages Thrive sent.
    NOTIFY_MANAGE = "org.notify.manage"
    # Sees the council's vacancies, their applications and the channel report.
    RECRUITMENT_VIEW = "recruitment.view"
    # Raises vacancies from the establishment, records applications, moves stages, records checks.
    RECRUITMENT_MANAGE = "recruitment.manage"
    # Approves a vacancy someone else raised, so it opens.
    RECRUITMENT_APPROVE = "recruitment.approve"
    # Sees the academy: their own assessed year, or the newly qualified workers in their reach.
    ACADEMY_VIEW = "academy.view"
    # Runs the academy: cohorts, enrolment, recall days, reviews' sign-off, outcomes, its rules.
    ACADEMY_MANAGE = "academy.manage"
    # Sees the council's agency placements, the rules check and the quarterly return.
    AGENCY_VIEW = "agency.view"
    # Imports and extends agency placements; changes the council's own agency rule set.
    AGENCY_MANAGE = "agency.manage"
    # Changes the region's shared agency rule set(s) and enters its price caps (the region's own,
    # never another region's nor the national set, which changes only with a Thrive release or by
    # the operator's command).
    AGENCY_SHARED_RULES = "agency.shared_rules.manage"
    # Records the DCS's and chief executive's sign-off of a placement above the price cap.
    AGENCY_SIGN_OFF = "agency.sign_off"
    # Residential rotas: sees homes' rotas; fills and publishes them; sees their own shifts.
    ROTA_VIEW = "agency.rota.view"
    ROTA_MANAGE = "agency.rota.manage"
    ROTA_MY_SHIFTS = "agency.rota.my_shifts"
    # Sits on selection panels: sees only the open panels they sit on (candidates, questions,
    # score sheets), and sends their own scores.
    RECRUITMENT_PANEL = "recruitment.panel"
    # Answers the council's staff surveys (anonymously, unless the survey says it is confidential).
    ENGAGEMENT_ANSWER = "engagement.answer"
    # Runs the surveys: the question library, waves and audiences, imports, reminders, threshold.
    ENGAGEMENT_MANAGE = "engagement.manage"
    # Reads survey results, only ever for groups at or above the council's minimum.
    ENGAGEMENT_RESULTS = "engagement.results"
    # Makes flexible working requests (a day-one right) and sees their own, with the clock.
    FLEXIBLE_REQUEST = "engagement.flexible.request"
    # Consults on and decides the flexible working requests of the people in their reach.
    FLEXIBLE_DECIDE = "engagement.flexible.decide"
    # Holds stay conversations with the people in their reach and records leavers' exit
    # conversations (reasons, would they come back, a good ending).
    CONVERSATIONS = "engagement.conversations"
    # Sees the long-service milestones (the monthly list, the annual event) and prints
    # certificates; the council's own setting of how service is counted.
    LONG_SERVICE = "engagement.long_service"


# Capabilities that open a family's record or a supervision record. A role granting any of them
# is never given to oneself, and given to someone else only once a second person approves.
FAMILY_REACHING_CAPS = frozenset(
    {
        Cap.FAMILIES_VIEW,
        Cap.WORKBOOK_SOCIAL_WORK,
        Cap.ALLOCATE,
        Cap.SUPERVISION_VIEW,
        Cap.SUPERVISION_RECORD,
        Cap.SUPERVISION_PERSONAL,
        Cap.PEOPLE_MANAGE,
    }
)


_EVERY_STAFF_ROLE = {Cap.HOME: Scope.ORG, Cap.API: Scope.SELF, Cap.ORG_VIEW: Scope.ORG}

GRANTS: dict[str, dict[str, Scope]] = {
    Role.PRACTITIONER: {
        **_EVERY_STAFF_ROLE,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.LEARNING_VIEW: Scope.SELF,
        Cap.CPD_VIEW: Scope.SELF,
        Cap.SUPERVISION_VIEW: Scope.SELF,
        Cap.SUPERVISION_RECORD: Scope.SELF,
        Cap.REGISTER_VIEW: Scope.SELF,
        Cap.CASELOAD_VIEW: Scope.SELF,
        Cap.CASES_HOLD: Scope.SELF,
        Cap.FAMILIES_VIEW: Scope.SELF,
        Cap.WORKBOOK_SOCIAL_WORK: Scope.SELF,
        Cap.ACADEMY_VIEW: Scope.SELF,
        Cap.ROTA_MY_SHIFTS: Scope.SELF,
    },
    Role.ADULT_SPECIALIST: {
        **_EVERY_STAFF_ROLE,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.LEARNING_VIEW: Scope.SELF,
        Cap.CPD_VIEW: Scope.SELF,
        Cap.SUPERVISION_VIEW: Scope.SELF,
        Cap.REGISTER_VIEW: Scope.SELF,
        Cap.CASELOAD_VIEW: Scope.SELF,
        Cap.FAMILIES_VIEW: Scope.SELF,
        Cap.ROTA_MY_SHIFTS: Scope.SELF,
    },
    Role.TEAM_MANAGER: {
        **_EVERY_STAFF_ROLE,
        Cap.FLEXIBLE_DECIDE: Scope.TEAM,
        Cap.CONVERSATIONS: Scope.TEAM,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.LEARNING_VIEW: Scope.TEAM,
        Cap.LEARNING_NOMINATE: Scope.TEAM,
        Cap.CPD_VIEW: Scope.TEAM,
        Cap.LEARNING_GAPS: Scope.TEAM,
        Cap.SUPERVISION_VIEW: Scope.TEAM,
        Cap.SUPERVISION_RECORD: Scope.TEAM,
        Cap.SUPERVISION_COMPLIANCE: Scope.TEAM,
        Cap.REGISTER_VIEW: Scope.TEAM,
        Cap.ABSENCE_RECORD: Scope.TEAM,
        Cap.MEASURES_VIEW: Scope.TEAM,
        Cap.CASELOAD_VIEW: Scope.TEAM,
        Cap.CASES_HOLD: Scope.SELF,
        Cap.FAMILIES_VIEW: Scope.TEAM,
        Cap.ALLOCATE: Scope.TEAM,
        Cap.PEOPLE_MANAGE: Scope.TEAM,
        Cap.WORKBOOK_SOCIAL_WORK: Scope.TEAM,
        Cap.ACADEMY_VIEW: Scope.TEAM,
        Cap.ROTA_MY_SHIFTS: Scope.SELF,
        Cap.ROTA_VIEW: Scope.TEAM,
        Cap.ROTA_MANAGE: Scope.TEAM,
    },
    Role.SERVICE_MANAGER: {
        **_EVERY_STAFF_ROLE,
        Cap.FLEXIBLE_DECIDE: Scope.SERVICE,
        Cap.CONVERSATIONS: Scope.SERVICE,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.LEARNING_VIEW: Scope.SERVICE,
        Cap.LEARNING_NOMINATE: Scope.SERVICE,
        Cap.CPD_VIEW: Scope.SERVICE,
        Cap.LEARNING_GAPS: Scope.SERVICE,
        Cap.SUPERVISION_VIEW: Scope.SERVICE,
        Cap.SUPERVISION_RECORD: Scope.SERVICE,
        Cap.SUPERVISION_COMPLIANCE: Scope.SERVICE,
        Cap.REGISTER_VIEW: Scope.SERVICE,
        Cap.ABSENCE_RECORD: Scope.SERVICE,
        Cap.MEASURES_VIEW: Scope.SERVICE,
        Cap.CASELOAD_VIEW: Scope.SERVICE,
        Cap.FAMILIES_VIEW: Scope.SERVICE,
        Cap.ALLOCATE: Scope.SERVICE,
        Cap.PEOPLE_MANAGE: Scope.SERVICE,
        Cap.WORKBOOK_SOCIAL_WORK: Scope.SERVICE,
        Cap.RECRUITMENT_VIEW: Scope.SERVICE,
        Cap.RECRUITMENT_PANEL: Scope.SELF,
        Cap.RECRUITMENT_MANAGE: Scope.SERVICE,
        Cap.ACADEMY_VIEW: Scope.SERVICE,
        Cap.AGENCY_VIEW: Scope.ORG,
        Cap.AGENCY_MANAGE: Scope.ORG,
        Cap.ROTA_VIEW: Scope.SERVICE,
        Cap.ROTA_MANAGE: Scope.SERVICE,
    },
    Role.PRINCIPAL_SOCIAL_WORKER: {
        **_EVERY_STAFF_ROLE,
        Cap.LONG_SERVICE: Scope.ORG,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.ENGAGEMENT_MANAGE: Scope.ORG,
        Cap.ENGAGEMENT_RESULTS: Scope.ORG,
        Cap.LEARNING_VIEW: Scope.ORG,
        Cap.LEARNING_MANAGE: Scope.ORG,
        Cap.CPD_VIEW: Scope.ORG,
        Cap.LEARNING_GAPS: Scope.ORG,
        Cap.SUPERVISION_VIEW: Scope.ORG,
        Cap.SUPERVISION_RECORD: Scope.ORG,
        Cap.SUPERVISION_COMPLIANCE: Scope.ORG,
        Cap.SUPERVISION_POLICY: Scope.ORG,
        Cap.REGISTER_VIEW: Scope.ORG,
        Cap.MEASURES_VIEW: Scope.ORG,
        Cap.EVIDENCE_PACK: Scope.ORG,
        Cap.REGION_VIEW: Scope.ORG,
        Cap.AUDIT_VIEW: Scope.ORG,
        Cap.SUPERVISION_PERSONAL: Scope.ORG,
        Cap.CASELOAD_VIEW: Scope.ORG,
        Cap.CASELOAD_POLICY: Scope.ORG,
        Cap.ACCESS_LOG_VIEW: Scope.ORG,
        Cap.WORKBOOK_TOOLS: Scope.ORG,
        Cap.ROLES_APPROVE: Scope.ORG,
        Cap.ACCESS_OVERSIGHT: Scope.ORG,
        Cap.RECRUITMENT_VIEW: Scope.ORG,
        Cap.ACADEMY_VIEW: Scope.ORG,
        Cap.ACADEMY_MANAGE: Scope.ORG,
        Cap.RECRUITMENT_PANEL: Scope.SELF,
    },
    Role.WORKFORCE_DEVELOPMENT: {
        **_EVERY_STAFF_ROLE,
        Cap.LONG_SERVICE: Scope.ORG,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.ENGAGEMENT_MANAGE: Scope.ORG,
        Cap.ENGAGEMENT_RESULTS: Scope.ORG,
        Cap.LEARNING_VIEW: Scope.ORG,
        Cap.LEARNING_MANAGE: Scope.ORG,
        Cap.CPD_VIEW: Scope.ORG,
        Cap.LEARNING_GAPS: Scope.ORG,
        Cap.SUPERVISION_COMPLIANCE: Scope.ORG,
        Cap.WORKBOOK_TOOLS: Scope.ORG,
        Cap.REGISTER_VIEW: Scope.ORG,
        Cap.MEASURES_VIEW: Scope.ORG,
        Cap.EVIDENCE_PACK: Scope.ORG,
        Cap.REGION_VIEW: Scope.ORG,
        Cap.RECRUITMENT_VIEW: Scope.ORG,
        Cap.ACADEMY_VIEW: Scope.ORG,
        Cap.ACADEMY_MANAGE: Scope.ORG,
        Cap.RECRUITMENT_PANEL: Scope.SELF,
    },
    Role.HR_RECRUITMENT: {
        **_EVERY_STAFF_ROLE,
        Cap.LONG_SERVICE: Scope.ORG,
        Cap.FLEXIBLE_DECIDE: Scope.ORG,
        Cap.CONVERSATIONS: Scope.ORG,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.LEARNING_VIEW: Scope.SELF,
        Cap.REGISTER_VIEW: Scope.ORG,
        Cap.REGISTER_EDIT: Scope.ORG,
        Cap.REGISTER_IMPORT: Scope.ORG,
        Cap.ABSENCE_RECORD: Scope.ORG,
        Cap.MEASURES_VIEW: Scope.ORG,
        Cap.EVIDENCE_PACK: Scope.ORG,
        Cap.REGION_VIEW: Scope.ORG,
        Cap.CENSUS_MANAGE: Scope.ORG,
        Cap.SAR_EXPORT: Scope.ORG,
        Cap.RETENTION_MANAGE: Scope.ORG,
        Cap.RECRUITMENT_VIEW: Scope.ORG,
        Cap.RECRUITMENT_PANEL: Scope.SELF,
        Cap.RECRUITMENT_MANAGE: Scope.ORG,
        Cap.RECRUITMENT_APPROVE: Scope.ORG,
        Cap.ACADEMY_VIEW: Scope.ORG,
        Cap.AGENCY_VIEW: Scope.ORG,
        Cap.AGENCY_MANAGE: Scope.ORG,
        Cap.ROTA_VIEW: Scope.ORG,
    },
    Role.SENIOR_LEADER: {
        **_EVERY_STAFF_ROLE,
        Cap.LONG_SERVICE: Scope.ORG,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.ENGAGEMENT_RESULTS: Scope.ORG,
        Cap.LEARNING_VIEW: Scope.ORG,
        Cap.SUPERVISION_COMPLIANCE: Scope.ORG,
        Cap.REGISTER_VIEW: Scope.ORG,
        Cap.MEASURES_VIEW: Scope.ORG,
        Cap.EVIDENCE_PACK: Scope.ORG,
        Cap.REGION_VIEW: Scope.ORG,
        Cap.CASELOAD_VIEW: Scope.ORG,
        Cap.CASELOAD_POLICY: Scope.ORG,
        Cap.ROLES_APPROVE: Scope.ORG,
        Cap.BREAK_GLASS: Scope.ORG,
        Cap.RECRUITMENT_VIEW: Scope.ORG,
        Cap.RECRUITMENT_PANEL: Scope.SELF,
        Cap.RECRUITMENT_APPROVE: Scope.ORG,
        Cap.ACADEMY_VIEW: Scope.ORG,
        Cap.AGENCY_VIEW: Scope.ORG,
        Cap.AGENCY_MANAGE: Scope.ORG,
        Cap.AGENCY_SIGN_OFF: Scope.ORG,
        Cap.ROTA_VIEW: Scope.ORG,
    },
    Role.SYSTEM_ADMIN: {
        **_EVERY_STAFF_ROLE,
        Cap.ENGAGEMENT_ANSWER: Scope.SELF,
        Cap.FLEXIBLE_REQUEST: Scope.SELF,
        Cap.LEARNING_VIEW: Scope.ORG,
        Cap.LEARNING_MANAGE: Scope.ORG,
        Cap.SUPERVISION_COMPLIANCE: Scope.ORG,
        Cap.SUPERVISION_POLICY: Scope.ORG,
        Cap.USERS_MANAGE: Scope.ORG,
        Cap.AUDIT_VIEW: Scope.ORG,
        Cap.REGISTER_VIEW: Scope.ORG,
        Cap.REGISTER_EDIT: Scope.ORG,
        Cap.REGISTER_IMPORT: Scope.ORG,
        Cap.ABSENCE_RECORD: Scope.ORG,
        Cap.MEASURES_VIEW: Scope.ORG,
        Cap.EVIDENCE_PACK: Scope.ORG,
        Cap.REGION_VIEW: Scope.ORG,
        Cap.CENSUS_MANAGE: Scope.ORG,
        Cap.CASELOAD_VIEW: Scope.ORG,
        Cap.CASELOAD_POLICY: Scope.ORG,
        Cap.ACCESS_LOG_VIEW: Scope.ORG,
        Cap.WORKBOOK_TOOLS: Scope.ORG,
        Cap.SAR_EXPORT: Scope.ORG,
        Cap.RETENTION_MANAGE: Scope.ORG,
        Cap.BREAK_GLASS: Scope.ORG,
        Cap.SSO_MANAGE: Scope.ORG,
        Cap.ACADEMY_VIEW: Scope.ORG,
        Cap.NOTIFY_MANAGE: Scope.ORG,
    },
    # People outside the council's staff see only what they are invited to.
    Role.PANEL_MEMBER: {Cap.HOME: Scope.SELF, Cap.RECRUITMENT_PANEL: Scope.SELF},
    Role.PARTNER: {
        Cap.HOME: Scope.SELF,
        Cap.RECRUITMENT_PANEL: Scope.SELF,
        Cap.EXCHANGE_VIEW: Scope.SELF,
        Cap.LEARNING_VIEW: Scope.SELF,
    },
    # Works for the regional partnership, not for one council: sees the region's view (every
    # council's published figures, the partnership's registers added together, the regional
    # learning offer) and never any council's own people or figures.
    # The region's agency rules and price caps are entered by the region: its lead changes them.
    Role.PARTNERSHIP_LEAD: {
        Cap.HOME: Scope.SELF,
        Cap.REGION_VIEW: Scope.ORG,
        Cap.AGENCY_SHARED_RULES: Scope.ORG,
    },
}


def reaches_families(role: str) -> bool:
    """Does *role* grant any capability that opens a family's or a supervision record?"""
    return bool(FAMILY_REACHING_CAPS & set(GRANTS.get(role, {})))


def needs_second_person(role: str) -> bool:
    """Is giving *role* refused for oneself and held until a second person approves? Roles that
    open families or supervision records, and roles that approve or oversee that access (else an
    administrator could take one and approve their own accomplice)."""
    oversight = {Cap.ROLES_APPROVE, Cap.BREAK_GLASS, Cap.ACCESS_OVERSIGHT}
    return reaches_families(role) or bool(oversight & set(GRANTS.get(role, {})))


# Break glass gives this role, for one team, for this many hours.
BREAK_GLASS_ROLE = Role.TEAM_MANAGER
BREAK_GLASS_HOURS = 4

# What each role's home page is about, shown under its heading.
ROLE_HOME_SUMMARY: dict[str, str] = {
    Role.PRACTITIONER: "Your caseload, supervision, learning and CPD.",
    Role.ADULT_SPECIALIST: "The families you work with and your supervision.",
    Role.TEAM_MANAGER: "Your team's people, caseloads, supervision and learning.",
    Role.SERVICE_MANAGER: "The teams in your service and how they are doing.",
    Role.PRINCIPAL_SOCIAL_WORKER: "Practice, learning, supervision and the workforce picture.",
    Role.WORKFORCE_DEVELOPMENT: "The learning offer, needs analysis, exchange and evaluation.",
    Role.HR_RECRUITMENT: "The register, establishment, imports and the census return.",
    Role.SENIOR_LEADER: "The workforce picture against region, neighbours and England.",
    Role.SYSTEM_ADMIN: "People who sign in, their roles, and the audit trail.",
    Role.PANEL_MEMBER: "Selection panels you take part in.",
    Role.PARTNER: "The multi-agency training exchange.",
    Role.PARTNERSHIP_LEAD: (
        "The region: every council side by side, the partnership's figures, and the region's "
        "agency rules and price caps."
    ),
}
