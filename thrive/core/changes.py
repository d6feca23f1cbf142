"""One way to change a record someone may be editing at the same time: lock the row, check the
version the user saw, make the change, bump the version, save, audit.

Used inside a service's transaction::

    with versioned_change(session, version=version, actor=actor,
                          action="learning.session_cancelled", stale="...") as change:
        locked = change.obj
        locked.cancelled = True
        change.fields = ["cancelled"]
        change.summary = f"Cancelled {locked}"

An error raised inside the block saves nothing and audits nothing (and the service's transaction
rolls back whatever else it wrote).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError

STALE = (
    "Someone else changed this while you were looking at it; nothing was saved over their "
    "change. Look at it again and make your change once more."
)


@dataclass
class Change:
    """The locked record, and what to save and say about it."""

    obj: Any
    fields: list[str] | None = None
    summary: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    # The record the audit entry names, when it is not the one changed (a child's family).
    audit_obj: Any = None


def lock_checked(
    obj: Any,
    *,
    version: int | None,
    stale: str = STALE,
    related: tuple[str, ...] = (),
    of: tuple[str, ...] = (),
) -> Any:
    """The row of *obj* locked for this transaction, refused if it is no longer at *version*
    (``None``: the caller saw no version, so any will do). *of*: the tables to lock when
    *related* follows a nullable relation (PostgreSQL refuses ``FOR UPDATE`` on an outer
    join's nullable side), e.g. ``("self",)``."""
    queryset = type(obj).objects.select_for_update(of=of)
    if related:
        queryset = queryset.select_related(*related)
    locked = queryset.get(pk=obj.pk)
    if version is not None and locked.version != version:
        raise ThriveError(stale)
    return locked


@contextmanager
def versioned_change(
    obj: Any,
    *,
    version: int | None,
    actor: Any,
    action: str | tuple[str, ...],
    stale: str = STALE,
    related: tuple[str, ...] = (),
    request: Any = None,
) -> Iterator[Change]:
    """Lock and check *obj* (see :func:`lock_checked`), let the block change it (and check it
    against the model's rules), then bump its version, save it (only ``change.fields`` if given)
    and write *action* to the audit trail (each of them, when several: a grant that opens
    families is written to the audit trail and the family access log alike)."""
    with transaction.atomic():
        change = Change(obj=lock_checked(obj, version=version, stale=stale, related=related))
        yield change
        locked = change.obj
        locked.version += 1
        if change.fields is None:
            locked.save()
        else:
            locked.save(update_fields=[*change.fields, "version", "updated_at"])
        for name in (action,) if isinstance(action, str) else action:
            audit_log(
                action=name,
                user=actor,
                organisation=locked.organisation,
                obj=change.audit_obj or locked,
                summary=change.summary or str(locked),
                detail=change.detail or None,
                request=request,
            )
