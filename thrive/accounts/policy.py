"""Who may do what with sign-in itself."""

from __future__ import annotations

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def may_configure_single_sign_on(access: Access) -> bool:
    """The council's system administrator sets up its single sign-on (identity provider, email
    domains, whether local passwords still work)."""
    return access.can(Cap.SSO_MANAGE)
