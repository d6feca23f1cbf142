"""Council-wide learning reports: mandatory learning gaps by team (drill down to a team's people)
and CPD status by team against the registration year (filter by team and status), each as a
page, CSV and Excel; and feedback by item and by provider. Who sees which teams is asked of
``learning/policy.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.learning.exports import (
    CPD_PEOPLE_HEADER,
    CPD_TEAM_HEADER,
    GAPS_PEOPLE_HEADER,
    GAPS_TEAM_HEADER,
    cpd_people_rows,
    cpd_team_rows,
    cpd_workbook,
    csv_bytes,
    gaps_people_rows,
    gaps_team_rows,
    gaps_workbook,
)
from thrive.learning.policy import (
    cpd_teams,
    learning_gap_teams,
    sees_learning_gaps,
    sees_team_cpd,
)
from thrive.learning.registration import CPD_STATUSES
from thrive.learning.selectors import feedback_summary
from thrive.learning.team_reports import cpd_status_by_team, mandatory_gaps_by_team

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _team_param(request: AuthedRequest) -> int | None:
    raw = request.GET.get("team", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        raise Http404("No such team")
    return int(raw)


def _download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# A CSV download: its header, its rows (made only when asked for) and its file name.
Csv = tuple[list[str], Callable[[], Iterable[Sequence[Any]]], str]


def _report_download(
    request: AuthedRequest, *, teams: Csv, people: Csv, workbook: tuple[Callable[[], bytes], str]
) -> HttpResponse | None:
    """A team report's downloads, as ``?format=`` asks: the teams' or the people's table as CSV
    (``&table=teams`` for the teams'), or the workbook of both; ``None`` for the page itself."""
    fmt = request.GET.get("format")
    if fmt == "csv":
        header, rows, filename = teams if request.GET.get("table") == "teams" else people
        return _download(csv_bytes(header, rows()), filename, "text/csv; charset=utf-8")
    if fmt == "xlsx":
        build, filename = workbook
        return _download(build(), filename, XLSX)
    return None


@org_view(Cap.LEARNING_GAPS)
def gaps(request: AuthedRequest) -> HttpResponse:
    """Per team, how many people miss each mandatory item (and why it is mandatory); a team's
    people on drill-down. A manager sees their own teams; the PSW and workforce development the
    whole council."""
    org, access = request.organisation, request.access
    if not sees_learning_gaps(access):
        raise PermissionDenied
    report = mandatory_gaps_by_team(org, clock.today(), learning_gap_teams(access))
    team_id = _team_param(request)
    selected = report.team(team_id) if team_id is not None else None
    if team_id is not None and selected is None:
        raise Http404("No such team among those you may see")
    if selected is None and len(report.teams) == 1:
        selected = report.teams[0]
    people_teams = [selected] if selected else report.teams
    download = _report_download(
        request,
        teams=(GAPS_TEAM_HEADER, lambda: gaps_team_rows(report), "mandatory-learning-by-team.csv"),
        people=(GAPS_PEOPLE_HEADER, lambda: gaps_people_rows(people_teams), "learning-gaps.csv"),
        workbook=(lambda: gaps_workbook(report, people_teams), "mandatory-learning.xlsx"),
    )
    if download is not None:
        return download
    return render(
        request,
        "learning/team.html",
        {
            "report": report,
            "summary": [(t, t.cells(report.items)) for t in report.teams],
            "shared": report.repeated_names,
            "selected": selected,
            "whole_council": learning_gap_teams(access) is None,
            "team_query": f"team={selected.team.pk}&" if selected else "",
        },
    )


@org_view(Cap.CPD_VIEW)
def cpd_team(request: AuthedRequest) -> HttpResponse:
    """Each team's social workers on track, at risk or not started with this registration
    year's CPD, then the people, filtered by team and status."""
    org, access = request.organisation, request.access
    if not sees_team_cpd(access):
        raise PermissionDenied
    report = cpd_status_by_team(org, clock.today(), cpd_teams(access))
    team_id = _team_param(request)
    if team_id is not None and not any(t.team.pk == team_id for t in report.teams):
        raise Http404("No such team among those you may see")
    status = request.GET.get("status", "")
    if status not in CPD_STATUSES:
        status = ""
    rows = report.filtered(team_id, status or None)
    download = _report_download(
        request,
        teams=(CPD_TEAM_HEADER, lambda: cpd_team_rows(report), "cpd-by-team.csv"),
        people=(CPD_PEOPLE_HEADER, lambda: cpd_people_rows(rows), "cpd-people.csv"),
        workbook=(lambda: cpd_workbook(report, rows), "cpd-status.xlsx"),
    )
    if download is not None:
        return download
    query = "&".join(
        p for p in (f"team={team_id}" if team_id else "", f"status={status}" if status else "") if p
    )
    return render(
        request,
        "learning/cpd_team.html",
        {
            "report": report,
            "rows": rows,
            "shared": report.repeated_names,
            "team_id": team_id,
            "status": status,
            "statuses": list(CPD_STATUSES.items()),
            "definitions": [(CPD_STATUSES[k], v) for k, v in report.definitions.items()],
            "query": f"{query}&" if query else "",
            "can_rules": access.can(Cap.LEARNING_MANAGE),
        },
    )


@org_view(Cap.LEARNING_MANAGE)
def feedback_report(request: AuthedRequest) -> HttpResponse:
    """Average usefulness and difference to practice, by item and by provider."""
    return render(request, "learning/feedback_report.html", feedback_summary(request.organisation))
