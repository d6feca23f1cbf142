"""Who may read which parts of supervision, beyond the two people in it and their managers."""

from __future__ import annotations

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def reads_personal_where_the_council_allows(access: Access) -> bool:
    """Is the person one the council's "managers and the PSW" setting lets read the personal
    parts of any supervision record?"""
    return access.can(Cap.SUPERVISION_PERSONAL)
