"""Which chapters of a family's workbook a person writes."""

from __future__ import annotations

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def writes_social_work_chapter(access: Access) -> bool:
    """Case holders and their managers write the social worker's chapter (in the families they
    are connected to)."""
    return access.can(Cap.WORKBOOK_SOCIAL_WORK)
