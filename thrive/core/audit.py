"""Writing to the audit trail: sign-ins, role changes, and every sensitive read and write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

from thrive.core.models import AuditEvent

# The address of the request being answered (set by ``RequestAddressMiddleware``), so an event
# written deep in a service — a refusal from a POST — still carries it.
current_address: ContextVar[str | None] = ContextVar("current_address", default=None)


# Hooks told which councils an audited write touched (an app registers one in ``ready``, so core
# imports no app): each is (action prefixes, hook), called with the organisation ids of the events
# whose action starts with one of the prefixes, inside the writer's transaction.
_write_hooks: list[tuple[tuple[str, ...], Callable[[set[int]], None]]] = []


def on_audited(prefixes: tuple[str, ...], hook: Callable[[set[int]], None]) -> None:
    """Call *hook* with the organisation ids of every audited event whose action starts with one
    of *prefixes* (the measures' cache uses it to hear of any write to the register)."""
    _write_hooks.append((prefixes, hook))


def _tell_hooks(events: Iterable[tuple[str, Any]]) -> None:
    if not _write_hooks:
        return
    pairs = [(action, getattr(org, "pk", org)) for action, org in events]
    for prefixes, hook in _write_hooks:
        orgs = {org for action, org in pairs if org is not None and action.startswith(prefixes)}
        if orgs:
            hook(orgs)


def audit_events(organisation: Any, *, action: str = "") -> Any:
    """The council's audit trail, newest first; only actions starting *action* if given."""
    events = AuditEvent.objects.filter(organisation=organisation).select_related("user")
    return events.filter(action__startswith=action) if action else events


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return current_address.get()
    return request.META.get("REMOTE_ADDR") or None


def audit_log(
    *,
    action: str,
    user: Any = None,
    organisation: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record one event. *obj* fills the object type and id when given."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    _tell_hooks([(action, organisation)])
    return AuditEvent.objects.create(
        action=action,
        user=user,
        organisation=organisation,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:255],
        detail=detail or {},
        ip_address=client_ip(request),
    )


def audit_log_many(events: Iterable[dict[str, Any]]) -> int:
    """Record many events at once (a set-based service's), each given as `audit_log`'s keyword
    arguments and written as `audit_log` would write it. Returns the number written."""
    rows = []
    for event in events:
        obj = event.get("obj")
        user = event.get("user")
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        rows.append(
            AuditEvent(
                action=event["action"],
                user=user,
                organisation=event.get("organisation"),
                object_type=event.get("object_type") or (obj._meta.label_lower if obj else ""),
                object_id=event.get("object_id") or (str(obj.pk) if obj else ""),
                summary=event.get("summary", "")[:255],
                detail=event.get("detail") or {},
                ip_address=client_ip(event.get("request")),
            )
        )
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    _tell_hooks((row.action, row.organisation_id) for row in rows)
    return len(rows)
