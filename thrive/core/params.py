"""Reading common query-string parameters the same way on every page and endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils import timezone


def date_param(params: Mapping[str, str], name: str = "on") -> date:
    """A ``YYYY-MM-DD`` date from the query string, or today when absent or not a date."""
    raw = params.get(name, "")
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()
