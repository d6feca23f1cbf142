"""The jobs app's menu item. Core's navigation finds it."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap

NAV_ITEMS = [
    NavItem(
        "Background jobs",
        "jobs:jobs",
        Cap.REGISTER_IMPORT,
        "Imports and other long work running in the background, and how far each has got.",
        area="people",
        order=90,
    ),
]
