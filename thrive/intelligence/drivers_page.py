"""What the drivers page shows, worked out by the background job ``drivers_page`` (never in a
web request: fitting the Cox model takes many seconds for a large council): the model fitted on
the whole council, and the stability of the teams the person who asked may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from thrive.intelligence.drivers import drivers_for
from thrive.jobs.pages import JobPageKind

# The page and the API ask for the same job (``drivers_page``), under the same title.
DRIVERS_PAGE = JobPageKind(
    "drivers_page", "intelligence/drivers.html", "What drives leaving, {on:%-d %B %Y}"
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
