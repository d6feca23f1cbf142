"""Single sign-on per council: the council's record of its identity provider (reads and the one
write that changes it), and who an OpenID Connect sign-in makes someone in Thrive.

The rules, each written once here:

- The provider must vouch for the email address: ``email_verified`` is true, or — Microsoft
  Entra ID only, which sends no ``email_verified`` — ``xms_edov`` ("email domain owner verified")
  is true. ``preferred_username`` and ``upn`` are never used: they are not verified addresses.
- The address's domain must be one the council allows; a domain belongs to one council only, so
  one council's provider never vouches for another council's people.
- The person is the Thrive user with that address (compared without regard to case), or a new
  user made there and then *with no roles*: roles are granted in Thrive, by people allowed to.
- When a council switches local passwords off, people in its domains sign in only through it.
- A council's provider does its own multi-factor authentication; Thrive asks no second factor
  after a single sign-on (see :mod:`thrive.accounts.views_sso`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from thrive.accounts.models import SsoConnection, SsoDomain, User
from thrive.accounts.policy import may_configure_single_sign_on
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.core.permissions import access_for
from thrive.people.models import Organisation

ENTRA_HOSTS = ("login.microsoftonline.com",)
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class SsoRefused(ThriveError):
    """A sign-in through the council's provider that Thrive refuses, with the reason in words."""


# --- reads ----------------------------------------------------------------------------------


def sso_connection_for(organisation: Organisation) -> SsoConnection | None:
    return (
        SsoConnection.objects.filter(organisation=organisation).prefetch_related("domains").first()
    )


def sso_enabled_connection(org_code: str) -> SsoConnection | None:
    """The council's single sign-on when it is switched on."""
    return (
        SsoConnection.objects.filter(enabled=True, organisation__code=org_code)
        .select_related("organisation")
        .prefetch_related("domains")
        .first()
    )


