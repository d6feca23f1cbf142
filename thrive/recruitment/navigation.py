"""The recruitment app's menu items. Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

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

NAV_ITEMS += [
    NavItem(
        "Question bank",
        "recruitment:questions",
        Cap.RECRUITMENT_VIEW,
        "Values-led scenario questions and the rubrics panels score against.",
        area="workforce",
        order=45,
    ),
    NavItem(
        "Your selection panels",
        "recruitment:my_panels",
        Cap.RECRUITMENT_PANEL,
        "The panels you sit on: their candidates, questions and your score sheets.",
        area="workforce",
        order=50,
    ),
]

NAV_ITEMS += [
    NavItem(
        "Recruitment equality",
        "recruitment:equality",
        Cap.RECRUITMENT_VIEW,
        "Ethnic group, gender, age and disability at each stage (the four-fifths rule).",
        area="workforce",
        order=42,
        min_scope=Scope.ORG,
    ),
]

NAV_ITEMS += [
    NavItem(
        "Recruiter's view",
        "recruitment:recruiter",
        Cap.RECRUITMENT_VIEW,
        "Time to hire, stage conversion, offers declined, checks outstanding; Excel export.",
        area="workforce",
        order=35,
    ),
    NavItem(
        "Recruitment campaigns",
        "recruitment:campaigns",
        Cap.RECRUITMENT_VIEW,
        "Each campaign's cost, yield, starters still in post a year on, and cost per starter.",
        area="workforce",
        order=41,
    ),
]

# What the council keeps for all its recruitment: whole-council recruiters only.
NAV_ITEMS += [
    NavItem(
        "Your jobs portal page",
        "recruitment:portal_page",
        Cap.RECRUITMENT_MANAGE,
        "The practice model, teams, pay, development and caseload promise candidates read.",
        area="workforce",
        order=46,
        min_scope=Scope.ORG,
    ),
]

NAV_ITEMS += [
    NavItem(
        "Referral rewards",
        "recruitment:referrals",
        Cap.RECRUITMENT_MANAGE,
        "Staff who referred a friend, the reward and when it is due; record it paid.",
        area="workforce",
        order=47,
        min_scope=Scope.ORG,
    ),
]

NAV_ITEMS += [
    NavItem(
        "Emails to candidates",
        "recruitment:stage_emails",
        Cap.RECRUITMENT_MANAGE,
        "What candidates are told when they are shortlisted, offered or not taken further.",
        area="workforce",
        order=48,
        min_scope=Scope.ORG,
    ),
]

NAV_ITEMS += [
    NavItem(
        "Selection steps",
        "recruitment:selection_templates",
        Cap.RECRUITMENT_MANAGE,
        "The steps of selection each kind of post is raised with, from a date.",
        area="workforce",
        order=49,
        min_scope=Scope.ORG,
    ),
]
