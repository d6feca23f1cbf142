"""Caseload pages: my caseload, a team board, the council view, and the policy."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from thrive.caseloads.forms import PolicyForm
from thrive.caseloads.models import CaseloadPolicy
from thrive.caseloads.selectors import (
    LeaverCases,
    Policies,
    case_holding_spells,
    caseload_policies,
    caseload_summary,
    caseload_team,
    caseload_trend,
    child_families,
    leavers_with_cases,
    loads_case_holders,
    team_trend,
    visible_family_pks,
    worker_loads,
)
from thrive.caseloads.services import caseload_policy_add
from thrive.caseloads.views_families import log_family_list
from thrive.core import clock
from thrive.core.cache import cached
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.flows import answers_check, answers_form
from thrive.core.http import AuthedRequest
from thrive.core.params import date_param
from thrive.core.roles import Cap, Scope
from thrive.people.exports import cell, write_csv
from thrive.people.models import CaseType
from thrive.people.selectors import staff_member_for


@org_view(Cap.CASELOAD_VIEW)
def mine(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    on = date_param(request.GET)
    person = staff_member_for(request.user, org)
    loads = []
    if person is not None:
        spells = case_holding_spells(org, on, person=person)
        loads = worker_loads(org, spells, on, keep_children=True)
        log_family_list(request, sum(w.cases for w in loads), "my caseload", children=True)
    # Each child links to its family's record, when the person may open it today.
    child_ids = [a.child_id for w in loads for a in w.children]
    families = child_families(request.access, child_ids, clock.today()) if child_ids else {}
    return render(
        request,
        "caseloads/mine.html",
        {
            "person": person,
            "loads": loads,
            "on": on,
            "case_types": dict(CaseType.choices),
            "families": families,
        },
    )


def _csv(header: list[str], rows: Any, filename: str) -> HttpResponse:
    response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _loads_csv(loads: list[Any], filename: str) -> HttpResponse:
    """Each worker's load against their own cap, as a CSV download."""
    header = ["staff_id", "name", "team", "fte", "newly_qualified", "cases", "weighted_load"]
    header += ["cap", "status"]
    rows = (
        [
            cell(v)
            for v in (
                w.spell.person.staff_id,
                w.spell.person.full_name,
                w.spell.team.name if w.spell.team else "",
                w.spell.fte,
                w.newly_qualified,
                w.cases,
                w.load,
                w.cap,
                w.status,
            )
        ]
        for w in loads
    )
    return _csv(header, rows, filename)


def _teams_csv(rows: list[dict[str, Any]], filename: str) -> HttpResponse:
    """The council view's figures by team, as a CSV download."""
    header = ["team", "workers", "children", "average_per_case_holder", "near_cap", "over_cap"]
    header.append("held_by_leavers")
    keys = ["workers", "cases", "average", "near", "over", "left"]
    return _csv(header, ([cell(r["team"].name), *(r[k] for k in keys)] for r in rows), filename)


@org_view(Cap.CASELOAD_VIEW)
def overview(request: AuthedRequest) -> HttpResponse:
    access = request.access
    if access.scope(Cap.CASELOAD_VIEW) < Scope.TEAM:
        raise PermissionDenied
    on = date_param(request.GET)
    whole_org = access.scope(Cap.CASELOAD_VIEW) >= Scope.ORG
    org = request.organisation

    def compute() -> tuple[dict[str, Any], list[dict[str, Any]], str]:
        summary = caseload_summary(access, on)
        trend = caseload_trend(
            org, on, team_ids=None if whole_org else {r["team"].pk for r in summary["rows"]}
        )
        chart = line_chart(
            chart_id="caseload-trend",
            title="Average children per case-holding FTE, and workers over their cap, by month",
            categories=[p["date"].strftime("%b %y") for p in trend],
            series=[
                Series("Average children per case-holding FTE", [p["average"] for p in trend]),
                Series("Workers over their cap", [p["over"] for p in trend]),
            ],
            description="At each month end over the last 12 months",
        )
        return summary, trend, chart

    # Computed, chart and all, once per change of the council's data, day and reach.
    reach = (
        access.scope(Cap.CASELOAD_VIEW),
        sorted(access.teams_for(Cap.CASELOAD_VIEW)),
        sorted(access.services_for(Cap.CASELOAD_VIEW)),
    )
    summary, trend, chart = cached("caseloads", org, (on, reach), compute)
    if request.GET.get("format") == "csv":
        return _loads_csv(summary["loads"], f"caseloads-{on}.csv")
    if request.GET.get("format") == "teams-csv":
        return _teams_csv(summary["rows"], f"caseloads-by-team-{on}.csv")
    return render(
        request,
        "caseloads/overview.html",
        {
            **summary,
            "trend": trend,
            "chart": chart,
            "whole_org": whole_org,
            "can_policy": access.can(Cap.CASELOAD_POLICY),
            "can_allocate": access.can(Cap.ALLOCATE),
            "max_count": max([int(d["count"]) for d in summary["distribution"]] + [1]),
        },
    )


