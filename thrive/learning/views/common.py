"""What learning's pages share: the council, the reader's access and their register record."""

from __future__ import annotations

from typing import Any

from thrive.core.http import AuthedRequest
from thrive.people.models import StaffMember
from thrive.people.selectors import staff_member_for


def reader(request: AuthedRequest) -> tuple[Any, Any, StaffMember | None]:
    """The council, the reader's access, and the reader's own record in its register."""
    org = request.organisation
    return org, request.access, staff_member_for(request.user, org)
