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


OUT_OF_DATE = (
    "This page is out of date: nothing was saved. Open it again and make your change once more."
)


def version_required(version: int | None) -> int:
    """*version* as seen on the page; a form that carried none (a page kept from before versions,
    or a hand-made request) is refused like a stale one, never saved over the record as it is
    now."""
    from thrive.core.errors import ThriveError

    if version is None or version <= 0:
        raise ThriveError(OUT_OF_DATE)
    return version


def seen_version(request: HttpRequest) -> int:
    """The posted ``version`` (see :func:`posted_version`), refused when missing."""
    return version_required(posted_version(request))


def shown_version(request: HttpRequest, obj: object) -> object:
    """The version a form's hidden field carries: the one posted, when the page is drawn again
    after a refusal (so a resubmit of a stale page stays refused), else the record's own."""
    if request.method == "POST":
        return request.POST.get("version", "")
    return getattr(obj, "version", "")


def posted_id(request: HttpRequest, name: str) -> int | None:
    """A record id posted in field *name* (a hidden field or a radio), or None when it is missing
    or not a whole number, so a tampered or stale form gets a message rather than a server
    error."""
    raw = request.POST.get(name, "").strip()
    return int(raw) if raw.isdigit() and 0 < int(raw) < 2**63 else None


def posted_ids(request: HttpRequest, name: str) -> list[int]:
    """Every record id posted in field *name*; a value that is not one refuses the whole form."""
    from thrive.core.errors import ThriveError

    values = request.POST.getlist(name)
    if not all(v.strip().isdigit() and 0 < int(v) < 2**63 for v in values):
        raise ThriveError(
            "The form sent something that is not one of its choices. Reload the "
            "page and try again.",
            field=name,
        )
    return [int(v) for v in values]
