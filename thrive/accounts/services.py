"""Writes for people who sign in: adding them, granting roles, API tokens."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

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
    encoded_password: str = "",
) -> tuple[User, RoleAssignment]:
    """Add a person who signs in, or give an existing one another role.

    *encoded_password* is a password already hashed by ``make_password`` (and checked against
    the password rules by the caller), for many accounts given one password: the demo hashes its
    published password once rather than once an account (each hash costs the hasher's full
    work factor, kept for security)."""
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
        elif encoded_password:
            user.password = encoded_password
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
        elif encoded_password and not user.has_usable_password():
            user.password = encoded_password
            user.save(update_fields=["password"])
            credentials_revoke(user=user, reason="password changed", actor=actor)
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


def check_password_strength(*, email: str, password: str) -> None:
    """Refuse a weak password for *email* before anything is written."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    _check_password(user or User(email=email.strip().lower()), password)


def _check_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ThriveError("The password is not strong enough.", problems=exc.messages) from exc


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: Any = None) -> None:
    """Set a password; the person's API tokens and calendar address stop working."""
    _check_password(user, password)
    user.set_password(password)
    user.save(update_fields=["password"])
    credentials_revoke(user=user, reason="password changed", actor=actor)


@transaction.atomic
def password_reset_complete(*, user: User, request: Any = None) -> None:
    """After a password is set through an emailed reset link: end the person's tokens and calendar
    address (whoever held them no longer can), and lift a lockout of the account."""
    credentials_revoke(user=user, reason="password reset", actor=user, request=request)
    from axes.models import AccessAttempt

    cleared, _ = AccessAttempt.objects.filter(username=user.email.strip().lower()).delete()
    audit_log(
        action="auth.password_reset",
        user=user,
        organisation=user.last_organisation,
        obj=user,
        summary="Password set from a reset link",
        detail={"sign_in_failures_cleared": cleared},
        request=request,
    )


@transaction.atomic
def credentials_revoke(*, user: User, reason: str, actor: Any = None, request: Any = None) -> int:
    """Revoke every active API token of *user* and delete their calendar address.

    Called when the password changes or is reset and when the person leaves. Returns how many
    tokens and addresses stopped working.
    """
    now = clock.now()
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    revoked = tokens.update(revoked_at=now, revoked_reason=reason[:100])
    feeds, _ = user.calendar_feeds.all().delete()  # type: ignore[attr-defined]
    if revoked or feeds:
        audit_log(
            action="auth.credentials_revoked",
            user=actor,
            organisation=user.last_organisation,
            obj=user,
            summary=f"{revoked} API token(s) and {feeds} calendar address(es) of {user.email} "
            f"revoked: {reason}",
            detail={"reason": reason, "api_tokens": revoked, "calendar_feeds": feeds},
            request=request,
        )
    return revoked + feeds


def user_has_left(user: Any, on: date | None = None) -> bool:
    """True when *user* is in a register and every employment spell of theirs ended before *on*
    (default today). People in no register (an administrator, a partner) have not left."""
    from django.db.models import Count, Q

    from thrive.people.models import EmploymentSpell

    on = on or clock.today()
    counts = EmploymentSpell.objects.filter(person__user=user).aggregate(
        spells=Count("pk"),
        current=Count("pk", filter=Q(end_date__isnull=True) | Q(end_date__gte=on)),
    )
    return bool(counts["spells"]) and not counts["current"]


