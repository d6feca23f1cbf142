"""Granting roles that reach families or supervision records: two people, never oneself, every
step in the audit trail and the family access log, the principal social worker told. And break
glass: time-limited emergency access with a reason, reviewed afterwards.

A role "reaches families" when it grants any of :data:`thrive.core.roles.FAMILY_REACHING_CAPS`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thrive.accounts.models import BreakGlassUse, RoleAssignment, RoleGrantRequest, User
from thrive.accounts.services import _role_value, user_add
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.core.roles import (
    BREAK_GLASS_HOURS,
    BREAK_GLASS_ROLE,
    GRANTS,
    Cap,
    Role,
    needs_second_person,
    reaches_families,
)
from thrive.people.models import Organisation, Service, Team
from thrive.people.services import record_add


def _roles_with(capability: str) -> list[str]:
    return [role for role, grants in GRANTS.items() if capability in grants]


def people_with(organisation: Organisation, capability: str) -> list[User]:
    """Active people holding a (non-expired) role granting *capability* in *organisation*."""
    now = clock.now()
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__organisation=organisation,
            role_assignments__role__in=_roles_with(capability),
        )
        .filter(
            Q(role_assignments__expires_at__isnull=True) | Q(role_assignments__expires_at__gt=now)
        )
        .distinct()
        .order_by("email")
    )


def _tell_oversight(organisation: Organisation, subject: str, body: str) -> None:
    """The principal social worker (``access.oversight``) hears of it, after the commit."""
    email_on_commit(
        to=[u.email for u in people_with(organisation, Cap.ACCESS_OVERSIGHT)],
        subject=subject,
        body=body,
        organisation=organisation,
        kind="accounts.roles",
    )


def _where(team: Team | None, service: Service | None) -> str:
    return f" for {team}" if team else f" for {service}" if service else ""


def _both(action: str) -> tuple[str, ...]:
    """The audit trail's (``role.*``) and the family access log's (``family.*``) names of
    *action*: grants that open families are written to both."""
    return tuple(f"{prefix}.{action}" for prefix in ("role", "family"))


def _log_both(
    *,
    action: str,
    actor: Any,
    organisation: Organisation,
    obj: Any,
    summary: str,
    detail: dict[str, Any],
    request: Any = None,
) -> None:
    """Audit trail (``role.*``) and family access log (``family.*``) alike."""
    for name in _both(action):
        audit_log(
            action=name,
            user=actor,
            organisation=organisation,
            obj=obj,
            summary=summary,
            detail=detail,
            request=request,
        )


def role_grant(
    *,
    email: str,
    organisation: Organisation,
    role: str,
    actor: Any,
    full_name: str = "",
    team: Team | None = None,
    service: Service | None = None,
    request: Any = None,
) -> RoleAssignment | RoleGrantRequest:
    """Give *email* a role in *organisation* on behalf of *actor* (None: the command line).

    A role that reaches no family or supervision record is granted at once. One that does is
    refused for the actor's own account, and otherwise waits for a second person's approval
    (:func:`role_grant_decide`). From the command line, with nobody in the council able to
    approve yet (a new council's first principal social worker), it is granted at once and
    logged as such.
    """
    role = _role_value(role)
    email = email.strip().lower()
    if not needs_second_person(role):
        _, plain = user_add(
            email=email,
            organisation=organisation,
            role=role,
            full_name=full_name,
            team=team,
            service=service,
            actor=actor,
        )
        return plain
    label = Role(role).label
    detail = {
        "email": email,
        "role": role,
        "team": getattr(team, "pk", None),
        "service": getattr(service, "pk", None),
        "reaches_families": reaches_families(role),
    }
    if actor is not None and getattr(actor, "email", "").strip().lower() == email:
        _self_grant_refused(
            actor=actor,
            organisation=organisation,
            label=label,
            team=team,
            service=service,
            detail=detail,
            request=request,
        )
        raise ThriveError(
            f"You cannot give yourself the role {label}: it opens families' or supervision "
            "records, or approves that access. Ask another administrator, or use break glass in "
            "an emergency."
        )
    return _role_grant_for_another(
        email=email,
        organisation=organisation,
        role=role,
        label=label,
        actor=actor,
        full_name=full_name,
        team=team,
        service=service,
        detail=detail,
        request=request,
    )


@transaction.atomic
def _self_grant_refused(
    *,
    actor: Any,
    organisation: Organisation,
    label: str,
    team: Team | None,
    service: Service | None,
    detail: dict[str, Any],
    request: Any,
) -> None:
    """The refusal is kept (its own transaction), and the principal social worker told."""
    email = detail["email"]
    _log_both(
        action="self_grant_refused",
        actor=actor,
        organisation=organisation,
        obj=actor,
        summary=f"{email} tried to give themselves the role {label}{_where(team, service)}",
        detail=detail,
        request=request,
    )
    _tell_oversight(
        organisation,
        f"Thrive: {email} tried to give themselves access to families",
        f"{email} tried to give themselves the role {label}{_where(team, service)} in "
        f"{organisation.name}. It was refused.",
    )


@transaction.atomic
def _role_grant_for_another(
    *,
    email: str,
    organisation: Organisation,
    role: str,
    label: str,
    actor: Any,
    full_name: str,
    team: Team | None,
    service: Service | None,
    detail: dict[str, Any],
    request: Any,
) -> RoleAssignment | RoleGrantRequest:
    for scoped in (team, service):
        if scoped is not None and scoped.organisation_id != organisation.pk:
            raise ThriveError("The team or service belongs to another council.")
    existing = RoleAssignment.objects.filter(
        user__email__iexact=email,
        organisation=organisation,
        role=role,
        team=team,
        service=service,
        expires_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    if actor is None and not people_with(organisation, Cap.ROLES_APPROVE):
        _, assignment = user_add(
            email=email,
            organisation=organisation,
            role=role,
            full_name=full_name,
            team=team,
            service=service,
        )
        _log_both(
            action="grant_unapproved",
            actor=None,
            organisation=organisation,
            obj=assignment,
            summary=f"{email} given the role {label}{_where(team, service)} from the command "
            "line, with nobody in the council yet able to approve",
            detail=detail,
        )
        _tell_oversight(
            organisation,
            f"Thrive: {email} given access to families from the command line",
            f"{email} was given the role {label}{_where(team, service)} in {organisation.name} "
            "from the command line, before anyone in the council could approve it.",
        )
        return assignment
    pending = RoleGrantRequest.objects.filter(
        organisation=organisation,
        email=email,
        role=role,
        team=team,
        service=service,
        status=RoleGrantRequest.Status.PENDING,
    ).first()
    if pending is not None:
        return pending
    grant = RoleGrantRequest(
        organisation=organisation,
        email=email,
        full_name=full_name,
        role=role,
        team=team,
        service=service,
        requested_by=actor,
        requested_at=clock.now(),
    )
    who = getattr(actor, "email", "") or "the command line"
    record_add(
        grant,
        action=_both("grant_requested"),
        actor=actor,
        summary=f"{who} asked to give {email} the role {label}{_where(team, service)}",
        detail=detail,
        request=request,
    )
    approvers = [u for u in people_with(organisation, Cap.ROLES_APPROVE) if u != actor]
    email_on_commit(
        to=[u.email for u in approvers],
        subject=f"Thrive: approve or refuse {email} as {label}",
        body=f"{who} asked to give {email} the role {label}{_where(team, service)} in "
        f"{organisation.name}. It reaches families' or supervision records, so it waits for "
        "your approval under Users and roles, Roles waiting for approval.",
        organisation=organisation,
        kind="accounts.roles",
    )
    return grant


@transaction.atomic
def role_grant_decide(
    *,
    grant: RoleGrantRequest,
    actor: User,
    approve: bool,
    note: str = "",
    version: int | None = None,
    request: Any = None,
) -> RoleAssignment | None:
    """Approve (the role is granted) or refuse a pending grant, as seen at *version* (``None``:
    whatever it is now). The person deciding is never the one who asked, nor the one who would
    get the role. The caller checks ``org.roles.approve``."""
    action = _both("grant_approved" if approve else "grant_refused")
    with versioned_change(grant, version=version, actor=actor, action=action, request=request) as (
        change
    ):
        grant = change.obj
        if grant.status != RoleGrantRequest.Status.PENDING:
            raise ThriveError("This grant has already been decided.")
        if grant.requested_by_id == actor.pk:
            raise ThriveError("A second person must approve a grant you asked for.")
        if grant.email.lower() == actor.email.lower():
            raise ThriveError("You cannot approve a role for yourself.")
        if not approve and not note.strip():
            raise ThriveError("Say why the grant is refused.")
        grant.status = (
            RoleGrantRequest.Status.APPROVED if approve else RoleGrantRequest.Status.REFUSED
        )
        grant.decided_by = actor
        grant.decided_at = clock.now()
        grant.note = note.strip()[:500]
        grant.full_clean()
        label = grant.get_role_display()
        where = _where(grant.team, grant.service)
        change.detail = {
            "email": grant.email,
            "role": grant.role,
            "grant_request": grant.pk,
            "requested_by": getattr(grant.requested_by, "email", ""),
            "note": grant.note,
        }
        change.summary = (
            f"{actor.email} {'approved' if approve else 'refused'} {grant.email} as {label}{where}"
        )
        assignment = None
        if approve:
            _, assignment = user_add(
                email=grant.email,
                organisation=grant.organisation,
                role=grant.role,
                full_name=grant.full_name,
                team=grant.team,
                service=grant.service,
                actor=actor,
            )
    _tell_oversight(
        grant.organisation,
        f"Thrive: {grant.email} as {label} {'approved' if approve else 'refused'}",
        f"{actor.email} {'approved' if approve else 'refused'} the role {label}{where} for "
        f"{grant.email} in {grant.organisation.name}, asked for by "
        f"{change.detail['requested_by'] or 'the command line'}."
        + (f" Note: {grant.note}" if grant.note else ""),
    )
    return assignment


@transaction.atomic
def break_glass_start(
    *, user: User, organisation: Organisation, team: Team, reason: str, request: Any = None
) -> BreakGlassUse:
    """Emergency access: *user* holds the break-glass role for *team* for
    ``BREAK_GLASS_HOURS`` hours. A reason is required; the use is logged, the principal social
    worker is told at once and reviews it afterwards. The caller checks ``access.break_glass``."""
    reason = reason.strip()
    if len(reason) < 20:
        raise ThriveError(
            "Say what the emergency is, in at least 20 characters: it is read by the "
            "principal social worker."
        )
    if team.organisation_id != organisation.pk:
        raise ThriveError("The team belongs to another council.")
    now = clock.now()
    ends = now + timedelta(hours=BREAK_GLASS_HOURS)
    current = RoleAssignment.objects.filter(
        user=user, organisation=organisation, role=BREAK_GLASS_ROLE, team=team
    ).first()
    if current is not None:
        if current.expires_at is None or current.expires_at > now:
            raise ThriveError(f"You already have access to {team}'s families.")
        current.delete()  # an earlier break glass that has ended
    assignment = RoleAssignment(
        user=user, organisation=organisation, role=BREAK_GLASS_ROLE, team=team, expires_at=ends
    )
    assignment.full_clean()
    assignment.save()
    use = BreakGlassUse(
        organisation=organisation,
        user=user,
        team=team,
        reason=reason,
        started_at=now,
        ends_at=ends,
        assignment=assignment,
    )
    summary = (
        f"{user.email} broke glass for {team} until {timezone.localtime(ends):%H:%M}: {reason}"
    )
    record_add(
        use,
        action=_both("break_glass"),
        actor=user,
        summary=summary,
        detail={"team": team.pk, "ends_at": ends.isoformat(), "reason": reason},
        request=request,
    )
    _tell_oversight(
        organisation,
        f"Thrive: break glass by {user.email} for {team}",
        f"{summary}\n\nReview it under Users and roles, Break glass.",
    )
    return use


def break_glass_review(
    *,
    use: BreakGlassUse,
    actor: User,
    note: str = "",
    version: int | None = None,
    request: Any = None,
) -> None:
    """Mark a break-glass use reviewed, as seen at *version* (never by the person who used it).
    The caller checks ``access.oversight``."""
    with versioned_change(
        use,
        version=version,
        actor=actor,
        action=_both("break_glass_reviewed"),
        related=("user", "team"),
        request=request,
    ) as change:
        use = change.obj
        if use.user_id == actor.pk:
            raise ThriveError("Someone else must review your own break-glass use.")
        if use.reviewed_at is not None:
            raise ThriveError("This use has already been reviewed.")
        use.reviewed_by = actor
        use.reviewed_at = clock.now()
        use.review_note = note.strip()[:500]
        use.full_clean()
        change.summary = (
            f"{actor.email} reviewed the break glass by {use.user.email} for {use.team}"
        )
        change.detail = {"note": use.review_note}
