"""Who sees which part of learning: the council's own catalogue, or only the exchange."""

from __future__ import annotations

from thrive.core.permissions import Access
from thrive.core.roles import Cap


def only_through_the_exchange(access: Access) -> bool:
    """A partner organisation's people (who are not also the council's staff) see learning only
    as the places offered to their organisation; the catalogue and the API are for staff."""
    return access.can(Cap.EXCHANGE_VIEW) and not access.can(Cap.ORG_VIEW)
