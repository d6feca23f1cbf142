"""History that is never overwritten: the values a register record had before a change.

The register's services and imports take a :func:`snapshot` before and after a change and keep the
:func:`changed_fields` (with their old values) as a ``RegisterRevision`` dated when the change took
effect, so every path keeps the same history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of *fields* on *obj*, as JSON-safe scalars (dates as ISO strings)."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name if not _is_fk(obj, name) else f"{name}_id")
        if isinstance(value, date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        data[name] = value
    return data


def _is_fk(obj: models.Model, name: str) -> bool:
    try:
        return obj._meta.get_field(name).is_relation
    except Exception:
        return False


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fields whose value differs between two snapshots, in *after*'s order."""
    return [k for k in after if before.get(k) != after.get(k)]
