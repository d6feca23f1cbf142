"""What the drivers page shows, worked out by the background job ``drivers_page`` (never in a
web request: fitting the Cox model takes many seconds for a large council): the model fitted on
the whole council, and the stability of the teams the person who asked may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from thrive.core.cache import data_version
from thrive.intelligence.drivers import drivers_for


def page_params(org: Any, on: date, team_ids: list[int] | None) -> dict[str, Any]:
    """What names one page's job: the day, the council's data version and the teams whose
    stability it shows (``""``: every team), so a write to the register, or another day, asks
    for a new one."""
    teams = ",".join(str(t) for t in sorted(team_ids)) if team_ids is not None else ""
    return {"on": on.isoformat(), "version": data_version(org), "teams": teams}


def page_title(on: date, team_ids: list[int] | None) -> str:
    """The job's title, as its page and the job list show it."""
    n = len(team_ids or [])
    return f"What drives leaving, {on:%-d %B %Y}" + (
        f", {n} team{'s' if n != 1 else ''}" if team_ids else ""
    )


def page_data(
    org: Any, *, on: date, team_ids: list[int] | None, progress: Any = None
) -> dict[str, Any]:
    """The fitted model and the stability of *team_ids*' teams (``None``: every team of the
    council), as JSON-able data (:meth:`DriversResult.as_dict`)."""
    from thrive.people.models import Team

    step = progress or (lambda *a, **k: None)
    teams = Team.objects.for_org(org)
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    step(0, 1, "Fitting the model to the council's records")
    result = drivers_for(org, on=on, stability_teams=list(teams.order_by("name")))
    step(1, 1, "Written")
    return result.as_dict()
