"""What every page's shell needs: the council, the navigation, the person's councils."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from thrive.core.navigation import NAV_ITEMS


def shell(request: HttpRequest) -> dict[str, Any]:
    organisation = getattr(request, "organisation", None)
    access = getattr(request, "access", None)
    nav: list[dict[str, Any]] = []
    if organisation is not None and access is not None and access.is_member:
        path = request.path
        for item in NAV_ITEMS:
            if access.scope(item.capability) >= item.min_scope:
                url = reverse(item.url_name, kwargs={"org_code": organisation.code})
                is_home = item.url_name == "core:org_home"
                active = path == url if is_home else path.startswith(url)
                nav.append({"label": item.label, "url": url, "active": active})
    user = getattr(request, "user", None)
    org_count = 0
    if user is not None and user.is_authenticated:
        org_count = user.role_assignments.values("organisation").distinct().count()
    return {
        "organisation": organisation,
        "access": access,
        "service_nav": nav,
        "service_name": organisation.name if organisation else settings.THRIVE_DEPLOYMENT_NAME,
        "can_switch_org": org_count > 1,
    }
