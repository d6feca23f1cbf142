"""Approving grants of roles that open families, break glass, and reviewing break-glass uses."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.accounts import selectors
from thrive.accounts.forms import BreakGlassForm, BreakGlassReviewForm, GrantDecisionForm
from thrive.accounts.grants import break_glass_review, break_glass_start, role_grant_decide
from thrive.accounts.models import RoleGrantRequest
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import BREAK_GLASS_HOURS, Cap


def _posted_version(request: AuthedRequest) -> int | None:
    """The version of the record the page showed (``None`` when the form did not say)."""
    posted = request.POST.get("version", "")
    return int(posted) if posted.isdigit() else None


@org_view(Cap.ROLES_APPROVE)
def grant_approvals(request: AuthedRequest) -> HttpResponse:
    """Roles opening families that wait for a second person, and the last decisions."""
    org = request.organisation
    grants = selectors.role_grant_requests(org)
    pending = [g for g in grants if g.status == RoleGrantRequest.Status.PENDING]
    decided = [g for g in grants if g.status != RoleGrantRequest.Status.PENDING][:50]
    return render(
        request,
        "accounts/grant_approvals.html",
        {"pending": pending, "decided": decided, "form": GrantDecisionForm()},
    )


@org_view(Cap.ROLES_APPROVE)
def grant_decide(request: AuthedRequest, grant_id: int) -> HttpResponse:
    org = request.organisation
    grant = selectors.role_grant_request(org, grant_id)
    if grant is None:
        raise Http404
    form = GrantDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            role_grant_decide(
                grant=grant,
                actor=request.user,  # type: ignore[arg-type]
                approve=approve,
                note=form.cleaned_data["note"],
                version=_posted_version(request),
                request=request,
            )
        except ThriveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"{grant.email} {'now has' if approve else 'was refused'} the role "
                f"{grant.get_role_display()}.",
            )
            return redirect("core:grant_approvals", org_code=org.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/grant_decide.html", {"grant": grant, "form": form}, status=status
    )


@org_view(Cap.BREAK_GLASS)
def break_glass(request: AuthedRequest) -> HttpResponse:
    """Emergency access to one team's families for a few hours, with a reason."""
    org = request.organisation
    form = BreakGlassForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            use = break_glass_start(
                user=request.user,  # type: ignore[arg-type]
                organisation=org,
                team=form.cleaned_data["team"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ThriveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"You can open {use.team}'s families for {BREAK_GLASS_HOURS} hours. "
                "Every record you open is logged; the principal social worker has been told.",
            )
            return redirect("caseloads:families", org_code=org.code)
    mine = selectors.break_glass_uses_of(org, request.user)
    return render(
        request,
        "accounts/break_glass.html",
        {"form": form, "mine": mine, "hours": BREAK_GLASS_HOURS},
        status=400 if request.method == "POST" else 200,
    )


@org_view(Cap.ACCESS_OVERSIGHT)
def break_glass_uses(request: AuthedRequest) -> HttpResponse:
    """Every break-glass use, for the principal social worker to review."""
    org = request.organisation
    uses = selectors.break_glass_uses(org)
    if request.method == "POST":
        posted = request.POST.get("use", "")
        use = selectors.break_glass_use(org, int(posted) if posted.isdigit() else 0)
        if use is None:
            raise Http404
        form = BreakGlassReviewForm(request.POST)
        if form.is_valid():
            try:
                break_glass_review(
                    use=use,
                    actor=request.user,  # type: ignore[arg-type]
                    note=form.cleaned_data["note"],
                    version=_posted_version(request),
                    request=request,
                )
            except ThriveError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"Break glass by {use.user.email} marked reviewed.")
        return redirect("core:break_glass_uses", org_code=org.code)
    return render(
        request,
        "accounts/break_glass_uses.html",
        {"uses": uses, "form": BreakGlassReviewForm()},
    )
