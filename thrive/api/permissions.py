"""API permission classes: the same central layer as the web pages."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from rest_framework import permissions
from rest_framework.request import Request

from thrive.core.permissions import Access, access_for
from thrive.people.models import Organisation


def org_access(request: Request, org_code: str) -> Access:
    """Resolve the organisation of an org-scoped endpoint and the caller's access there."""
    organisation = get_object_or_404(Organisation, code=org_code)
    access = access_for(request.user, organisation)
    request.organisation = organisation  # type: ignore[attr-defined]
    request.access = access  # type: ignore[attr-defined]
    return access


class HasOrgCapability(permissions.BasePermission):
    """Views set ``capability``; the URL carries ``org_code``. Refuses non-members."""

    message = "You do not have access to this in this council."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        org_code = view.kwargs.get("org_code")
        if org_code is None:
            return True
        access = org_access(request, org_code)
        return access.is_member and access.can(view.capability)
