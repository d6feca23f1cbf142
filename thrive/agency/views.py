"""Agency pages: the placements with their check, one placement, extending it, recording the
sign-off of a placement above the cap, and the rules and caps in force."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.agency import policy, services
from thrive.agency.forms import (
    ConvertForm,
    ExitStrategyForm,
    ExtendForm,
    QuarterForm,
    SignOffForm,
)
from thrive.agency.models import Placement
from thrive.agency.selectors import (
    caps_for,
    check_placements,
    council_teams,
    exit_progress,
    placement_for,
    placements_visible,
    quarterly_return,
    rules_in_force,
)
from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import form_submit
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


def _placement_form(
    request: AuthedRequest,
    pk: int,
    form_class: type[forms.Form],
    template: str,
    *,
    service: Callable[..., object],
    refused_at: str,
    done: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form about one placement whose fields are its *service*'s arguments: a refusal is shown
    beside *refused_at*, what was typed kept; once done, *done* (``{id}``: the placement's) and
    back to the placement."""
    found = _placement_or_404(request, pk)
    form = form_class(request.POST or None, initial=initial)
    finished = form_submit(
        request,
        form,
        lambda d: service(placement=found, actor=request.user, **d),
        done=done.format(id=found.placement_id),
        then=reverse("agency:placement", args=[request.organisation.code, found.pk]),
        refused_at=refused_at,
    )
    return finished or render(request, template, {"p": found, "form": form})


@org_view(Cap.AGENCY_MANAGE)
def placement_extend(request: AuthedRequest, pk: int) -> HttpResponse:
    return _placement_form(
        request,
        pk,
        ExtendForm,
        "agency/placement_extend.html",
        service=services.placement_extend,
        refused_at="planned_end_date",
        done="Placement {id} extended.",
        initial={"effective_on": clock.today()},
    )


@org_view(Cap.AGENCY_SIGN_OFF)
def placement_sign_off(request: AuthedRequest, pk: int) -> HttpResponse:
    return _placement_form(
        request,
        pk,
        SignOffForm,
        "agency/placement_sign_off.html",
        service=services.placement_sign_off,
        refused_at="dcs_on",
        done="Sign-off of placement {id} recorded.",
    )


@org_view(Cap.AGENCY_VIEW)
def rules(request: AuthedRequest) -> HttpResponse:
    """The rules in force today in the council's region, and its price caps (the council's
    agency people)."""
    return _rules_page(request)


@org_view(Cap.AGENCY_SHARED_RULES)
def region_rules(request: AuthedRequest) -> HttpResponse:
    """The same page for the region's partnership lead, who changes the region's set and caps."""
    return _rules_page(request)


