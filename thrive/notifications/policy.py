"""Who may do what with the council's messages."""

from __future__ import annotations

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def may_configure_notify(access: Access) -> bool:
    """The council's system administrator sets up its GOV.UK Notify service and sees the
    messages Thrive sent (with their addresses)."""
    return access.can(Cap.NOTIFY_MANAGE)
