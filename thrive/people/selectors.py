"""Reads for organisations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thrive.people.models import Organisation


def organisations_for_user(user: Any) -> QuerySet[Organisation]:
    """The councils in which *user* holds at least one role."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(role_assignments__user=user).distinct().order_by("name")


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()
