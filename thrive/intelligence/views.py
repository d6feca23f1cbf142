"""The workforce dashboard for an organisation (or the teams a manager may see) and for a team."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thrive.core.decorators import org_view
from thrive.core.roles import Cap, Scope
from thrive.intelligence.dashboard import build_dashboard, latest_census_year
from thrive.intelligence.selectors import register_frames
from thrive.people.models import Team


def _year(request: HttpRequest) -> int:
    latest = latest_census_year(timezone.localdate())
    try:
        year = int(request.GET.get("year", latest))
    except ValueError:
        return latest
    return year if 2000 <= year <= latest else latest


@org_view(Cap.MEASURES_VIEW)
def workforce(request: HttpRequest) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    org = request.organisation  # type: ignore[attr-defined]
    year = _year(request)
    teams = list(Team.objects.visible_to(access, Cap.MEASURES_VIEW).order_by("name"))
    frames = register_frames(org)
    whole_org = access.scope(Cap.MEASURES_VIEW) >= Scope.ORG
    if not whole_org:
        frames = frames.for_teams([t.pk for t in teams])
    board = build_dashboard(frames, year=year, teams=teams)
    latest = latest_census_year(timezone.localdate())
    return render(
        request,
        "intelligence/workforce.html",
        {"board": board, "whole_org": whole_org, "year_choices": range(latest, latest - 9, -1)},
    )


@org_view(Cap.MEASURES_VIEW)
def team_workforce(request: HttpRequest, pk: int) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    team = Team.objects.visible_to(access, Cap.MEASURES_VIEW).filter(pk=pk).first()
    if team is None:
        raise Http404
    year = _year(request)
    frames = register_frames(request.organisation).for_teams([team.pk])  # type: ignore[attr-defined]
    board = build_dashboard(frames, year=year, chart_prefix=f"team{team.pk}")
    latest = latest_census_year(timezone.localdate())
    return render(
        request,
        "intelligence/team_workforce.html",
        {"board": board, "team": team, "year_choices": range(latest, latest - 9, -1)},
    )