def sso_sign_in_choices() -> list[SsoConnection]:
    """The councils whose people may sign in with their council account, by name."""
    return list(
        SsoConnection.objects.filter(enabled=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def email_domain(email: str) -> str:
    return email.strip().lower().rpartition("@")[2]


def sso_connection_for_email(email: str) -> SsoConnection | None:
    """The switched-on single sign-on whose domains include *email*'s."""
    domain = email_domain(email)
    if not domain:
        return None
    found = (
        SsoDomain.objects.filter(domain=domain, connection__enabled=True)
        .select_related("connection__organisation")
        .first()
    )
    return found.connection if found else None


def password_refusal(email: str) -> SsoConnection | None:
    """The council whose people may not use a local password, when *email* is one of them."""
    connection = sso_connection_for_email(email)
    if connection is not None and not connection.local_passwords_allowed:
        return connection
    return None


def is_entra(issuer: str) -> bool:
    return (urlsplit(issuer).hostname or "").lower() in ENTRA_HOSTS


# --- configuring ----------------------------------------------------------------------------


@dataclass
class SsoSettings:
    """What a system administrator sets for their council's single sign-on."""

    enabled: bool
    issuer: str
    client_id: str
    client_secret_env: str
    allowed_domains: list[str]
    local_passwords_allowed: bool


def _clean_domains(domains: list[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in domains:
        domain = raw.strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        if not _DOMAIN.match(domain):
            raise ThriveError(
                f"'{raw.strip()}' is not an email domain. Write the part after the @, for "
                "example coventry.gov.uk.",
                field="allowed_domains",
            )
        if domain not in cleaned:
            cleaned.append(domain)
    return cleaned


def _check(settings: SsoSettings) -> SsoSettings:
    issuer = settings.issuer.strip()
    parts = urlsplit(issuer)
    if issuer and (
        parts.scheme not in ("https", "http")
        or not parts.hostname
        or (parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS)
        or parts.query
        or parts.fragment
    ):
        raise ThriveError(
            "Enter the issuer as an https:// address without a query, exactly as the provider's "
            "discovery document gives it (Entra ID: https://login.microsoftonline.com/<tenant "
            "ID>/v2.0).",
            field="issuer",
        )
    if is_entra(issuer) and parts.path.strip("/").split("/")[0] in (
        "common",
        "organizations",
        "consumers",
    ):
        raise ThriveError(
            "Use your council's own tenant in the issuer (its directory ID), not 'common', "
            "'organizations' or 'consumers': only your tenant's accounts may sign in.",
            field="issuer",
        )
    env = settings.client_secret_env.strip()
    if env and not _ENV_NAME.match(env):
        raise ThriveError(
            "Enter the NAME of the environment variable holding the client secret (capital "
            "letters, digits and _), for example THRIVE_SSO_SECRET_331 — never the secret itself.",
            field="client_secret_env",
        )
    domains = _clean_domains(settings.allowed_domains)
    client_id = settings.client_id.strip()
    if settings.enabled:
        missing = [
            label
            for label, value in (
                ("the issuer", issuer),
                ("the client ID", client_id),
                ("the environment variable holding the client secret", env),
            )
            if not value
        ]
        if missing:
            raise ThriveError("To switch single sign-on on, enter " + " and ".join(missing) + ".")
        if not domains:
            raise ThriveError(
                "To switch single sign-on on, enter at least one email domain whose people may "
                "sign in with it.",
                field="allowed_domains",
            )
    if not settings.local_passwords_allowed and not settings.enabled:
        raise ThriveError(
            "Local passwords can be switched off only while single sign-on is on: otherwise "
            "nobody could sign in.",
            field="local_passwords_allowed",
        )
    return SsoSettings(
        enabled=settings.enabled,
        issuer=issuer,
        client_id=client_id,
        client_secret_env=env,
        allowed_domains=domains,
        local_passwords_allowed=settings.local_passwords_allowed,
    )


def _described(connection: SsoConnection, domains: list[str]) -> dict[str, Any]:
    return {
        "enabled": connection.enabled,
        "issuer": connection.issuer,
        "client_id": connection.client_id,
        "client_secret_env": connection.client_secret_env,
        "allowed_domains": domains,
        "local_passwords_allowed": connection.local_passwords_allowed,
    }


@transaction.atomic
def sso_configure(
    *,
    organisation: Organisation,
    settings: SsoSettings,
    actor: Any = None,
    version: int | None = None,
    request: Any = None,
) -> SsoConnection:
    """Set *organisation*'s single sign-on. Refuses an actor without ``org.sso.manage`` there, a
    stale edit, a domain another council has, and settings that would lock people out; audits
    what changed (never a secret: only the name of the variable holding it)."""
    if actor is not None and not may_configure_single_sign_on(access_for(actor, organisation)):
        raise ThriveError("Only the council's system administrator sets up single sign-on.")
    wanted = _check(settings)
    connection = SsoConnection.objects.filter(organisation=organisation).first()
    if connection is None:
        connection = SsoConnection(organisation=organisation, version=0)
        before: dict[str, Any] = _described(SsoConnection(), [])
    else:
        connection = lock_checked(connection, version=version)
        before = _described(connection, list(connection.domains.values_list("domain", flat=True)))
    taken = (
        SsoDomain.objects.filter(domain__in=wanted.allowed_domains)
        .exclude(connection__organisation=organisation)
        .select_related("connection__organisation")
        .first()
    )
    if taken is not None:
        raise ThriveError(
            f"The domain {taken.domain} signs in through {taken.connection.organisation.name}'s "
            "single sign-on. A domain belongs to one council only.",
            field="allowed_domains",
        )
    connection.enabled = wanted.enabled
    connection.issuer = wanted.issuer
    connection.client_id = wanted.client_id
    connection.client_secret_env = wanted.client_secret_env
    connection.local_passwords_allowed = wanted.local_passwords_allowed
    after = _described(connection, wanted.allowed_domains)
    if after == before:
        return connection
    connection.version += 1
    connection.updated_at = clock.now()
    connection.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    connection.full_clean()
    connection.save()
    connection.domains.exclude(domain__in=wanted.allowed_domains).delete()
    have = set(connection.domains.values_list("domain", flat=True))
    try:
        with transaction.atomic():
            SsoDomain.objects.bulk_create(
                [
                    SsoDomain(connection=connection, domain=d)
                    for d in wanted.allowed_domains
                    if d not in have
                ]
            )
    except IntegrityError as exc:  # another council took it in the meantime
        raise ThriveError(
            "One of those domains has just been given to another council's single sign-on.",
            field="allowed_domains",
        ) from exc
    changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    audit_log(
        action="sso.configured",
        user=actor,
        organisation=organisation,
        obj=connection,
        summary="Single sign-on "
        + ("switched on" if wanted.enabled else "switched off")
        + (", local passwords off" if not wanted.local_passwords_allowed else "")
        + ": "
        + ", ".join(sorted(changed)),
        detail={"changed": changed},
        request=request,
    )
    return connection


# --- signing in -----------------------------------------------------------------------------


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "1"))


def verified_email(connection: SsoConnection, claims: dict[str, Any]) -> str | None:
    """The address the provider vouches for, lower case, or ``None``."""
    email = str(claims.get("email") or "").strip().lower()
    if not email:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return None
    if _true(claims.get("email_verified")):
        return email
    # Entra ID sends no email_verified: its optional claim xms_edov says whether the tenant
    # owns (has verified) the address's domain.
    if is_entra(connection.issuer) and _true(claims.get("xms_edov")):
        return email
    return None


def _refuse(
    connection: SsoConnection, message: str, reason: str, claims: dict[str, Any], request: Any
) -> SsoRefused:
    audit_log(
        action="sso.refused",
        organisation=connection.organisation,
        summary=f"Single sign-on refused ({reason}) for {str(claims.get('email') or '?')[:120]}",
        detail={
            "reason": reason,
            "email": str(claims.get("email") or "")[:254],
            "issuer": connection.issuer,
            "subject": str(claims.get("sub") or "")[:255],
        },
        request=request,
    )
    return SsoRefused(message)


def sso_user_for(
    *, connection: SsoConnection, claims: dict[str, Any], request: Any = None
) -> tuple[User, bool]:
    """The Thrive user an ID token's checked *claims* sign in as, made with no roles when new.
    Returns the user and whether they are new; raises :class:`SsoRefused` otherwise, its audit
    entry kept (so no transaction wraps the refusals)."""
    organisation = connection.organisation
    email = verified_email(connection, claims)
    if email is None:
        raise _refuse(
            connection,
            "Your council account did not give Thrive a verified email address, so Thrive "
            "cannot tell who you are. Ask your council's IT team to send a verified email.",
            "email not verified",
            claims,
            request,
        )
    domain = email_domain(email)
    allowed = set(connection.domains.values_list("domain", flat=True))
    if domain not in allowed:
        raise _refuse(
            connection,
            f"Your email address ({email}) is not one that may sign in through "
            f"{organisation.name}'s account: only addresses ending "
            + " or ".join(f"@{d}" for d in sorted(allowed))
            + " may. If you work for another council or organisation, sign in the way it uses.",
            "domain not allowed",
            claims,
            request,
        )
    with transaction.atomic():
        user, created = _find_or_add(connection, email, claims, request)
    if not user.is_active:
        raise _refuse(
            connection,
            "Your Thrive account has been switched off. Ask your system administrator.",
            "account switched off",
            claims,
            request,
        )
    return user, created


def _find_or_add(
    connection: SsoConnection, email: str, claims: dict[str, Any], request: Any
) -> tuple[User, bool]:
    """The user with *email* (any case), or a new one with no roles."""
    organisation = connection.organisation
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User(
        email=email,
        full_name=str(claims.get("name") or "")[:200],
        last_organisation=organisation,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password", "email"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same person's first sign-in in another tab, a moment earlier
        return User.objects.get(email__iexact=email), False
    audit_log(
        action="sso.user_provisioned",
        user=user,
        organisation=organisation,
        obj=user,
        summary=f"{email} added at their first single sign-on, with no roles",
        detail={"issuer": connection.issuer, "subject": str(claims.get("sub") or "")[:255]},
        request=request,
    )
    return user, True


def sso_signed_in(
    *, connection: SsoConnection, user: User, claims: dict[str, Any], request: Any
) -> None:
    audit_log(
        action="sso.sign_in",
        user=user,
        organisation=connection.organisation,
        obj=user,
        summary=f"Signed in through {connection.organisation.name}'s account",
        detail={
            "issuer": connection.issuer,
            "subject": str(claims.get("sub") or "")[:255],
            "amr": claims.get("amr") if isinstance(claims.get("amr"), list) else [],
        },
        request=request,
    )


def password_sign_in_refusal(*, email: str, request: Any = None) -> str | None:
    """What to tell someone whose council has switched local passwords off (audited), or
    ``None`` when they may sign in with a password."""
    connection = password_refusal(email)
    if connection is None:
        return None
    name = connection.organisation.name
    audit_log(
        action="sso.password_refused",
        organisation=connection.organisation,
        summary=f"Password sign-in refused for {email.strip().lower()[:120]}: {name} uses "
        "single sign-on",
        detail={"email": email.strip().lower()[:254]},
        request=request,
    )
    return (
        f"{name} signs its people in with their council account, not a Thrive password. "
        f"Choose '{name} account' under 'Sign in with your council account' on the sign-in "
        "page."
    )
