"""Supervision compliance by team and overall (with its Excel export), the policy and the
council's supervision settings, and the council's list of practice skills."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.cache import cached
from thrive.core.charts import Series, line_chart
from thrive.core.dated_lists import list_page
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import date_param, posted_version
from thrive.core.roles import Cap
from thrive.people.selectors import staff_member_by_staff_id
from thrive.supervision.forms import PolicyForm, SettingsForm
from thrive.supervision.models import PracticeSkill
from thrive.supervision.policy import compliance_team_ids
from thrive.supervision.selectors import (
    WINDOWS,
    compliance_report,
    settings_for,
    supervision_policies,
    supervision_since,
)
from thrive.supervision.services import settings_save, supervision_policy_add


@org_view(Cap.SUPERVISION_COMPLIANCE)
def compliance(request: AuthedRequest) -> HttpResponse:
    """Compliance by team and overall; ``?team=<id>`` shows that team's trend instead of all
    teams' (only a team in the report: one the reader's roles reach)."""
    org, access = request.organisation, request.access
    on = date_param(request.GET)
    team_ids = compliance_team_ids(access)
    # Computed once per change of the council's data (supervision, the register), day and reach.
    reach = None if team_ids is None else sorted(team_ids)
    report = cached(
        "supervision-compliance", org, (on, reach), lambda: compliance_report(org, team_ids, on)
    )
    chosen = report["total"]
    if request.GET.get("team"):
        chosen = next((r for r in report["rows"] if str(r.team_id) == request.GET["team"]), None)
        if chosen is None:
            raise Http404
    if request.GET.get("format") == "xlsx":
        from thrive.supervision.exports import compliance_workbook

        audit_log(
            action="supervision.compliance_export",
            user=request.user,
            organisation=org,
            summary=f"Exported supervision compliance on {on}",
        )
        response = HttpResponse(
            compliance_workbook(org, report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="supervision-compliance-{on}.xlsx"'
        return response
    trend = chosen.trend
    chart = line_chart(
        chart_id="supervision-trend",
        title=f"{chosen.label}: share supervised within policy over the previous 3 months, "
        "at each month end",
        categories=[p["date"].strftime("%b %y") for p in trend],
        series=[Series("Within policy (%)", [p["compliance"].share for p in trend])],
        unit="%",
        description=f"{chosen.label}: for each of the last 11 month ends and "
        f"{on:%-d %B %Y}, the percentage of people supervised within policy over the 3 months "
        "before it",
    )
    return render(
        request,
        "supervision/compliance.html",
        {**report, "chart": chart, "windows": WINDOWS, "chosen": chosen, "trend": trend},
    )


@org_view(Cap.SUPERVISION_COMPLIANCE)
def policy(request: AuthedRequest) -> HttpResponse:
    org, access = request.organisation, request.access
    can_edit = access.can(Cap.SUPERVISION_POLICY)
    current = settings_for(org)
    form = (
        PolicyForm(request.POST or None, initial={"effective_from": clock.today()})
        if can_edit
        else None
    )
    settings_form = (
        SettingsForm(
            initial={
                "personal_access": current.personal_access,
                "retention_years": current.retention_years,
                "grace_days": current.grace_days,
            }
        )
        if can_edit
        else None
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("action") == "settings":
            settings_form = SettingsForm(request.POST)
            if settings_form.is_valid():
                try:
                    settings_save(
                        organisation=org,
                        actor=request.user,
                        version=posted_version(request),
                        **settings_form.cleaned_data,
                    )
                except ThriveError as exc:
                    settings_form.add_error(None, exc.message)
                else:
                    messages.success(request, "The supervision settings are saved.")
                    return redirect("supervision:policy", org_code=org.code)
        else:
            assert form is not None
            if form.is_valid():
                d = form.cleaned_data
                try:
                    person = None
                    if d["applies_to"] == "person":
                        person = staff_member_by_staff_id(org, d["staff_id"].strip())
                        if person is None:
                            raise ThriveError(
                                f"There is nobody with staff ID {d['staff_id']} in the register.",
                                field="staff_id",
                            )
                    supervision_policy_add(
                        organisation=org,
                        person=person,
                        effective_from=d["effective_from"],
                        frequency=d["frequency"],
                        minimum_minutes_per_month=d["minimum_minutes_per_month"],
                        asye=d["applies_to"] == "asye",
                        org_role=int(d["org_role"]) if d["applies_to"] == "org_role" else None,
                        team_type=d["team_type"] if d["applies_to"] == "team_type" else "",
                        first_within_days=d.get("first_within_days"),
                        note=d["note"],
                        actor=request.user,
                    )
                except ThriveError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, "The supervision policy is saved.")
                    return redirect("supervision:policy", org_code=org.code)
    return render(
        request,
        "supervision/policy.html",
        {
            "policies": supervision_policies(org),
            "form": form,
            "settings_form": settings_form,
            # The version the user saw, so a change someone made meanwhile is not overwritten.
            "settings_version": request.POST.get("version", current.version),
            "grace_days": current.grace_days,
            "since": supervision_since(org),
        },
    )


@org_view(Cap.SUPERVISION_POLICY)
def skills(request: AuthedRequest) -> HttpResponse:
    """The council's list of practice skills supervisors record seeing in the work."""
    return list_page(
        request,
        PracticeSkill,
        title="Practice skills",
        intro="The skills supervisors choose from when they record what they saw in a "
        "supervisee's work.",
        url_name="supervision:skills",
    )