@org_view(Cap.CASELOAD_VIEW)
def team_board(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.organisation
    access = request.access
    team = caseload_team(access, pk)
    if team is None or access.scope(Cap.CASELOAD_VIEW) < Scope.TEAM:
        raise Http404
    on = date_param(request.GET)
    loads = worker_loads(org, case_holding_spells(org, on, team=team), on, keep_children=True)
    if request.GET.get("format") == "csv":
        return _loads_csv(loads, f"caseloads-{team.pk}-{on}.csv")
    holding = [w for w in loads if w.cases]
    trend = team_trend(org, team.pk, on)
    chart = line_chart(
        chart_id="team-trend",
        title=f"{team.name}: children held against the team's total cap, last 12 months",
        categories=[p["date"].strftime("%b %y") for p in trend],
        series=[
            Series("Children held (weighted)", [p["load"] for p in trend]),
            Series("Total of the case holders' caps", [p["cap"] for p in trend]),
        ],
        description="At each month end, the team's weighted caseload and the sum of its "
        "case holders' caps (people holding no children are not counted)",
    )
    leavers = _leavers_seen_by(access, leavers_with_cases(org, on, {team.pk}))
    if named := sum(len(r.families) for r in leavers):
        log_family_list(request, named, f"families held by leavers in {team}")
    return render(
        request,
        "caseloads/team.html",
        {
            "team": team,
            "loads": holding,
            "not_holding": [w for w in loads if not w.cases],
            "holders": loads_case_holders(loads),
            "total_load": round(sum(w.load for w in holding), 2),
            "total_cap": round(sum(w.cap for w in holding), 1),
            "on": on,
            "trend": trend,
            "chart": chart,
            "policy": Policies(org).record(team.pk, on),
            "leavers": leavers,
            "can_allocate": access.allows(
                Cap.ALLOCATE, team_id=team.pk, service_id=team.service_id
            ),
        },
    )


def _leavers_seen_by(access: Any, leavers: list[LeaverCases]) -> list[LeaverCases]:
    """The leavers' rows with only the families *access* may open (the rest are counted)."""
    wanted = {f.pk for r in leavers for f in r.families}
    today = clock.today()
    seen = visible_family_pks(access, today, wanted)
    for r in leavers:
        r.hidden = sum(1 for f in r.families if f.pk not in seen)
        r.families = [f for f in r.families if f.pk in seen]
    return leavers


def _policy_context(request: AuthedRequest) -> dict[str, Any]:
    org = request.organisation
    return {
        "title": "Change the caseload policy",
        "caption": org.name,
        "back_url": reverse("caseloads:policy", args=[org.code]),
        "form_url": reverse("caseloads:policy_add", args=[org.code]),
        "confirm_text": "The new policy applies from its date; earlier judgements keep theirs.",
        "confirm_button": "Save the policy",
    }


@org_view(Cap.CASELOAD_VIEW)
def policy(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    access = request.access
    if access.scope(Cap.CASELOAD_VIEW) < Scope.TEAM:
        raise PermissionDenied
    policies = caseload_policies(org)
    return render(
        request,
        "caseloads/policy.html",
        {
            "policies": policies,
            "can_policy": access.can(Cap.CASELOAD_POLICY),
            "in_force": Policies(org).on(None, clock.today()),
        },
    )


@org_view(Cap.CASELOAD_POLICY)
def policy_add(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    return answers_form(
        request,
        key=f"{org.code}:caseload_policy",
        form=partial(PolicyForm, organisation=org),
        check_url=reverse("caseloads:policy_add_check", args=[org.code]),
        context=_policy_context(request),
    )


@org_view(Cap.CASELOAD_POLICY)
def policy_add_check(request: AuthedRequest) -> HttpResponse:
    org = request.organisation

    def confirm(d: dict[str, Any]) -> CaseloadPolicy:
        form = PolicyForm(organisation=org)
        form.cleaned_data = d
        return caseload_policy_add(
            organisation=org,
            effective_from=d["effective_from"],
            team=d["team"],
            full_time_cap=d["full_time_cap"],
            ramp_cap=d["ramp_cap"],
            ramp_months=d["ramp_months"],
            asye_reduction_percent=d["asye_reduction_percent"],
            weights=form.weights(),
            note=d["note"],
            actor=request.user,
        )

    return answers_check(
        request,
        key=f"{org.code}:caseload_policy",
        form=partial(PolicyForm, organisation=org),
        form_url=reverse("caseloads:policy_add", args=[org.code]),
        confirm=confirm,
        done_url=lambda p: reverse("caseloads:policy", args=[org.code]),
        done_message=lambda p: f"The caseload policy from {p.effective_from:%-d %B %Y} is saved.",
        context=_policy_context(request),
    )