def _rules_page(request: AuthedRequest) -> HttpResponse:
    """Each person is offered only the sets they may change (``policy.changes_rule_set``) and the
    cap form only for their region's lead; the services refuse anything else (403), however it
    was posted. A rule gets a new value from a date, a cap is entered from a date (audited)."""
    from thrive.agency.forms import AgencyCostRateForm, PriceCapForm, RuleChangeForm
    from thrive.agency.selectors import cost_rates, rule_sets_reaching

    today = clock.today()
    org = request.organisation
    reaching = rule_sets_reaching(org)
    changeable = [rs for rs in reaching if policy.changes_rule_set(request.access, rs)]
    may_enter_caps = policy.enters_caps(request.access, org.region)
    # The council's own default agency cost: its agency managers (not the region's lead).
    may_manage = policy.manages_placements(request.access)
    show_costs = request.access.can(Cap.AGENCY_VIEW)
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("change", "") if posted else ""
    # Validated against every set reaching the council, so one not offered reaches the service
    # and is refused there; offered: only those the person may change.
    rule_form = RuleChangeForm(
        posted if which == "rule" else None,
        rule_sets=[(rs.code, rs.name) for rs in reaching],
        prefix="rule",
    )
    rule_form.fields["rule_set"].widget.choices = [(rs.code, rs.name) for rs in changeable]
    cap_form = PriceCapForm(posted if which == "cap" else None, prefix="cap")
    cost_form = AgencyCostRateForm(posted if which == "cost" else None, prefix="cost")
    forms_by_kind: dict[str, Any] = {"rule": rule_form, "cap": cap_form, "cost": cost_form}
    if posted is not None:
        if which == "cost" and not may_manage:
            raise PermissionDenied
        form = forms_by_kind.get(which, cap_form)
        if which in forms_by_kind and form.is_valid():
            d = form.cleaned_data
            try:
                if which == "cost":
                    services.agency_cost_rate_add(
                        organisation=org,
                        annual_cost=d["annual_cost"],
                        effective_from=d["effective_from"],
                        source=d["source"],
                        actor=request.user,
                        access=request.access,
                    )
                elif which == "rule":
                    services.rule_change(
                        organisation=org,
                        set_code=d["rule_set"],
                        kind=d["kind"],
                        value=d["value"],
                        effective_from=d["effective_from"],
                        actor=request.user,
                        access=request.access,
                    )
                else:
                    services.price_cap_add(
                        organisation=org,
                        job_type=d["job_type"],
                        max_hourly=d["max_hourly"],
                        effective_from=d["effective_from"],
                        actor=request.user,
                        access=request.access,
                    )
            except ThriveError as exc:
                form.add_error("effective_from", str(exc))
            else:
                messages.success(
                    request,
                    "Saved: projections use it from its date where there are no placements."
                    if which == "cost"
                    else "Saved: placements are checked against it from its date.",
                )
                return redirect(request.path)
    return render(
        request,
        "agency/rules.html",
        {
            "rules": rules_in_force(org, today),
            "caps": caps_for(org.region),
            "today": today,
            "sets": [(rs, rs in changeable) for rs in reaching],
            "may_change_rules": bool(changeable),
            "may_enter_caps": may_enter_caps,
            "back": "agency:placements" if request.access.can(Cap.AGENCY_VIEW) else "core:org_home",
            "rule_form": rule_form,
            "cap_form": cap_form,
            "cost_form": cost_form,
            "cost_rates": cost_rates(org) if show_costs else [],
            "show_costs": show_costs,
            "may_manage": may_manage,
            "form": forms_by_kind.get(which, cap_form),
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


@org_view(Cap.AGENCY_MANAGE)
def placement_convert(request: AuthedRequest, pk: int) -> HttpResponse:
    """Convert the agency worker to a permanent post (a new spell, census start origin 4)."""
    return _placement_form(
        request,
        pk,
        ConvertForm,
        "agency/placement_convert.html",
        service=services.placement_convert,
        refused_at="start_date",
        done="Placement {id} converted to permanent.",
    )


@org_view(Cap.AGENCY_VIEW)
def exit_strategies(request: AuthedRequest) -> HttpResponse:
    """Each team's agency FTE now against its exit strategy; managers set a team's strategy."""
    org = request.organisation
    teams = {str(t.pk): t for t in council_teams(org)}
    may_manage = policy.manages_placements(request.access)
    form = ExitStrategyForm(
        request.POST if request.method == "POST" and may_manage else None,
        teams=[(k, t.name) for k, t in teams.items()],
    )
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            services.exit_strategy_save(
                organisation=org,
                team=teams[d["team"]],
                target_fte=d["target_fte"],
                target_date=d["target_date"],
                planned_conversions=d["planned_conversions"],
                academy_newly_qualified=d["academy_newly_qualified"],
                vacancies_recruiting=d["vacancies_recruiting"],
                notes=d["notes"],
                actor=request.user,
            )
            messages.success(request, f"Exit strategy saved for {teams[d['team']].name}.")
            return redirect("agency:exit_strategies", org.code)
    return render(
        request,
        "agency/exit_strategies.html",
        {
            "rows": exit_progress(org, clock.today()),
            "form": form,
            "may_manage": may_manage,
        },
    )


@org_view(Cap.AGENCY_VIEW)
def against_region(request: AuthedRequest) -> HttpResponse:
    """The council's agency rate against its region's and England's, its spend, agency FTE and
    conversions to permanent by quarter."""
    from thrive.agency.selectors import agency_against_region

    today = clock.today()
    return render(
        request,
        "agency/against_region.html",
        {"data": agency_against_region(request.organisation, today), "today": today},
    )
