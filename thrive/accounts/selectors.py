"""Reads for accounts: a person's roles and API tokens, grants waiting for approval, break-glass
uses."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from thrive.accounts.models import (
    ApiToken,
    BreakGlassUse,
    RoleAssignment,
    RoleGrantRequest,
    User,
)
from thrive.core import clock
from thrive.people.models import Organisation


def current_roles(organisation: Organisation) -> QuerySet[RoleAssignment]:
    """The roles held in the council now (not expired), person by person."""
    return (
        RoleAssignment.objects.filter(organisation=organisation)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=clock.now()))
        .select_related("user", "team", "service")
        .order_by("user__email", "role")
    )


def role_assignment(organisation: Organisation, pk: int) -> RoleAssignment | None:
    """The council's role assignment numbered *pk* (None if it is not the council's)."""
    return (
        RoleAssignment.objects.select_related("user")
        .filter(pk=pk, organisation=organisation)
        .first()
    )


def role_grants_waiting(organisation: Organisation) -> QuerySet[RoleGrantRequest]:
    """Requests for roles that open families, waiting for a second person."""
    return RoleGrantRequest.objects.filter(
        organisation=organisation, status=RoleGrantRequest.Status.PENDING
    ).select_related("team", "service", "requested_by")


def user_with_roles(user: Any) -> Any:
    """*user* with every role they hold in every council, for the API's ``me``."""
    return User.objects.prefetch_related(
        "role_assignments__organisation", "role_assignments__team", "role_assignments__service"
    ).get(pk=user.pk)


def roles_of(user: Any) -> QuerySet[RoleAssignment]:
    """Every role *user* holds, in every council, with where it applies."""
    return user.role_assignments.select_related("organisation", "team", "service")


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """*user*'s API tokens, live and revoked."""
    return ApiToken.objects.filter(user=user)


def api_token_of(user: Any, pk: int) -> ApiToken | None:
    """*user*'s own token numbered *pk* (None if it is not theirs)."""
    return ApiToken.objects.filter(pk=pk, user=user).first()


def role_grant_requests(organisation: Organisation) -> QuerySet[RoleGrantRequest]:
    """The council's requests for roles that open families, decided or waiting."""
    return RoleGrantRequest.objects.filter(organisation=organisation).select_related(
        "team", "service", "requested_by", "decided_by"
    )


def role_grant_request(organisation: Organisation, pk: int) -> RoleGrantRequest | None:
    """The council's request numbered *pk* (None if it is not the council's)."""
    return RoleGrantRequest.objects.filter(pk=pk, organisation=organisation).first()


def break_glass_uses_of(organisation: Organisation, user: Any) -> QuerySet[BreakGlassUse]:
    """*user*'s own break-glass uses in the council."""
    return BreakGlassUse.objects.filter(organisation=organisation, user=user).select_related("team")


def break_glass_uses(organisation: Organisation) -> QuerySet[BreakGlassUse]:
    """Every break-glass use in the council, for review."""
    return BreakGlassUse.objects.filter(organisation=organisation).select_related(
        "user", "team", "reviewed_by"
    )


def break_glass_use(organisation: Organisation, pk: int) -> BreakGlassUse | None:
    """The council's break-glass use numbered *pk* (None if there is none)."""
    return break_glass_uses(organisation).filter(pk=pk).first()
