"""Who may see which workforce measures: one answer for the web pages, the API and the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thrive.core.roles import Cap, Scope

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from thrive.core.permissions import Access


def measures_whole_council(access: Access) -> bool:
    """May the person see the council's own figures (and benchmarks), not only some teams'?"""
    return access.scope(Cap.MEASURES_VIEW) >= Scope.ORG


def measures_teams(access: Access) -> QuerySet[Any]:
    """The teams whose measures the person may see."""
    from thrive.people.models import Team

    return Team.objects.visible_to(access, Cap.MEASURES_VIEW)


def measures_team_ids(access: Access) -> list[int] | None:
    """The teams counted in the person's view of the measures; ``None`` is the whole council."""
    if measures_whole_council(access):
        return None
    return list(measures_teams(access).values_list("pk", flat=True))
