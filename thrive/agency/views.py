"""Agency pages: the placements with their check, one placement, extending it, recording the
sign-off of a placement above the cap, and the rules and caps in force."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.agency import policy, services
from thrive.agency.forms import ExtendForm, QuarterForm, SignOffForm
from thrive.agency.models import Placement
from thrive.agency.selectors import (
    caps_for,
    check_placements,
    placement_for,
    placements_visible,
    quarterly_return,
    rules_in_force,
)
from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap


def _placement_or_404(request: AuthedRequest, pk: int) -> Placement:
    found = placement_for(request.access, pk)
    if found is None:
        raise Http404("No such placement")
    return found


@org_view(Cap.AGENCY_VIEW)
def placements(request: AuthedRequest) -> HttpResponse:
    """Every placement the person may see, each checked against the rules as of today."""
    today = clock.today()
    checks = check_placements(list(placements_visible(request.access)), request.organisation, today)
    live = [c for c in checks if c.placement.start_date <= today <= c.placement.end_on()]
    return render(
        request,
        "agency/placements.html",
        {
            "checks": checks,
            "today": today,
            "live": len(live),
            "with_breaches": sum(1 for c in live if c.result.breaches),
            "cost_to_date": sum((c.cost_to_date for c in checks), start=0),
            "committed": sum((c.committed for c in checks), start=0),
        },
    )


@org_view(Cap.AGENCY_VIEW)
def placement(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _placement_or_404(request, pk)
    check = check_placements([found], request.organisation, clock.today())[0]
    return render(
        request,
        "agency/placement.html",
        {
            "p": found,
            "check": check,
            "changes": list(found.changes.all()),
            "may_manage": policy.manages_placements(request.access),
            "may_sign_off": policy.signs_off_above_cap(request.access),
        },
    )


@org_view(Cap.AGENCY_MANAGE)
def placement_extend(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _placement_or_404(request, pk)
    form = ExtendForm(request.POST or None, initial={"effective_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.placement_extend(
                placement=found,
                planned_end_date=d["planned_end_date"],
                effective_on=d["effective_on"],
                hourly_pay=d["hourly_pay"],
                employer_ni_and_levy=d["employer_ni_and_levy"],
                hourly_charge=d["hourly_charge"],
                reason=d["reason"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error("planned_end_date", str(exc))
        else:
            messages.success(request, f"Placement {found.placement_id} extended.")
            return redirect("agency:placement", request.organisation.code, found.pk)
    return render(request, "agency/placement_extend.html", {"p": found, "form": form})


@org_view(Cap.AGENCY_SIGN_OFF)
def placement_sign_off(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _placement_or_404(request, pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.placement_sign_off(
                placement=found,
                dcs_name=d["dcs_name"],
                dcs_on=d["dcs_on"],
                ceo_name=d["ceo_name"],
                ceo_on=d["ceo_on"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error("dcs_on", str(exc))
        else:
            messages.success(request, f"Sign-off of placement {found.placement_id} recorded.")
            return redirect("agency:placement", request.organisation.code, found.pk)
    return render(request, "agency/placement_sign_off.html", {"p": found, "form": form})


@org_view(Cap.AGENCY_VIEW)
def rules(request: AuthedRequest) -> HttpResponse:
    """The rules in force today in the council's region, and its price caps."""
    today = clock.today()
    return render(
        request,
        "agency/rules.html",
        {
            "rules": rules_in_force(request.organisation, today),
            "caps": caps_for(request.organisation.region),
            "today": today,
        },
    )


def _quarter(request: AuthedRequest) -> tuple[QuarterForm, str]:
    from thrive.agency.quarterly import last_complete_quarter

    default = last_complete_quarter(clock.today())
    form = QuarterForm(request.GET or None, initial={"quarter": default})
    quarter = form.cleaned_data["quarter"] if form.is_valid() else default
    return form, quarter


@org_view(Cap.AGENCY_VIEW)
def quarterly(request: AuthedRequest) -> HttpResponse:
    """The DfE quarterly agency return for a quarter: summary, problems to fix, rows, export."""
    form, quarter = _quarter(request)
    built = quarterly_return(request.organisation, quarter)
    return render(
        request,
        "agency/quarterly.html",
        {"form": form, "ret": built, "quarter": quarter},
    )


@org_view(Cap.AGENCY_VIEW)
def quarterly_export(request: AuthedRequest) -> HttpResponse:
    """The return as CSV (``?format=xlsx`` for a workbook); the export is audited."""
    from thrive.agency.quarterly import RETURN_COLUMNS
    from thrive.core.audit import audit_log
    from thrive.people.exports import write_csv, write_xlsx

    _, quarter = _quarter(request)
    built = quarterly_return(request.organisation, quarter)
    xlsx = request.GET.get("format") == "xlsx"
    data = (
        write_xlsx(RETURN_COLUMNS, built.table(), sheet="Agency return")
        if xlsx
        else write_csv(RETURN_COLUMNS, built.table())
    )
    audit_log(
        action="agency.return_exported",
        user=request.user,
        organisation=request.organisation,
        summary=f"{quarter}: {len(built.rows)} placements",
    )
    suffix = "xlsx" if xlsx else "csv"
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if xlsx
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(data, content_type=content_type)
    filename = f"agency-return-{request.organisation.code}-{quarter}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
