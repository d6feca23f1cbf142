"""Flexible working pages: a person makes a request and follows its clock; the manager consults,
decides (a refusal only after consulting and for one of the eight business reasons) and decides
any appeal, all within two months of receipt."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_version
from thrive.core.roles import Cap
from thrive.engagement import flexible, policy
from thrive.engagement.forms import (
    FlexibleConsultForm,
    FlexibleDecideForm,
    FlexibleRequestForm,
    FlexibleRuleForm,
)
from thrive.engagement.models import FlexibleStatus
from thrive.people.selectors import staff_member_for


@org_view(Cap.FLEXIBLE_REQUEST)
def flexible_list(request: AuthedRequest) -> HttpResponse:
    """The person's own requests with their clocks; for managers, the requests to decide."""
    org = request.organisation
    today = clock.today()
    person = staff_member_for(request.user, org)
    decides = request.access.can(Cap.FLEXIBLE_DECIDE)
    return render(
        request,
        "engagement/flexible_list.html",
        {
            "mine": flexible.flexible_mine(org, person),
            "has_record": person is not None,
            "decides": decides,
            "to_decide": flexible.flexible_to_decide(request.access) if decides else [],
            "today": today,
            "limits": flexible.flexible_rule_on(today, org),
            "sets_rules": policy.runs_surveys(request.access),
        },
    )


@org_view(Cap.ENGAGEMENT_MANAGE)
def flexible_rules_page(request: AuthedRequest) -> HttpResponse:
    """The limits on requests, from a date: the law's, and the council's own more generous ones."""
    if not policy.runs_surveys(request.access):
        raise PermissionDenied(Cap.ENGAGEMENT_MANAGE)
    org = request.organisation
    form = FlexibleRuleForm(request.POST or None, initial={"effective_from": clock.today()})
    done = form_submit(
        request,
        form,
        lambda d: flexible.flexible_rule_add(organisation=org, actor=request.user, **d),
        done="The rule is saved; requests received from its date are judged by it.",
        then=reverse("engagement:flexible_rules", args=[org.code]),
    )
    if done is not None:
        return done
    return render(
        request,
        "engagement/flexible_rules.html",
        {"form": form, "rules": flexible.flexible_rules(org)},
    )


@org_view(Cap.FLEXIBLE_REQUEST)
def flexible_add(request: AuthedRequest) -> HttpResponse:
    """Make a request (a day-one right; two in any 12 months)."""
    org = request.organisation
    today = clock.today()
    person = staff_member_for(request.user, org)
    team = flexible.current_team(person, today) if person is not None else None
    if person is None or team is None:
        raise Http404("You are not in the council's register, so you cannot make a request here")
    form = FlexibleRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = flexible.flexible_request_make(
                person=person,
                team=team,
                pattern=form.cleaned_data["pattern"],
                details=form.cleaned_data["details"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error("pattern", str(exc))
        else:
            messages.success(
                request, f"Your request is made. It must be decided by {made.decide_by:%-d %B %Y}."
            )
            return redirect("engagement:flexible", org_code=org.code, pk=made.pk)
    return render(
        request,
        "engagement/flexible_add.html",
        {"form": form, "limits": flexible.flexible_rule_on(today, org)},
    )


@org_view(Cap.FLEXIBLE_REQUEST)
def flexible_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One request: its clock and history; the manager's consultation and decision; the
    person's appeal or withdrawal."""
    access = request.access
    found = flexible.flexible_for(access, pk)
    if found is None:
        raise Http404("No such request")
    today = clock.today()
    owns = policy.owns_flexible(access, found)
    decides = policy.decides_flexible(access, found)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    consult = FlexibleConsultForm(
        request.POST if which == "consult" else None,
        initial={"consulted_on": today},
        prefix="consult",
    )
    decide = FlexibleDecideForm(
        request.POST if which == "decide" else None, initial={"decided_on": today}, prefix="decide"
    )
    here = redirect("engagement:flexible", org_code=request.organisation.code, pk=found.pk)
    version = posted_version(request)
    if which in ("consult", "decide") and not decides:
        raise PermissionDenied(Cap.FLEXIBLE_DECIDE)
    if which in ("appeal", "withdraw") and not owns:
        raise PermissionDenied(Cap.FLEXIBLE_REQUEST)
    try:
        if which == "consult" and consult.is_valid():
            flexible.flexible_consult(
                request=found,
                on=consult.cleaned_data["consulted_on"],
                note=consult.cleaned_data["note"],
                actor=request.user,
                version=version,
            )
            messages.success(request, "The consultation is recorded.")
            return here
        if which == "decide" and decide.is_valid():
            data = decide.cleaned_data
            flexible.flexible_decide(
                request=found,
                agree=data["decision"] == "agree",
                on=data["decided_on"],
                reason=data.get("reason") or "",
                note=data.get("note") or "",
                actor=request.user,
                version=version,
            )
            messages.success(request, "The decision is recorded.")
            return here
        if which == "appeal":
            flexible.flexible_appeal(request=found, on=today, actor=request.user, version=version)
            messages.success(request, "Your appeal is made.")
            return here
        if which == "withdraw":
            flexible.flexible_withdraw(request=found, on=today, actor=request.user, version=version)
            messages.success(request, "Your request is withdrawn.")
            return here
    except ThriveError as exc:
        (decide if which == "decide" else consult).add_error(None, str(exc))
        if which in ("appeal", "withdraw"):
            messages.error(request, str(exc))
            return here
    return render(
        request,
        "engagement/flexible.html",
        {
            "r": found,
            "owns": owns,
            "decides": decides,
            "days_left": flexible.days_left(found, today),
            "overdue_days": -flexible.days_left(found, today),
            "consult": consult,
            "decide": decide,
            "form": decide if which == "decide" else consult,
            "refused": found.status == FlexibleStatus.REFUSED,
            "appealed": found.status == FlexibleStatus.APPEALED,
        },
    )
