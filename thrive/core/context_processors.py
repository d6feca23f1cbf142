"""What every page's shell needs: the council, the navigation, the person's councils."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from thrive.core.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    organisation = getattr(request, "organisation", None)
    access = getattr(request, "access", None)
    navigation = None
    if organisation is not None and access is not None and access.is_member:
        navigation = navigation_for(access, organisation.code, request.path)
    user = getattr(request, "user", None)
    org_count = 0
    if user is not None and user.is_authenticated:
        org_count = user.role_assignments.values("organisation").distinct().count()
    return {
        "organisation": organisation,
        "access": access,
        "service_nav": navigation.areas if navigation else [],
        "sub_nav": navigation.sub_links if navigation else [],
        "current_area": navigation.current_area if navigation else None,
        "service_name": organisation.name if organisation else settings.THRIVE_DEPLOYMENT_NAME,
        "can_switch_org": org_count > 1,
    }
