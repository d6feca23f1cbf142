"""Users and roles: who can sign in to a council and with which roles; giving and taking away a
role. (The pages keep their names in the shell's ``core:`` namespace: ``core:users``.)"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thrive.accounts.forms import RoleGrantForm
from thrive.accounts.grants import role_grant
from thrive.accounts.models import RoleGrantRequest
from thrive.accounts.selectors import current_roles, role_assignment, role_grants_waiting
from thrive.accounts.services import role_revoke
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap, Role, needs_second_person


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
    assignments = current_roles(org)
    pending = role_grants_waiting(org)
    return render(
        request,
        "accounts/users.html",
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
    assignment = role_assignment(org, assignment_id)
    if assignment is None:
        raise Http404
    role_revoke(assignment=assignment, actor=request.user, request=request)
    messages.success(
        request, f"{assignment.user.email} no longer has the role {assignment.get_role_display()}."
    )
    return redirect("core:users", org_code=org.code)
