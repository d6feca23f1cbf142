"""The worker: ``thrive worker`` runs it beside the web servers (as many as you like).

Each turn it queues any scheduled job that is due today (once: the job's key names the day) and
runs the oldest job waiting. A thread beats the job's heart while it runs; a job whose worker
stopped beating (killed, or its server lost) is taken over by the next worker and run again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from thrive.jobs.models import Job
from thrive.jobs.registry import JOB_KINDS, SCHEDULE, JobRefused
from thrive.jobs.services import Progress, job_beat, job_claim, job_enqueue, job_fail, job_finish

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def schedule_due(now: datetime | None = None) -> list[Job]:
    """Queue each scheduled job whose time has come today and is not queued yet."""
    local = timezone.localtime(now or timezone.now())
    queued = []
    for item in SCHEDULE:
        if local.time() < item.at:
            continue
        if item.every == "quarter":
            # Once a quarter, for the quarter just ended, on any day of the new quarter's
            # first month: the key names the quarter, so it is queued once.
            if local.month not in (1, 4, 7, 10):
                continue
            from thrive.agency.quarterly import last_complete_quarter

            quarter = last_complete_quarter(local.date())
            queued.append(
                job_enqueue(
                    kind=item.kind,
                    title=f"{item.title} for {quarter}",
                    params={"quarter": quarter},
                    unique_key=f"{item.name}:{quarter}",
                )
            )
            continue
        key = f"{item.name}:{local.date().isoformat()}"
        queued.append(
            job_enqueue(kind=item.kind, title=f"{item.title}, {local:%-d %B %Y}", unique_key=key)
        )
    return queued


class _Heart(threading.Thread):
    def __init__(self, job: Job) -> None:
        super().__init__(daemon=True)
        self.job = job
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(settings.THRIVE_JOB_HEARTBEAT_SECONDS):
            try:
                job_beat(self.job)
            except Exception as exc:  # the database busy with the job's own write: next beat
                log.debug("Heartbeat for job %s missed: %s", self.job.pk, exc)
            finally:
                connection.close()


def run_one(job: Job, *, echo: Callable[..., None] | None = None) -> None:
    """Run *job* (claimed by this worker); *echo* also hears its progress (a terminal's bar)."""
    _, handler = JOB_KINDS[job.kind]
    heart = _Heart(job)
    heart.start()
    recorded = Progress(job)

    def progress(done: int, total: int | None = None, stage: str | None = None) -> None:
        recorded(done, total, stage)
        if echo is not None:
            echo(done, total, stage)

    try:
        result = handler(job, progress)
    except JobRefused as exc:
        job_fail(job, error=str(exc), result=exc.result)
    except Exception as exc:
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        job_fail(job, error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}")
    else:
        job_finish(job, result=result)
    finally:
        heart.stopped.set()
        heart.join()


def run_worker(*, exit_when_idle: bool = False, poll: float = 1.0, schedule: bool = True) -> int:
    """Run jobs until stopped (or, with *exit_when_idle*, until none is waiting). Returns how
    many it ran."""
    name = worker_name()
    ran = 0
    while True:
        if not connection.in_atomic_block:  # never inside a caller's transaction (a test's)
            close_old_connections()
        if schedule:
            schedule_due()
        job = job_claim(name)
        if job is None:
            if exit_when_idle:
                return ran
            time.sleep(poll)
            continue
        log.info("Worker %s runs job %s (%s), attempt %s", name, job.pk, job.kind, job.attempts)
        run_one(job)
        ran += 1
