"""Writing to the audit trail: sign-ins, role changes, and every sensitive read and write."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

from thrive.core.cache import data_changed
from thrive.core.models import AuditEvent

# The address of the request being answered (set by ``RequestAddressMiddleware``), so an event
# written deep in a service — a refusal from a POST — still carries it.
current_address: ContextVar[str | None] = ContextVar("current_address", default=None)


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
    moves_data: bool = True,
) -> AuditEvent:
    """Record one event. *obj* fills the object type and id when given. An event of a kind that
    changes what the cached pages show moves the council's data version on
    (:func:`thrive.core.cache.data_changed`) unless *moves_data* is false: the writer knows
    nothing changed (an import whose every row was unchanged)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if moves_data:
        data_changed([(action, organisation)])
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
    data_changed((row.action, row.organisation_id) for row in rows)
    return len(rows)
