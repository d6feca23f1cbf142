"""Writes for people who sign in: adding them, granting roles, API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from thrive.accounts.models import ApiToken, RoleAssignment, User, hash_token
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.roles import Role
from thrive.people.models import Organisation, Service, Team


def _role_value(role: str) -> str:
    if role not in Role.values:
        raise ThriveError(f"'{role}' is not a role. Use one of: " + ", ".join(Role.values) + ".")
    return role


@transaction.atomic
def user_add(
    *,
    email: str,
    organisation: Organisation,
    role: str,
    password: str | None = None,
    full_name: str = "",
    team: Team | None = None,
    service: Service | None = None,
    actor: Any = None,
) -> tuple[User, RoleAssignment]:
    """Add a person who signs in, or give an existing one another role."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ThriveError(f"'{email}' is not a valid email address.") from exc
    role = _role_value(role)
    for scoped in (team, service):
        if scoped is not None and scoped.organisation_id != organisation.pk:
            raise ThriveError("The team or service belongs to another council.")
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name)
        if password:
            _check_password(user, password)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    else:
        if full_name and not user.full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
        if password and not user.has_usable_password():
            # An existing person's password is never replaced by giving them another role.
            user_set_password(user=user, password=password)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, organisation=organisation, role=role, team=team, service=service
    )
    if created:
        audit_log(
            action="role.granted",
            user=actor,
            organisation=organisation,
            obj=assignment,
            summary=f"{email} given the role {assignment.get_role_display()}",
        )
    return user, assignment


def _check_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ThriveError("The password is not strong enough.", problems=exc.messages) from exc


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    _check_password(user, password)
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: Any = None) -> None:
    audit_log(
        action="role.revoked",
        user=actor,
        organisation=assignment.organisation,
        obj=assignment,
        summary=f"{assignment.user.email} no longer {assignment.get_role_display()}",
    )
    assignment.delete()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the key is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise ThriveError("Enter a name for the token, so you can tell it apart later.")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=hash_token(key))
    audit_log(action="api_token.created", user=user, obj=token, summary=f"API token '{name}'")
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_log(action="api_token.revoked", user=actor, obj=token, summary=token.name)


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def sign_in_unlock(
    *, email: str = "", ip_address: str = "", actor: Any = None, reason: str = ""
) -> int:
    """Clear the sign-in failures held against an account (any address) and/or an address (any
    account), lifting a lockout before its cool-off ends. Returns how many records were cleared."""
    from axes.models import AccessAttempt

    from thrive.accounts.throttling import normalise_identity

    identity = normalise_identity(email)
    address = ip_address.strip()
    if not identity and not address:
        raise ThriveError("Say which account (email) or address to unlock.")
    attempts = AccessAttempt.objects.all()
    if identity:
        attempts = attempts.filter(username=identity)
    if address:
        attempts = attempts.filter(ip_address=address)
    count, _ = attempts.delete()
    user = User.objects.filter(email__iexact=identity).first() if identity else None
    what = " from ".join(p for p in (identity, address) if p)
    audit_log(
        action="auth.unlocked",
        user=actor,
        organisation=getattr(user, "last_organisation", None),
        obj=user,
        object_type="accounts.user",
        summary=f"Sign-in unlocked for {what}" + (f": {reason}" if reason else ""),
        detail={"identity": identity, "ip_address": address, "cleared": count, "reason": reason},
    )
    return count
