"""People who sign in (by email), the roles they hold in each organisation, their API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from thrive.core import clock
from thrive.core.models import one_of
from thrive.core.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=(username or "").strip())

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Roles come from :class:`RoleAssignment`, per organisation."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    last_organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class RoleAssignment(models.Model):
    """One role a person holds in one organisation, optionally for a team or a service."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "people.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    # Set only for break glass: the role stops counting at this moment.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(team__isnull=True, service__isnull=True),
                name="role_assignment_unique_org_wide",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "team"],
                condition=models.Q(team__isnull=False),
                name="role_assignment_unique_team",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "service"],
                condition=models.Q(service__isnull=False),
                name="role_assignment_unique_service",
            ),
            one_of("role", Role, "role_assignment_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; it acts with its owner's roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Every token ends: ``THRIVE_API_TOKEN_DAYS`` after it is made, or sooner (a leaving date).
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > clock.now()

    @property
    def is_expired(self) -> bool:
        return self.revoked_at is None and self.expires_at <= clock.now()


class SecurityPolicy(models.Model):
    """A council's sign-in policy. With ``mfa_required`` everyone holding a role in the council
    signs in with a second factor (an authenticator app's code, or a recovery code)."""

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.CASCADE, related_name="security_policy"
    )
    mfa_required = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "security policies"

    def __str__(self) -> str:
        return f"Security policy of {self.organisation}"


class RoleGrantRequest(models.Model):
    """A role reaching families or supervision, asked for by one person and waiting for a second
    (``org.roles.approve``) to approve or refuse it. Nothing is granted until approved."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="role_grant_requests"
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "people.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Blank when asked for from the command line.
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # Changed through ``versioned_change``: a decision on a page seen before another's is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            one_of("role", Role, "role_grant_request_role_valid"),
            # The second person is never the first.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by"))
                | models.Q(decided_by__isnull=True)
                | models.Q(requested_by__isnull=True),
                name="role_grant_request_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()} ({self.get_status_display()})"


class BreakGlassUse(models.Model):
    """Emergency, time-limited access to one team's families, taken with a reason and reviewed
    afterwards by someone with ``access.oversight``."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="break_glass_uses"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    started_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    assignment = models.ForeignKey(
        RoleAssignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)
    # Changed through ``versioned_change``, as a grant decision is.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("started_at")),
                name="break_glass_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(reviewed_by=models.F("user"))
                | models.Q(reviewed_by__isnull=True),
                name="break_glass_reviewed_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"Break glass by {self.user} for {self.team}"


class SsoConnection(models.Model):
    """A council's single sign-on through its OpenID Connect identity provider (Microsoft Entra ID
    or any standard one). The client secret is never stored: ``client_secret_env`` names the
    environment variable that holds it. Changes go through
    :func:`thrive.accounts.sso.sso_configure`, which audits each one with what it was before: the
    settings' history is the audit trail (they are not rules that apply from a date)."""

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.CASCADE, related_name="sso_connection"
    )
    enabled = models.BooleanField(default=False)
    # The issuer exactly as the provider's discovery document gives it (Entra ID:
    # https://login.microsoftonline.com/<tenant id>/v2.0).
    issuer = models.URLField(max_length=500, blank=True)
    client_id = models.CharField(max_length=255, blank=True)
    client_secret_env = models.CharField(max_length=100, blank=True)
    # When off, people whose email is in one of this council's domains sign in only through it.
    local_passwords_allowed = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client_secret_env="")
                | models.Q(client_secret_env__regex=r"^[A-Z_][A-Z0-9_]*$"),
                name="sso_secret_env_is_a_variable_name",
            ),
            models.CheckConstraint(
                condition=models.Q(enabled=False)
                | (
                    ~models.Q(issuer="") & ~models.Q(client_id="") & ~models.Q(client_secret_env="")
                ),
                name="sso_enabled_needs_issuer_client_and_secret",
            ),
            # Switching passwords off without a working sign-on would lock everyone out.
            models.CheckConstraint(
                condition=models.Q(local_passwords_allowed=True) | models.Q(enabled=True),
                name="sso_passwords_off_needs_sso_on",
            ),
        ]

    def __str__(self) -> str:
        return f"Single sign-on of {self.organisation}"


class SsoDomain(models.Model):
    """An email domain whose people may sign in through a council's single sign-on. A domain
    belongs to one council, so no council's provider can vouch for another council's people."""

    connection = models.ForeignKey(SsoConnection, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain=Lower("domain")),
                name="sso_domain_lower_case",
            ),
        ]

    def __str__(self) -> str:
        return self.domain
