"""Whether a person may open a council page, asked before a template links to it — so a page
never offers a link that ends in "You do not have access to this page"."""

from __future__ import annotations

from django.urls import NoReverseMatch, resolve, reverse

from thrive.core.navigation import nav_item
from thrive.core.permissions import Access


def may_open(access: Access | None, url_name: str, org_code: str, *args: object) -> bool:
    """True when *access* passes the check at the door of the page *url_name* in *org_code*:
    the menu's capability and scope for a menu page, otherwise the view's own capability."""
    if access is None or not access.is_member:
        return False
    item = nav_item(url_name)
    if item is not None:
        return access.scope(item.capability) >= item.min_scope
    try:
        url = reverse(url_name, args=[org_code, *args])
    except NoReverseMatch:
        return False
    capability = getattr(resolve(url).func, "required_capability", None)
    return capability is None or access.can(capability)