def user_leaving_date(user: Any) -> date | None:
    """The last day of *user*'s last spell when every spell of theirs has an end date."""
    from django.db.models import Max

    from thrive.people.models import EmploymentSpell

    spells = EmploymentSpell.objects.filter(person__user=user)
    if not spells.exists() or spells.filter(end_date__isnull=True).exists():
        return None
    last = spells.aggregate(last=Max("end_date"))["last"]
    return last if isinstance(last, date) else None


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: Any = None, request: Any = None) -> None:
    """Take a role away; one that opened families goes to the family access log too."""
    from thrive.core.roles import reaches_families

    actions = ["role.revoked"]
    if reaches_families(assignment.role):
        actions.append("family.revoked")
    for action in actions:
        audit_log(
            action=action,
            user=actor,
            organisation=assignment.organisation,
            obj=assignment,
            summary=f"{assignment.user.email} no longer {assignment.get_role_display()}"
            + (f" for {assignment.team}" if assignment.team_id else ""),
            request=request,
        )
    assignment.delete()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the key is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise ThriveError("Enter a name for the token, so you can tell it apart later.")
    key = secrets.token_urlsafe(32)
    expires_at = clock.now() + timedelta(days=settings.THRIVE_API_TOKEN_DAYS)
    leaving = user_leaving_date(user)
    if leaving is not None:
        # A token never outlives its owner's last working day.
        end_of_leaving_day = timezone.make_aware(
            datetime.combine(leaving + timedelta(days=1), time(0))
        )
        expires_at = min(expires_at, end_of_leaving_day)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], key_hash=hash_token(key), expires_at=expires_at
    )
    audit_log(
        action="api_token.created",
        user=user,
        obj=token,
        summary=f"API token '{name}', until {expires_at:%d %B %Y}",
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.revoked_reason = "revoked by its owner"
        token.save(update_fields=["revoked_at", "revoked_reason"])
        audit_log(action="api_token.revoked", user=actor, obj=token, summary=token.name)


def api_token_authenticate(key: str) -> User | None:
    now = clock.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=hash_token(key),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None or user_has_left(token.user):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def sign_in_unlock(
    *,
    email: str = "",
    ip_address: str = "",
    actor: Any = None,
    reason: str = "",
    organisation: Any = None,
    request: Any = None,
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
        organisation=organisation or getattr(user, "last_organisation", None),
        obj=user,
        object_type="accounts.user",
        summary=f"Sign-in unlocked for {what}" + (f": {reason}" if reason else ""),
        detail={"identity": identity, "ip_address": address, "cleared": count, "reason": reason},
        request=request,
    )
    return count


def password_reset_refusal(*, email: str, ip_address: str | None) -> str | None:
    """Why a password reset request must wait, or None. At most ``THRIVE_PASSWORD_RESET_PER_EMAIL``
    requests for one email and ``THRIVE_PASSWORD_RESET_PER_ADDRESS`` from one address an hour,
    counted from the audit trail (so every process and restart agrees)."""
    from thrive.accounts.throttling import normalise_identity
    from thrive.core.models import AuditEvent

    recent = AuditEvent.objects.filter(
        action="auth.password_reset_requested", at__gte=clock.now() - timedelta(hours=1)
    )
    identity = normalise_identity(email)
    if recent.filter(detail__identity=identity).count() >= settings.THRIVE_PASSWORD_RESET_PER_EMAIL:
        return (
            "A reset link has been asked for this email address too many times in the last "
            "hour. Check your email for the links already sent, or try again in an hour."
        )
    if ip_address and recent.filter(ip_address=ip_address).count() >= (
        settings.THRIVE_PASSWORD_RESET_PER_ADDRESS
    ):
        return (
            "Too many reset links have been asked for from your network in the last hour. "
            "Try again in an hour."
        )
    return None


def password_reset_requested(*, email: str, request: Any = None) -> None:
    """Note a reset request in the audit trail (for every email typed, known or not)."""
    from thrive.accounts.throttling import normalise_identity

    identity = normalise_identity(email)
    user = User.objects.filter(email__iexact=identity).first()
    audit_log(
        action="auth.password_reset_requested",
        organisation=getattr(user, "last_organisation", None),
        obj=user,
        object_type="accounts.user",
        summary=f"Password reset asked for {identity}"[:255],
        detail={"identity": identity[:254]},
        request=request,
    )
