"""Reads for background jobs."""

from __future__ import annotations

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


def jobs_for(organisation: Organisation) -> QuerySet[Job]:
    """The council's jobs, newest first (without the uploaded files)."""
    return Job.objects.filter(organisation=organisation).only(*LIST_FIELDS)


def job_for(organisation: Organisation, job_id: int) -> Job | None:
    return (
        Job.objects.filter(organisation=organisation, pk=job_id)
        .defer("payload")
        .select_related("created_by")
        .first()
    )
