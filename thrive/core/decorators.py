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

from thrive.core.permissions import access_for
from thrive.people.models import Organisation

View = Callable[..., HttpResponse]


def org_view(capability: str) -> Callable[[View], View]:
    """Resolve ``org_code`` from the URL, refuse people without *capability* there.

    Sets ``request.organisation`` and ``request.access`` for the view and the templates.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, org_code: str, *args: Any, **kwargs: Any) -> HttpResponse:
            organisation = get_object_or_404(Organisation, code=org_code)
            access = access_for(request.user, organisation)
            request.organisation = organisation  # type: ignore[attr-defined]
            request.access = access  # type: ignore[attr-defined]
            if not access.is_member or not access.can(capability):
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
