"""Reads for background jobs."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from thrive.jobs.models import Job
from thrive.people.models import Organisation

LIST_FIELDS = [
    "id",
    "kind",
    "title",
    "status",
    "done",
    "total",
    "stage",
    "queued_at",
    "finished_at",
]


def jobs_for(
    organisation: Organisation,
    *,
    kinds: list[str] | None = None,
    hide: Sequence[str] = (),
) -> QuerySet[Job]:
    """The council's jobs (of *kinds*, but not of *hide*), newest first (without the files)."""
    found = Job.objects.filter(organisation=organisation)
    if kinds is not None:
        found = found.filter(kind__in=kinds)
    if hide:
        found = found.exclude(kind__in=hide)
    return found.only(*LIST_FIELDS)


def latest_jobs(organisation: Organisation, kind: str, limit: int = 20) -> list[Job]:
    """The council's last *limit* jobs of *kind*, newest first (without their payload or file)."""
    return list(
        Job.objects.filter(organisation=organisation, kind=kind)
        .defer("payload", "output")
        .order_by("-queued_at", "-id")[:limit]
    )


def job_for(organisation: Organisation, job_id: int) -> Job | None:
    return (
        Job.objects.filter(organisation=organisation, pk=job_id)
        .defer("payload", "output")
        .select_related("created_by")
        .first()
    )


def job_output_of(organisation: Organisation, job_id: int) -> Job | None:
    """The job with the file it made (and nothing else heavy)."""
    return (
        Job.objects.filter(organisation=organisation, pk=job_id, status=Job.Status.SUCCEEDED)
        .exclude(output=None)
        .defer("payload")
        .first()
    )


def page_job(organisation: Organisation, kind: str, params: dict[str, object]) -> Job | None:
    """The newest job of *kind* a page shows (``projection_page``, ``drivers_page``) for
    *params* (the day, data version and teams), any status, with the file it made."""
    return (
        Job.objects.filter(organisation=organisation, kind=kind, params=params)
        .defer("payload")
        .order_by("-queued_at", "-id")
        .first()
    )
