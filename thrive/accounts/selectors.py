"""Reads for accounts: a person's roles and API tokens, grants waiting for approval, break-glass
uses, sign-in failures and lockouts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class SignInFailures:
    """Recent failed sign-ins to one account of the council (within the cool-off window)."""

    email: str
    failures: int
    addresses: list[str]
    last_attempt: datetime
    locked: bool


def sign_in_failures(organisation: Organisation) -> list[SignInFailures]:
    """Accounts holding a role in *organisation* with failed sign-ins inside the cool-off window,
    and whether a limit now refuses them (the same limits as ``throttling``)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    emails = {
        e.strip().lower()
        for e in User.objects.filter(role_assignments__organisation=organisation).values_list(
            "email", flat=True
        )
    }
    attempts = AccessAttempt.objects.filter(username__in=emails)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=clock.now() - settings.AXES_COOLOFF_TIME)
    by_email: dict[str, list[Any]] = {}
    for attempt in attempts.order_by("username", "-attempt_time"):
        by_email.setdefault(attempt.username, []).append(attempt)
    rows = []
    for email, found in by_email.items():
        total = sum(a.failures_since_start for a in found)
        pair = max(a.failures_since_start for a in found)
        rows.append(
            SignInFailures(
                email=email,
                failures=total,
                addresses=sorted({a.ip_address for a in found if a.ip_address}),
                last_attempt=found[0].attempt_time,
                locked=pair >= settings.AXES_FAILURE_LIMIT
                or total >= settings.THRIVE_LOGIN_ACCOUNT_FAILURE_LIMIT,
            )
        )
    return sorted(rows, key=lambda r: (not r.locked, r.email))


def mfa_enrolment(organisation: Organisation) -> tuple[int, int]:
    """(people holding a role in the council, of whom have a confirmed authenticator)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    users = User.objects.filter(role_assignments__organisation=organisation).distinct()
    enrolled = TOTPDevice.objects.filter(user__in=users, confirmed=True).values("user").distinct()
    return users.count(), enrolled.count()
