"""The council's own pages: where a signed-in person lands, choosing a council, the council's
home page for each role, and the council's services and teams. (They keep their names in the
shell's ``core:`` namespace: ``core:home``, ``core:org_home``, ``core:organisation``.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import ROLE_HOME_SUMMARY, Cap, Role
from thrive.people.picture import home_picture
from thrive.people.selectors import organisations_for_user, services_and_teams, staff_member_for


def landing(request: AuthedRequest) -> HttpResponse:
    """Send a signed-in person to their council's home page; others to sign in."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    orgs = list(organisations_for_user(request.user))
    if not orgs:
        return render(request, "people/no_roles.html", status=200)
    last_id = getattr(request.user, "last_organisation_id", None)
    chosen = next((o for o in orgs if o.pk == last_id), orgs[0])
    return redirect("core:org_home", org_code=chosen.code)


@login_required
def switch_organisation(request: AuthedRequest) -> HttpResponse:
    orgs = organisations_for_user(request.user)
    return render(request, "people/switch.html", {"organisations": orgs})


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
    return render(
        request,
        "people/home.html",
        {
            "sections": sections,
            "me": me,
            "mine": home_picture(access, me, clock.today()),
        },
    )


@org_view(Cap.ORG_VIEW)
def organisation_detail(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    services, teams = services_and_teams(org)
    return render(request, "people/organisation.html", {"services": services, "teams": teams})
