"""The learning app's menu items: the offer, CPD, gaps, needs, programmes and the exchange.
Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap, Scope

NAV_ITEMS = [
    NavItem(
        "Learning",
        "learning:catalogue",
        Cap.LEARNING_VIEW,
        "The learning offer, what is recommended for you, your places and certificates.",
        area="learning",
        order=10,
    ),
    NavItem(
        "CPD",
        "learning:cpd",
        Cap.CPD_VIEW,
        "Your CPD records against Social Work England's registration year.",
        area="learning",
        order=20,
    ),
    NavItem(
        "Learning gaps by team",
        "learning:team",
        Cap.LEARNING_GAPS,
        "Who is missing each mandatory item, team by team; names, CSV and Excel.",
        area="learning",
        order=30,
    ),
    NavItem(
        "CPD by team",
        "learning:cpd_team",
        Cap.CPD_VIEW,
        "CPD on track, at risk or not started in the registration year, by team.",
        Scope.TEAM,
        area="learning",
        order=40,
    ),
    NavItem(
        "Training needs",
        "learning:needs",
        Cap.LEARNING_MANAGE,
        "The triangulated training-needs analysis: priorities and unmet needs.",
        area="learning",
        order=50,
    ),
    NavItem(
        "Programme evaluation",
        "learning:programmes",
        Cap.LEARNING_MANAGE,
        "Outcomes over time and retention of participants in programmes like Grit and Firstline.",
        area="learning",
        order=60,
    ),
    NavItem(
        "Training exchange",
        "learning:exchange",
        Cap.LEARNING_MANAGE,
        "Places given and taken with partner organisations, and the balance.",
        area="learning",
        order=70,
    ),
]
