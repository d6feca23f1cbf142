"""API permission classes: the same central layer as the web pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.shortcuts import get_object_or_404
from rest_framework import permissions
from rest_framework.request import Request

from thrive.core.permissions import Access, access_for
from thrive.core.roles import GRANTS, Cap, Scope
from thrive.people.models import Organisation

if TYPE_CHECKING:
    from thrive.api.http import AuthedApiRequest


def org_access(request: Request, org_code: str) -> Access:
    """Resolve the organisation of an org-scoped endpoint and the caller's access there, and put
    both on the request: from here on it is an :class:`~thrive.api.http.AuthedApiRequest`."""
    organisation = get_object_or_404(Organisation, code=org_code)
    access = access_for(request.user, organisation)
    authed = cast("AuthedApiRequest", request)
    authed.organisation = organisation
    authed.access = access
    return access


def holds_api_use(user: Any) -> bool:
    """Does *user* hold a role that grants ``api.use`` in any council?"""
    from thrive.accounts.models import RoleAssignment

    roles = {
        role for role, grants in GRANTS.items() if grants.get(Cap.API, Scope.NONE) > Scope.NONE
    }
    return RoleAssignment.objects.filter(user=user, role__in=roles).exists()


class MayUseApi(permissions.BasePermission):
    """Signed in and granted ``api.use`` (every staff role; not panel members or partners)."""

    message = "Your roles do not include using the API. Ask your system administrator."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        cached = getattr(request, "_thrive_api_use", None)
        if cached is None:
            cached = holds_api_use(user)
            request._thrive_api_use = cached  # type: ignore[attr-defined]
        return bool(cached)


class HasOrgCapability(MayUseApi):
    """Views set ``capability``; the URL carries ``org_code``. Refuses non-members and anyone
    without ``api.use`` in that council."""

    message = "You do not have access to this in this council."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        org_code = view.kwargs.get("org_code")
        if org_code is None:
            return super().has_permission(request, view)
        access = org_access(request, org_code)
        allowed = access.is_member and access.can(Cap.API) and access.can(view.capability)
        if not allowed:
            from thrive.core.decorators import log_refusal_before_view

            log_refusal_before_view(
                request, access.organisation, view.capability, dict(view.kwargs)
            )
        return bool(allowed)
