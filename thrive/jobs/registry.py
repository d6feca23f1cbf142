"""What a job can be, and the jobs that run on a schedule — defined here, in the code, not in
anyone's crontab.

A handler is ``handler(job, progress) -> result`` (a dict shown on the job's page). It must be
safe to run again from the start: a worker killed mid-run leaves the job to the next worker,
which runs it again. Every handler here is, because what it writes it writes in one transaction
(an import is all-or-nothing) or records what it has done (a reminder is sent once a day).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

from thrive.jobs.models import Job

Handler = Callable[[Job, Callable[..., None]], dict[str, Any]]


def register_import(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """A register import (any kind the upload page offers), checked and written as one."""
    from thrive.core.errors import ThriveError
    from thrive.people.imports import run_import

    if job.organisation is None:
        raise JobRefused("An import belongs to a council.")
    progress(0, None, "Reading the file")
    try:
        report = run_import(
            kind=job.params["kind"],
            organisation=job.organisation,
            content=bytes(job.payload or b""),
            filename=job.params["filename"],
            user=job.created_by,
            progress=progress,
        )
    except ThriveError as exc:
        raise JobRefused(exc.message) from exc
    problems = [str(p) for p in report.problems[:200]]
    result = {
        "rows": report.rows,
        "new": report.new,
        "changed": report.changed,
        "unchanged": report.unchanged,
        "written": report.written,
        "problems": problems,
        "problem_count": len(report.problems),
        "notes": list(report.notes),
    }
    if not report.ok:
        raise JobRefused(
            f"Nothing was imported: {len(report.problems)} problem(s) in the file.", result
        )
    return result


def daily_reminders(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """Every council's supervision reminders for today, then another go at failed messages.
    Reminders already sent today are skipped (the reminder service records each one)."""
    from thrive.core import clock
    from thrive.core.outbox import outbox_retry
    from thrive.people.models import Organisation
    from thrive.supervision.reminders import reminders_send

    on = clock.today()
    orgs = list(Organisation.objects.order_by("code"))
    sent = skipped = 0
    for number, org in enumerate(orgs, start=1):
        outbox = reminders_send(org, on)
        sent += outbox.sent
        skipped += outbox.skipped
        progress(number, len(orgs), f"Reminders for {org.name}")
    retried, failing = outbox_retry()
    return {
        "councils": len(orgs),
        "sent": sent,
        "skipped": skipped,
        "retried": retried,
        "failing": failing,
    }


def daily_digest(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """One email to each person who takes the daily digest, with the messages held for it. Each
    held message is marked as sent with its digest, so a second run sends nothing twice."""
    from thrive.notifications.preferences import digest_send

    progress(0, None, "Sending the daily digests")
    return digest_send()


class JobRefused(Exception):
    """The job ran and refused its input (a file with problems): failed, with a result to show."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


JOB_KINDS: dict[str, tuple[str, Handler]] = {
    "register_import": ("Register import", register_import),
    "daily_reminders": ("Daily reminders", daily_reminders),
    "daily_digest": ("Daily digest", daily_digest),
}


@dataclass(frozen=True)
class Scheduled:
    name: str
    kind: str
    at: time  # each day, Thrive's local time (settings.TIME_ZONE)
    title: str


SCHEDULE: list[Scheduled] = [
    Scheduled("daily-reminders", "daily_reminders", time(7, 0), "Daily reminders"),
    Scheduled("daily-digest", "daily_digest", time(17, 0), "Daily digest"),
]
