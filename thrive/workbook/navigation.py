"""The workbook app's menu items: quick notes and the practice tools. Core's navigation finds
them."""

from thrive.core.navigation import NavItem
from thrive.core.roles import Cap

NAV_ITEMS = [
    NavItem(
        "Quick note",
        "workbook:capture",
        Cap.FAMILIES_VIEW,
        "Note a visit in a family's workbook from your phone; finish drafts later.",
        area="caseloads",
        order=40,
    ),
    NavItem(
        "Practice tools",
        "workbook:tools",
        Cap.WORKBOOK_TOOLS,
        "The practice tools workers record using in families' workbooks.",
        area="caseloads",
        order=50,
    ),
]
