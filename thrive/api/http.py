"""The request an API endpoint receives, typed: what token or session authentication and
:class:`~thrive.api.permissions.HasOrgCapability` put on it, so endpoints read
``request.organisation``, ``request.access`` and ``request.user`` without telling the type
checker to look away. For type checking only: at run time the request is DRF's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request

from thrive.core.http import AuthedRequest
from thrive.core.permissions import Access

if TYPE_CHECKING:
    from thrive.accounts.models import User
    from thrive.people.models import Organisation


class ApiRequest(Request):
    """A signed-in caller's request to an endpoint that names no council (``/api/me/``)."""

    if TYPE_CHECKING:

        @property
        def user(self) -> User: ...

        @user.setter
        def user(self, value: User) -> None: ...


class AuthedApiRequest(ApiRequest, AuthedRequest):
    """A signed-in caller's request to an endpoint under ``/api/organisations/<code>/``, past
    :class:`~thrive.api.permissions.HasOrgCapability`: the council, the caller's access there,
    and the token's (or session's) user. It is also an :class:`AuthedRequest`, so the helpers
    the pages use (the access log, a family's record) take it as it is."""

    organisation: Organisation
    access: Access
