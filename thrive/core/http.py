"""The request a council page receives, typed: what :func:`~thrive.core.decorators.org_view`
(and the API's permission class) put on it, so views read ``request.organisation`` and
``request.access`` without telling the type checker to look away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from thrive.core.permissions import Access

if TYPE_CHECKING:
    from thrive.accounts.models import User
    from thrive.people.models import Organisation


class AuthedRequest(HttpRequest):
    """A signed-in person's request to one council's page (for type checking only)."""

    organisation: Organisation
    access: Access
    user: User  # type: ignore[assignment]
