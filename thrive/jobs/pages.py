"""A page whose result is worked out by a queued job (the projections page, the drivers page):
the figures take too long for a web request, so a POST (a button) queues the job for the day, the
council's data version and the person's teams, and a GET shows how far it has got, then the
result once it has succeeded. The page never works the result out itself."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.core.cache import data_version
from thrive.core.http import AuthedRequest
from thrive.jobs.models import Job
from thrive.jobs.registry import KIND_CAPABILITY
from thrive.jobs.selectors import page_job
from thrive.jobs.services import job_prepare


def page_params(org: Any, on: date, team_ids: list[int] | None) -> dict[str, Any]:
    """What names one page's job: the day, the council's data version and the teams it is for
    (``""``: every team), so a write to the register, or another day, asks for a new one."""
    teams = ",".join(str(t) for t in sorted(team_ids)) if team_ids is not None else ""
    return {"on": on.isoformat(), "version": data_version(org), "teams": teams}


@dataclass(frozen=True)
class JobPage:
    """The page's job, succeeded, and what it wrote (its JSON output)."""

    job: Job
    data: Any


@dataclass(frozen=True)
class JobPageKind:
    """A page whose result is the job *kind*: the *template* it renders (waiting, then with the
    result) and the *title* of its job (``{on}`` is the day, as ``{on:%-d %B %Y}``)."""

    kind: str
    template: str
    title: str

    def job_title(self, on: date, team_ids: list[int] | None) -> str:
        """The job's title, as its page and the job list show it (the API asks the same)."""
        teams = f", {len(team_ids)} team{'s' if len(team_ids) != 1 else ''}" if team_ids else ""
        return self.title.format(on=on) + teams

    def page(
        self,
        request: AuthedRequest,
        *,
        on: date,
        team_ids: list[int] | None,
        waiting: dict[str, Any] | None = None,
    ) -> HttpResponse | JobPage:
        """On a POST, queue the job for *on* and *team_ids* (``None``: the whole council; an
        empty list is a person with no team to see, refused with the kind's capability) and
        send the person to its page. On a GET, the template with the job not yet done
        (``waiting``: the job or ``None``; ``teams_only``; and the *waiting* context), or the
        succeeded :class:`JobPage` the view shows."""
        org = request.organisation
        params = page_params(org, on, team_ids)
        if request.method == "POST":
            if team_ids is not None and not team_ids:
                raise PermissionDenied(KIND_CAPABILITY[self.kind])
            job = job_prepare(
                kind=self.kind,
                title=self.job_title(on, team_ids),
                organisation=org,
                params=params,
                user=request.user,
            )
            return redirect("jobs:job", org_code=org.code, job_id=job.pk)
        found = page_job(org, self.kind, params)
        if found is None or found.status != "succeeded" or not found.output:
            context = {"waiting": found, "teams_only": team_ids is not None, **(waiting or {})}
            return render(request, self.template, context)
        return JobPage(job=found, data=json.loads(bytes(found.output)))
