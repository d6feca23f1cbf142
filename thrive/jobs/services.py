"""Writes for background jobs: enqueue, claim, report progress, finish. Only these touch a Job."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from thrive.jobs.models import Job


def stale_after() -> timedelta:
    return timedelta(seconds=settings.THRIVE_JOB_STALE_SECONDS)


def job_enqueue(
    *,
    kind: str,
    title: str,
    organisation: Any = None,
    params: dict[str, Any] | None = None,
    payload: bytes | None = None,
    user: Any = None,
    unique_key: str | None = None,
) -> Job:
    """Queue a job (after the caller's commit a worker may take it). With *unique_key*, a job
    already queued under that key is returned instead of a second one."""
    from thrive.jobs.registry import JOB_KINDS

    if kind not in JOB_KINDS:
        raise ValueError(f"Unknown job kind {kind!r}.")
    if unique_key:
        existing = Job.objects.filter(unique_key=unique_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return Job.objects.create(
                kind=kind,
                title=title[:255],
                organisation=organisation,
                params=params or {},
                payload=payload,
                created_by=user if getattr(user, "is_authenticated", False) else None,
                unique_key=unique_key or None,
            )
    except IntegrityError:
        if unique_key:  # another worker queued it between our look and our insert
            return Job.objects.get(unique_key=unique_key)
        raise


def job_claim(worker: str, *, pk: int | None = None) -> Job | None:
    """Take the oldest job waiting (or job *pk*), or running on a worker that stopped beating. A
    conditional update claims it, so of two workers racing for one job exactly one gets it."""
    now = timezone.now()
    stale = now - stale_after()
    waiting = Job.objects.filter(
        Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
    )
    if pk is not None:
        waiting = waiting.filter(pk=pk)
    candidates = waiting.order_by("queued_at", "id").values_list("pk", "status", "heartbeat_at")[:5]
    for pk, status, beat in candidates:
        # One update claims the job and counts the attempt: a worker killed just after it
        # leaves no claimed job with an uncounted attempt.
        claimed = Job.objects.filter(pk=pk, status=status, heartbeat_at=beat).update(
            status=Job.Status.RUNNING,
            worker=worker[:100],
            heartbeat_at=now,
            started_at=now,
            error="",
            attempts=F("attempts") + 1,
        )
        if claimed:
            return Job.objects.defer("output").get(pk=pk)
    return None


def job_beat(job: Job) -> bool:
    """Say the job's worker is alive. False when another worker has taken the job over."""
    return bool(
        Job.objects.filter(pk=job.pk, worker=job.worker, status=Job.Status.RUNNING).update(
            heartbeat_at=timezone.now()
        )
    )


class Progress:
    """What a job's code calls as it goes: ``progress(done, total, stage)``. Writes at most every
    half second (and always at a new stage), so a loop over 100,000 rows can call it each row."""

    def __init__(self, job: Job, every: float = 0.5) -> None:
        self.job = job
        self.every = every
        self._last = 0.0
        self._stage = job.stage

    def __call__(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        now = time.monotonic()
        new_stage = stage is not None and stage != self._stage
        if not new_stage and now - self._last < self.every and done != total:
            return
        self._last = now
        fields: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        if stage is not None:
            fields["stage"] = stage[:255]
            self._stage = stage
        Job.objects.filter(pk=self.job.pk, worker=self.job.worker).update(**fields)


def job_finish(job: Job, *, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job.pk, worker=job.worker).update(
        status=Job.Status.SUCCEEDED,
        result=result,
        finished_at=timezone.now(),
        stage="Finished",
        payload=None,
    )


def job_fail(job: Job, *, error: str, result: dict[str, Any] | None = None) -> None:
    Job.objects.filter(pk=job.pk, worker=job.worker).update(
        status=Job.Status.FAILED,
        error=error[:5000],
        result=result or {},
        finished_at=timezone.now(),
    )


def job_prepare(
    *, kind: str, title: str, organisation: Any, params: dict[str, Any], user: Any
) -> Job:
    """Queue a job that makes a file, unless the same one (kind, council, options) is already
    waiting or running: pressing the button twice, or two people at once, makes one job."""
    with transaction.atomic():
        running = Job.objects.select_for_update().filter(
            kind=kind,
            organisation=organisation,
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        )
        for same in running.defer("payload", "output"):
            if same.params == params:
                return same
        return job_enqueue(
            kind=kind, title=title, organisation=organisation, params=params, user=user
        )


def job_output(job: Job, *, name: str, content_type: str, content: bytes) -> None:
    """Keep the file *job* made (a second run replaces it: the job is idempotent)."""
    Job.objects.filter(pk=job.pk, worker=job.worker).update(
        output=content, output_name=name[:255], output_type=content_type[:100]
    )
