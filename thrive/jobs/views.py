"""The council's background jobs, and one job's progress (the page refreshes until it ends)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.jobs.selectors import job_for, jobs_for


@org_view(Cap.REGISTER_IMPORT)
def jobs(request: AuthedRequest) -> HttpResponse:
    page = Paginator(jobs_for(request.organisation), 50).get_page(request.GET.get("page"))
    return render(request, "jobs/jobs.html", {"page": page})


@org_view(Cap.REGISTER_IMPORT)
def job(request: AuthedRequest, job_id: int) -> HttpResponse:
    found = job_for(request.organisation, job_id)
    if found is None:
        raise Http404
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
    return render(request, "jobs/job.html", {"job": found})
