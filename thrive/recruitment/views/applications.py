"""A vacancy's applications, recording one, moving one to its next stage, the channel report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import seen_version, shown_version
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.forms import (
    ApplicationForm,
    CheckForm,
    HireForm,
    PeriodForm,
    StageForm,
    StartForm,
)
from thrive.recruitment.models import Application, CheckKind, Stage
from thrive.recruitment.selectors import (
    application_for,
    applications_for,
    channel_report,
    channels_of,
    checks_for,
    referrers_of,
    region_channel_report,
    vacancy_for,
)
from thrive.recruitment.selectors.referrals import referral_row
from thrive.recruitment.services.checks import DBS_FIELDS, SWE_FIELDS
from thrive.recruitment.views.vacancies import vacancy_or_404


def _application_or_404(request: AuthedRequest, pk: int) -> Application:
    found = application_for(request.access, pk)
    if found is None:
        raise Http404("No such application")
    return found


@org_view(Cap.RECRUITMENT_VIEW)
def vacancy_applications(request: AuthedRequest, pk: int) -> HttpResponse:
    """A vacancy's applications, with each one's channel and stage."""
    found = vacancy_or_404(request, pk)
    return render(
        request,
        "recruitment/applications.html",
        {
            "vacancy": found,
            "applications": list(applications_for(found)),
            "manages": policy.manages_recruitment_in(request.access, found.team),
        },
    )


@org_view(Cap.RECRUITMENT_MANAGE)
def application_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record an application for an open vacancy, with how the candidate heard of it."""
    found = vacancy_for(request.access, pk)
    if found is None:
        raise Http404("No such vacancy")
    if not policy.manages_recruitment_in(request.access, found.team):
        raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
    org = request.organisation
    channels = {str(c.pk): c for c in channels_of(org)}
    referrers = {str(s.pk): s for s in referrers_of(org)}
    form = ApplicationForm(
        request.POST or None,
        channels=[(k, c.name) for k, c in channels.items()],
        referrers=[(k, f"{s.full_name} ({s.staff_id})") for k, s in referrers.items()],
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.application_add(
                vacancy=found,
                actor=request.user,
                candidate_name=d["candidate_name"],
                candidate_email=d["candidate_email"],
                channel=channels[d["channel"]],
                referred_by=referrers.get(d["referred_by"] or ""),
                overseas_check_needed=d["overseas_check_needed"],
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The application is recorded.")
            return redirect("recruitment:applications", org_code=org.code, pk=found.pk)
    return render(request, "recruitment/application_add.html", {"form": form, "vacancy": found})


def _stage_choices(application: Application) -> list[tuple[str, str]]:
    return [(s, Stage(s).label) for s in services.NEXT_STAGE[application.stage]]


@org_view(Cap.RECRUITMENT_VIEW)
def application(request: AuthedRequest, pk: int) -> HttpResponse:
    """One application; its vacancy's managers move it to its next stage."""
    found = _application_or_404(request, pk)
    manages = policy.manages_recruitment_in(request.access, found.vacancy.team)
    form = StageForm(request.POST or None, stages=_stage_choices(found))
    if request.method == "POST":
        if not manages:
            raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
        if form.is_valid():
            try:
                services.application_move(
                    application=found,
                    stage=form.cleaned_data["stage"],
                    actor=request.user,
                    declined_reason=form.cleaned_data.get("declined_reason") or "",
                    declined_note=form.cleaned_data.get("declined_note") or "",
                    version=seen_version(request),
                )
            except ThriveError as exc:
                form.add_error("stage", str(exc))
            else:
                messages.success(request, "The application has moved on.")
                return redirect(
                    "recruitment:application", org_code=request.organisation.code, pk=pk
                )
    return _application_page(request, found, manages=manages, form=form)


def _application_page(
    request: AuthedRequest,
    found: Application,
    *,
    manages: bool,
    form: StageForm | None = None,
    check_form: CheckForm | None = None,
    start_form: StartForm | None = None,
    hire_form: HireForm | None = None,
    safer_forms: dict[str, Any] | None = None,
) -> HttpResponse:
    from thrive.recruitment.views.safer import safer_context

    recorded = {c.kind: c for c in checks_for(found)}
    outstanding = services.outstanding_checks(found, set(recorded))
    checked = found.stage in (Stage.OFFERED, Stage.ACCEPTED)
    return render(
        request,
        "recruitment/application.html",
        {
            "application": found,
            "version": shown_version(request, found),
            # Where the reward for a refer-a-friend application stands, for HR.
            "referral": referral_row(found, on=clock.today())
            if found.referred_by_id and policy.keeps_council_lists(request.access)
            else None,
            "keeps_lists": policy.keeps_council_lists(request.access),
            "form": form or StageForm(stages=_stage_choices(found)),
            "manages": manages,
            "checked": checked,
            **(safer_context(found, safer_forms) if checked else {}),
            "checks": [
                (CheckKind(k).label, recorded.get(k), services.CHECK_STANDARD[k])
                for k in services.required_checks(found)
            ],
            "outstanding": [CheckKind(k).label for k in outstanding],
            "check_form": check_form
            or CheckForm(
                kinds=[(k, CheckKind(k).label) for k in outstanding],
                initial={"checked_on": clock.today()},
                prefix="check",
            ),
            "start_form": start_form or StartForm(prefix="start"),
            "hire_form": hire_form or HireForm(prefix="hire"),
        },
    )


def _managed_application(request: AuthedRequest, pk: int) -> Application:
    found = _application_or_404(request, pk)
    if not policy.manages_recruitment_in(request.access, found.vacancy.team):
        raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
    return found


@org_view(Cap.RECRUITMENT_MANAGE)
def application_check(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record one safer recruitment check for an offer."""
    found = _managed_application(request, pk)
    outstanding = services.outstanding_checks(found)
    form = CheckForm(
        request.POST or None,
        kinds=[(k, CheckKind(k).label) for k in outstanding],
        prefix="check",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.check_record(
                application=found,
                kind=form.cleaned_data["kind"],
                evidence=form.cleaned_data["evidence"],
                checked_on=form.cleaned_data["checked_on"],
                expires_on=form.cleaned_data.get("expires_on"),
                actor=request.user,
                version=seen_version(request),
                standard={k: form.cleaned_data.get(k) for k in DBS_FIELDS + SWE_FIELDS},
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else "kind", exc.message)
        else:
            messages.success(request, "The check is recorded.")
            return redirect("recruitment:application", org_code=request.organisation.code, pk=pk)
    return _application_page(request, found, manages=True, check_form=form)


@org_view(Cap.RECRUITMENT_MANAGE)
def application_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirm an accepted offer's start date (refused while checks are outstanding)."""
    found = _managed_application(request, pk)
    form = StartForm(request.POST or None, prefix="start")
    if request.method == "POST" and form.is_valid():
        try:
            services.application_confirm_start(
                application=found,
                start_date=form.cleaned_data["start_date"],
                actor=request.user,
                version=seen_version(request),
            )
        except ThriveError as exc:
            form.add_error("start_date", str(exc))
        else:
            messages.success(request, "The start date is confirmed.")
            return redirect("recruitment:application", org_code=request.organisation.code, pk=pk)
    return _application_page(request, found, manages=True, start_form=form)


@org_view(Cap.RECRUITMENT_VIEW)
def channels(request: AuthedRequest) -> HttpResponse:
    """Per channel: applications, shortlists, offers and starters (small counts hidden)."""
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    rows = [r.shown() for r in channel_report(request.access, start=start, end=end)]
    return render(
        request,
        "recruitment/channels.html",
        {
            "rows": rows[:-1],
            "total": rows[-1],
            "form": form,
            "whole_council": policy.sees_whole_council(request.access),
            "keeps_lists": policy.keeps_council_lists(request.access),
        },
    )


@org_view(Cap.RECRUITMENT_VIEW)
def channels_region(request: AuthedRequest) -> HttpResponse:
    """Per kind of channel across the councils of the region, beside the council's own (whole
    council only; small counts, and counts that would reveal another council's, hidden)."""
    if not policy.sees_whole_council(request.access):
        raise PermissionDenied(Cap.RECRUITMENT_VIEW)
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    rows, councils = region_channel_report(request.organisation, start=start, end=end)
    return render(
        request,
        "recruitment/channels_region.html",
        {"rows": rows, "councils": councils, "form": form},
    )


@org_view(Cap.RECRUITMENT_MANAGE)
def application_hire(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a new starter whose start date is confirmed to the register, from their application."""
    found = _managed_application(request, pk)
    form = HireForm(request.POST or None, prefix="hire")
    if request.method == "POST" and form.is_valid():
        try:
            person = services.application_hire(
                application=found,
                actor=request.user,
                staff_id=form.cleaned_data["staff_id"],
                org_role=form.cleaned_data["org_role"],
                version=seen_version(request),
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{person.full_name} is in the register.")
            return redirect("recruitment:application", org_code=request.organisation.code, pk=pk)
    return _application_page(request, found, manages=True, hire_form=form)
