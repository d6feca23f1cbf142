"""Vacancies: the list, raising one from a vacant post, one vacancy, approving it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_version
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.forms import NEW_POST, VacancyFilterForm, VacancyForm, VacancyKindForm
from thrive.recruitment.models import Vacancy
from thrive.recruitment.selectors import (
    VacancyFilters,
    recruitment_teams,
    vacancies_visible,
    vacancy_for,
    vacant_posts,
)
from thrive.recruitment.selectors.steps import selection_by_step


def vacancy_or_404(request: AuthedRequest, pk: int) -> Vacancy:
    found = vacancy_for(request.access, pk)
    if found is None:
        raise Http404("No such vacancy")
    return found


@org_view(Cap.RECRUITMENT_VIEW)
def vacancies(request: AuthedRequest) -> HttpResponse:
    """The vacancies the person may see, filtered by status and team."""
    teams = list(recruitment_teams(request.access))
    form = VacancyFilterForm(request.GET or None, teams=[(str(t.pk), t.name) for t in teams])
    filters = VacancyFilters()
    if form.is_valid():
        team = form.cleaned_data.get("team")
        filters = VacancyFilters(
            status=form.cleaned_data.get("status") or "", team_id=int(team) if team else None
        )
    rows = list(vacancies_visible(request.access, filters))
    return render(
        request,
        "recruitment/vacancies.html",
        {
            "vacancies": rows,
            "form": form,
            "may_raise": policy.raises_vacancies(request.access),
        },
    )


@org_view(Cap.RECRUITMENT_MANAGE)
def vacancy_raise(request: AuthedRequest) -> HttpResponse:
    """Raise a vacancy from a vacant funded post of the establishment, or as a new post."""
    access, org = request.access, request.organisation
    posts = {str(p.pk): p for p in vacant_posts(access, on=clock.today())}
    teams = {str(t.pk): t for t in recruitment_teams(access, Cap.RECRUITMENT_MANAGE)}
    form = VacancyForm(
        request.POST or None,
        posts=[
            (k, f"{p.post_id} {p.title}, {p.team.name} ({p.fte:g} FTE)") for k, p in posts.items()
        ],
        teams=[(k, t.name) for k, t in teams.items()],
        initial={"post": request.GET.get("post", "")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        post = posts.get(d["post"]) if d["post"] != NEW_POST else None
        team = teams.get(d["team"] or "") if post is None else post.team
        try:
            raised = services.vacancy_raise(
                organisation=org,
                actor=request.user,
                post=post,
                team=team,
                title=d["title"],
                role=d["role"],
                grade=d["grade"],
                salary_min=d["salary_min"],
                salary_max=d["salary_max"],
                closing_date=d["closing_date"],
                probation_months=d["probation_months"],
                manager_post=d["manager_post"],
                selection_steps=d["selection_steps"],
                tests=d["tests"],
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The vacancy is raised as a draft. Send it for approval.")
            return redirect("recruitment:vacancy", org_code=org.code, pk=raised.pk)
    return render(request, "recruitment/vacancy_raise.html", {"form": form, "posts": posts})


@org_view(Cap.RECRUITMENT_VIEW)
def vacancy(request: AuthedRequest, pk: int) -> HttpResponse:
    """One vacancy; its managers send it for approval, close it or mark it filled."""
    found = vacancy_or_404(request, pk)
    manages = policy.manages_recruitment_in(request.access, found.team)
    kind_form = VacancyKindForm(None, initial={"role": found.role}, prefix="kind")
    if request.method == "POST" and request.POST.get("action") == "kind":
        if not manages:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        kind_form = VacancyKindForm(request.POST, prefix="kind")
        if kind_form.is_valid():
            try:
                services.vacancy_kind_change(
                    vacancy=found,
                    role=kind_form.cleaned_data["role"],
                    version=posted_version(request),
                    actor=request.user,
                )
            except ThriveError as exc:
                kind_form.add_error("role" if exc.field == "role" else None, str(exc))
            else:
                messages.success(request, "The kind of post is changed.")
                return redirect(
                    "recruitment:vacancy", org_code=request.organisation.code, pk=found.pk
                )
    elif request.method == "POST":
        if not manages:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        action = {
            "submit": (services.vacancy_submit, "The vacancy is sent for approval."),
            "close": (services.vacancy_close, "The vacancy is closed."),
            "fill": (services.vacancy_fill, "The vacancy is marked filled."),
        }.get(request.POST.get("action", ""))
        if action is None:
            raise Http404("No such action")
        try:
            action[0](vacancy=found, actor=request.user)
        except ThriveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, action[1])
        return redirect("recruitment:vacancy", org_code=request.organisation.code, pk=found.pk)
    return render(
        request,
        "recruitment/vacancy.html",
        {
            "vacancy": found,
            "steps": selection_by_step(found),
            "manages": manages,
            "kind_form": kind_form,
            "approves": policy.approves_vacancies_in(request.access, found.team)
            and found.raised_by_id != request.user.pk,
        },
    )


@org_view(Cap.RECRUITMENT_APPROVE)
def vacancy_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    """Approve a vacancy awaiting approval (someone other than the person who raised it)."""
    found = vacancy_or_404(request, pk)
    if not policy.approves_vacancies_in(request.access, found.team):
        raise PermissionDenied(Cap.RECRUITMENT_APPROVE)
    error = ""
    if request.method == "POST":
        try:
            services.vacancy_approve(vacancy=found, actor=request.user)
        except ThriveError as exc:
            error = str(exc)
        else:
            messages.success(request, "The vacancy is approved and open.")
            return redirect("recruitment:vacancy", org_code=request.organisation.code, pk=found.pk)
    return render(request, "recruitment/vacancy_approve.html", {"vacancy": found, "error": error})
