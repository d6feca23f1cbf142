"""The council's background jobs, one job's progress (the page follows it until it ends), the
file a job made, and "prepare in the background" (start a job that makes a file)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.jobs.policy import TEAM_KINDS, job_teams_for, may_see_job, may_use_job
from thrive.jobs.registry import JOB_KINDS, PREPARABLE
from thrive.jobs.selectors import job_for, job_output_of, jobs_for
from thrive.jobs.services import job_prepare


@org_view(Cap.REGISTER_IMPORT)
def jobs(request: AuthedRequest) -> HttpResponse:
    kinds = [k for k in JOB_KINDS if may_use_job(request.access, k)]
    hidden = [] if job_teams_for(request.access, "projection") is None else list(TEAM_KINDS)
    page = Paginator(jobs_for(request.organisation, kinds=kinds, hide=hidden), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "jobs/jobs.html",
        {
            "page": page,
            "may_export": "register_export" in kinds,
            "may_project": "projection" in kinds and not hidden,
        },
    )


@org_view(Cap.ORG_VIEW)
def job(request: AuthedRequest, job_id: int) -> HttpResponse:
    found = job_for(request.organisation, job_id)
    if found is None:
        raise Http404
    if not may_see_job(request.access, found):
        raise PermissionDenied(found.kind)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": found.status,
                "done": found.done,
                "total": found.total,
                "percent": found.percent,
                "stage": found.stage,
                "result": found.result,
                "error": found.error,
                "attempts": found.attempts,
            }
        )
    may_list = request.access.can(Cap.REGISTER_IMPORT)
    return render(request, "jobs/job.html", {"job": found, "may_list": may_list})


@org_view(Cap.ORG_VIEW)
def job_download(request: AuthedRequest, job_id: int) -> HttpResponse:
    """The file the job made. Audited: a register export or a pack holds people's records."""
    found = job_output_of(request.organisation, job_id)
    if found is None:
        raise Http404
    if not may_see_job(request.access, found):
        raise PermissionDenied(found.kind)
    audit_log(
        action="jobs.downloaded",
        user=request.user,
        organisation=request.organisation,
        obj=found,
        summary=f"Downloaded {found.output_name} ({found.title})",
        request=request,
    )
    response = HttpResponse(bytes(found.output or b""), content_type=found.output_type)
    response["Content-Disposition"] = f'attachment; filename="{found.output_name}"'
    return response


@require_POST
@org_view(Cap.ORG_VIEW)
def job_start(request: AuthedRequest) -> HttpResponse:
    """Prepare in the background: queue a job that makes a file (one, however often pressed)."""
    kind = request.POST.get("kind", "")
    if kind not in PREPARABLE:
        raise Http404
    if not may_use_job(request.access, kind):
        raise PermissionDenied(kind)
    params: dict[str, str] = {}
    for name, allowed in PREPARABLE[kind].items():
        value = request.POST.get(name, "").strip()[:40]
        if allowed is not None and value not in allowed:
            value = allowed[0]
        if value:
            params[name] = value
    org = request.organisation
    title = JOB_KINDS[kind][0] + "".join(f", {v}" for v in params.values())
    teams = job_teams_for(request.access, kind)
    if teams is not None:  # the person's own teams, never what the form said
        if not teams:
            raise PermissionDenied(kind)
        params["teams"] = ",".join(str(t) for t in sorted(teams))
        title += f", {len(teams)} team{'s' if len(teams) != 1 else ''}"
    found = job_prepare(kind=kind, title=title, organisation=org, params=params, user=request.user)
    return redirect("jobs:job", org_code=org.code, job_id=found.pk)
