"""The shell's pages: landing, per-role home, council, users and roles, audit, static pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thrive.accounts.forms import RoleGrantForm
from thrive.accounts.grants import role_grant
from thrive.accounts.models import RoleAssignment, RoleGrantRequest
from thrive.accounts.services import role_revoke
from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.models import AuditEvent
from thrive.core.roles import ROLE_HOME_SUMMARY, Cap, Role, needs_second_person
from thrive.people.models import Service, Team
from thrive.people.selectors import organisations_for_user, staff_member_for


def landing(request: AuthedRequest) -> HttpResponse:
    """Send a signed-in person to their council's home page; others to sign in."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    orgs = list(organisations_for_user(request.user))
    if not orgs:
        return render(request, "core/no_roles.html", status=200)
    last_id = getattr(request.user, "last_organisation_id", None)
    chosen = next((o for o in orgs if o.pk == last_id), orgs[0])
    return redirect("core:org_home", org_code=chosen.code)


@login_required
def switch_organisation(request: AuthedRequest) -> HttpResponse:
    orgs = organisations_for_user(request.user)
    return render(request, "core/switch.html", {"organisations": orgs})


@org_view(Cap.HOME)
def org_home(request: AuthedRequest) -> HttpResponse:
    access = request.access
    ordered = [access.primary_role] + sorted(r for r in access.roles if r != access.primary_role)
    sections = [
        {"role": r, "label": Role(r).label, "summary": ROLE_HOME_SUMMARY.get(r, "")}
        for r in ordered
        if r
    ]

    me = staff_member_for(request.user, request.organisation)

    from thrive.people.picture import home_picture

    return render(
        request,
        "core/home.html",
        {
            "sections": sections,
            "me": me,
            "mine": home_picture(access, me, clock.today()),
        },
    )


@org_view(Cap.ORG_VIEW)
def organisation_detail(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    services = Service.objects.for_org(org).order_by("name")
    teams = Team.objects.for_org(org).select_related("service").order_by("name")
    return render(request, "core/organisation.html", {"services": services, "teams": teams})


@org_view(Cap.USERS_MANAGE)
def users(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    form = RoleGrantForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            granted = role_grant(
                email=form.cleaned_data["email"],
                organisation=org,
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                team=form.cleaned_data.get("team"),
                service=form.cleaned_data.get("service"),
                actor=request.user,
                request=request,
            )
        except ThriveError as exc:
            form.add_error(None, exc.message)
        else:
            if isinstance(granted, RoleGrantRequest):
                messages.success(
                    request,
                    f"The role {Role(form.cleaned_data['role']).label} opens families' or "
                    f"supervision records, so {form.cleaned_data['email']} gets it once a "
                    "principal social worker or senior leader approves it.",
                )
                return redirect("core:users", org_code=org.code)
            messages.success(
                request,
                f"{form.cleaned_data['email']} now has the role "
                f"{Role(form.cleaned_data['role']).label}. They can set a password from the "
                "sign-in page with 'Forgotten your password?'.",
            )
            return redirect("core:users", org_code=org.code)
    assignments = (
        RoleAssignment.objects.filter(organisation=org)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=clock.now()))
        .select_related("user", "team", "service")
        .order_by("user__email", "role")
    )
    pending = RoleGrantRequest.objects.filter(
        organisation=org, status=RoleGrantRequest.Status.PENDING
    ).select_related("team", "service", "requested_by")
    return render(
        request,
        "core/users.html",
        {
            "form": form,
            "assignments": assignments,
            "pending": pending,
            "family_roles": [Role(r).label for r in Role.values if needs_second_person(r)],
        },
    )


@require_POST
@org_view(Cap.USERS_MANAGE)
def user_role_revoke(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    org = request.organisation
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user"), pk=assignment_id, organisation=org
    )
    role_revoke(assignment=assignment, actor=request.user, request=request)
    messages.success(
        request, f"{assignment.user.email} no longer has the role {assignment.get_role_display()}."
    )
    return redirect("core:users", org_code=org.code)


@org_view(Cap.AUDIT_VIEW)
def audit(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    events = AuditEvent.objects.filter(organisation=org).select_related("user")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "action": action})


def accessibility(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def healthz(request: AuthedRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _error(request: AuthedRequest, template: str, status: int, **extra: Any) -> HttpResponse:
    return render(request, template, extra, status=status)


def error_403(request: AuthedRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "403.html", 403)


def error_404(request: AuthedRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404.html", 404)


def error_500(request: AuthedRequest) -> HttpResponse:
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def csrf_failure(request: AuthedRequest, reason: str = "") -> HttpResponse:
    return _error(request, "csrf_failure.html", 403)
