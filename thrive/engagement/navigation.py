"""The engagement app's menu items. Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

NAV_ITEMS = [
    NavItem(
        "Staff surveys",
        "engagement:surveys",
        Cap.ENGAGEMENT_ANSWER,
        "Surveys open to you, answered anonymously; the engagement leads run them here.",
        area="people",
        order=60,
    ),
    NavItem(
        "You said, we did",
        "engagement:you_said",
        Cap.ENGAGEMENT_ANSWER,
        "What staff said in each survey, what the council is doing about it, and its progress.",
        area="people",
        order=70,
    ),
    NavItem(
        "Survey results",
        "engagement:results",
        Cap.ENGAGEMENT_RESULTS,
        "Results by team, service and profession, never for a group small enough to identify.",
        area="workforce",
        order=60,
        min_scope=Scope.ORG,
    ),
    NavItem(
        "Flexible working",
        "engagement:flexible_list",
        Cap.FLEXIBLE_REQUEST,
        "Ask to work flexibly and follow the decision; managers consult on and decide requests.",
        area="people",
        order=80,
    ),
    NavItem(
        "Stay and exit conversations",
        "engagement:conversations",
        Cap.CONVERSATIONS,
        "Who the council's risk signals say to talk with, leavers' exit conversations, returners.",
        area="people",
        order=85,
    ),
    NavItem(
        "Shout-outs",
        "engagement:recognition",
        Cap.ENGAGEMENT_ANSWER,
        "Thank a colleague, a partner or a team; published with the colleague's consent.",
        area="people",
        order=72,
    ),
    NavItem(
        "Staff newsletter",
        "engagement:newsletters",
        Cap.ENGAGEMENT_ANSWER,
        "The monthly newsletter: shout-outs, learning, new starters, long service, stories.",
        area="people",
        order=74,
    ),
    NavItem(
        "Long service",
        "engagement:long_service",
        Cap.LONG_SERVICE,
        "Milestones this month and this year, for the annual event, with certificates.",
        area="workforce",
        order=65,
        min_scope=Scope.ORG,
    ),
    NavItem(
        "Support drop-ins",
        "engagement:dropins",
        Cap.ENGAGEMENT_ANSWER,
        "Book time to talk in confidence with an experienced colleague.",
        area="people",
        order=76,
    ),
]
