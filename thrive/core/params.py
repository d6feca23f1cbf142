"""Reading common query-string parameters the same way on every page and endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.http import HttpRequest

from thrive.core import clock


def date_param(params: Mapping[str, str], name: str = "on") -> date:
    """A ``YYYY-MM-DD`` date from the query string, or today when absent or not a date."""
    raw = params.get(name, "")
    try:
        return date.fromisoformat(raw) if raw else clock.today()
    except ValueError:
        return clock.today()


def posted_version(request: HttpRequest) -> int | None:
    """The record version a form was drawn from (its hidden ``version`` field), so a save can
    refuse to overwrite a change someone made meanwhile; None when the form carried none."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None
