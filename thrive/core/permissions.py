"""The central permission layer: every view, export, CLI command and API endpoint asks here.

``access_for(user, organisation)`` gathers a person's roles in one organisation (one query) into an
:class:`Access`. ``Access.can`` answers "may they use this at all", ``Access.scope`` says how far
it reaches, ``Access.allows`` decides for one object, and :func:`scope_filter` narrows a queryset to
what the person may see. Nothing else decides permissions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models

from thrive.core.roles import GRANTS, Role, Scope

Q = TypeVar("Q", bound=models.QuerySet[Any])


@dataclass(frozen=True)
class Access:
    """What one person may do in one organisation."""

    user: Any
    organisation: Any
    # Each role assignment: (role, team id or None, service id or None). A role's team or
    # service widens only that role's grants — a team manager of one team who is also a
    # practitioner in another manages only the first.
    assignments: frozenset[tuple[str, int | None, int | None]] = frozenset()
    _scopes: dict[str, Scope] = field(default_factory=dict, compare=False, repr=False)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r for r, _, _ in self.assignments)

    @property
    def team_ids(self) -> frozenset[int]:
        """Every team any of the person's roles is tied to (for defaults, never for access)."""
        return frozenset(t for _, t, _ in self.assignments if t is not None)

    @property
    def service_ids(self) -> frozenset[int]:
        return frozenset(s for _, _, s in self.assignments if s is not None)

    def teams_for(self, capability: str) -> frozenset[int]:
        """The teams where a role giving *capability* at team scope or wider is held."""
        return frozenset(
            t
            for r, t, _ in self.assignments
            if t is not None and GRANTS.get(r, {}).get(capability, Scope.NONE) >= Scope.TEAM
        )

    def services_for(self, capability: str) -> frozenset[int]:
        """The services where a role giving *capability* at service scope or wider is held."""
        return frozenset(
            s
            for r, _, s in self.assignments
            if s is not None and GRANTS.get(r, {}).get(capability, Scope.NONE) >= Scope.SERVICE
        )

    def teams_of(self, *roles: str) -> frozenset[int]:
        """The teams the person holds one of *roles* in (for showing their roles, never for
        deciding access: ask :meth:`teams_for` with a capability)."""
        return frozenset(t for r, t, _ in self.assignments if r in roles and t is not None)

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    def scope(self, capability: str) -> Scope:
        """The widest scope any of the person's roles gives for *capability*."""
        if capability not in self._scopes:
            best = Scope.NONE
            for role in self.roles:
                best = max(best, GRANTS.get(role, {}).get(capability, Scope.NONE))
            self._scopes[capability] = best
        return self._scopes[capability]

    def can(self, capability: str) -> bool:
        return self.scope(capability) > Scope.NONE

    def require(self, capability: str) -> None:
        """Raise ``PermissionDenied`` unless the person may use *capability*."""
        if not self.can(capability):
            raise PermissionDenied(capability)

    def allows(
        self,
        capability: str,
        *,
        team_id: int | None = None,
        service_id: int | None = None,
        user_id: int | None = None,
        organisation_id: int | None = None,
    ) -> bool:
        """May the person use *capability* on an object with these relations?"""
        if organisation_id is not None and organisation_id != self.organisation.pk:
            return False
        scope = self.scope(capability)
        if scope >= Scope.ORG:
            return True
        if service_id is not None and service_id in self.services_for(capability):
            return True
        if team_id is not None and team_id in self.teams_for(capability):
            return True
        return scope >= Scope.SELF and user_id is not None and user_id == self.user.pk

    @property
    def primary_role(self) -> str | None:
        """The role whose home page the person lands on: the widest-reaching one they hold."""
        for role in _ROLE_PRECEDENCE:
            if role in self.roles:
                return role
        return None


_ROLE_PRECEDENCE = [
    Role.SENIOR_LEADER,
    Role.PRINCIPAL_SOCIAL_WORKER,
    Role.SERVICE_MANAGER,
    Role.TEAM_MANAGER,
    Role.WORKFORCE_DEVELOPMENT,
    Role.HR_RECRUITMENT,
    Role.SYSTEM_ADMIN,
    Role.PRACTITIONER,
    Role.ADULT_SPECIALIST,
    Role.PANEL_MEMBER,
    Role.PARTNER,
    Role.PARTNERSHIP_LEAD,
]


def access_for(user: Any, organisation: Any) -> Access:
    """Gather *user*'s roles in *organisation* (one query)."""
    if organisation is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Access(user=user, organisation=organisation)
    from thrive.core import clock

    # Through the user's own relation: core asks for role assignments without importing accounts.
    rows = list(
        user.role_assignments.filter(organisation=organisation)
        .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=clock.now()))
        .values_list("role", "team_id", "service_id")
    )
    return Access(user=user, organisation=organisation, assignments=frozenset(rows))


def scope_filter(queryset: Q, access: Access, capability: str) -> Q:
    """Narrow an organisation's queryset to the records *access* may see for *capability*.

    The model declares ``scope_team_field``, ``scope_service_field`` and ``scope_user_field``; a
    scope the model cannot express gives nothing rather than everything.
    """
    scope = access.scope(capability)
    if scope >= Scope.ORG:
        return queryset
    model = queryset.model
    condition = models.Q(pk__in=[])
    team_field = getattr(model, "scope_team_field", None)
    service_field = getattr(model, "scope_service_field", None)
    user_field = getattr(model, "scope_user_field", None)
    services = access.services_for(capability)
    teams = access.teams_for(capability)
    if service_field and services:
        condition |= models.Q(**{f"{service_field}__in": services})
    if team_field and teams:
        condition |= models.Q(**{f"{team_field}__in": teams})
    if scope >= Scope.SELF and user_field:
        condition |= models.Q(**{user_field: access.user.pk})
    if scope == Scope.NONE:
        return queryset.none()
    return queryset.filter(condition).distinct() if scope < Scope.ORG else queryset
