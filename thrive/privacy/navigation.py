"""The privacy app's menu items: subject access requests and the retention schedule."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap

NAV_ITEMS = [
    NavItem(
        "Subject access requests",
        "privacy:sar",
        Cap.SAR_EXPORT,
        "Everything Thrive holds about one member of staff, as a ZIP of CSV files and a PDF.",
        area="council",
        order=34,
    ),
    NavItem(
        "Retention schedule",
        "privacy:retention",
        Cap.RETENTION_MANAGE,
        "How long each kind of record is kept, and what has passed it.",
        area="council",
        order=36,
    ),
]
