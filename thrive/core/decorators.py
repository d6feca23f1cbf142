"""The one way a view gets its organisation and checks permission."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from thrive.core.areas import organisation_model
from thrive.core.permissions import access_for

View = Callable[..., HttpResponse]


def log_refusal_before_view(
    request: HttpRequest, organisation: Any, capability: str, kwargs: dict[str, Any]
) -> None:
    """A refusal before the view runs is logged in the council asked (even by someone who holds
    no role there). A family's or a supervision record's URL goes to its own log, against the
    record asked for."""
    from thrive.core.audit import audit_log

    match = getattr(request, "resolver_match", None)
    namespace = getattr(match, "namespace", "")
    route = str(getattr(match, "route", ""))
    pk = kwargs.get("pk")
    action, object_type = "access.refused", ""
    if namespace in ("caseloads", "workbook", "api") and "families" in route:
        action, object_type = "family.refused", "caseloads.family"
    elif namespace in ("supervision", "api") and "supervision" in route and pk is not None:
        action, object_type = "supervision.refused", "supervision.session"
    audit_log(
        action=action,
        user=request.user,
        organisation=organisation,
        object_type=object_type if pk is not None else "",
        object_id=str(pk) if pk is not None and object_type else "",
        summary=f"Refused {request.method} {request.path[:180]} (needs {capability})",
        detail={"capability": capability, "method": request.method, "path": request.path[:500]},
        request=request,
    )


def org_view(capability: str) -> Callable[[View], View]:
    """Resolve ``org_code`` from the URL, refuse people without *capability* there.

    Sets ``request.organisation`` and ``request.access`` for the view and the templates.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, org_code: str, *args: Any, **kwargs: Any) -> HttpResponse:
            organisation = get_object_or_404(organisation_model(), code=org_code)
            access = access_for(request.user, organisation)
            request.organisation = organisation  # type: ignore[attr-defined]
            request.access = access  # type: ignore[attr-defined]
            if not access.is_member or not access.can(capability):
                log_refusal_before_view(request, organisation, capability, kwargs)
                raise PermissionDenied(capability)
            user = request.user
            if getattr(user, "last_organisation_id", None) != organisation.pk:
                get_user_model().objects.filter(pk=user.pk).update(  # type: ignore[misc]
                    last_organisation=organisation
                )
            return view(request, *args, **kwargs)

        # Read by thrive.core.links, so a page links here only for people who may open it.
        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator
