"""The notifications app's menu items. Core's navigation finds them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap

NAV_ITEMS = [
    NavItem(
        "GOV.UK Notify",
        "notifications:notify_settings",
        Cap.NOTIFY_MANAGE,
        "Send the council's email and text messages through GOV.UK Notify.",
        area="council",
        order=45,
    ),
    NavItem(
        "Messages sent",
        "notifications:outbox",
        Cap.NOTIFY_MANAGE,
        "Every email and text message Thrive sent, and whether it went.",
        area="council",
        order=46,
    ),
]
