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

from thrive.academy.jobs import academy_reminders
from thrive.core.roles import Cap
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
    """Every council's supervision, flexible working and expiring safer recruitment check
    reminders for today, then another go at failed messages.
    Reminders already sent today are skipped (the reminder service records each one)."""
    from thrive.core import clock
    from thrive.core.outbox import outbox_retry
    from thrive.people.models import Organisation
    from thrive.supervision.reminders import reminders_send

    on = clock.today()
    orgs = list(Organisation.objects.order_by("code"))
    sent = skipped = 0
    from thrive.engagement.flexible import flexible_reminders_send
    from thrive.recruitment.services.checks import check_expiry_reminders_send

    flexible = checks = 0
    for number, org in enumerate(orgs, start=1):
        outbox = reminders_send(org, on)
        flexible += flexible_reminders_send(organisation=org, on=on)
        checks += check_expiry_reminders_send(organisation=org, on=on)
        sent += outbox.sent
        skipped += outbox.skipped
        progress(number, len(orgs), f"Reminders for {org.name}")
    retried, failing = outbox_retry()
    return {
        "councils": len(orgs),
        "sent": sent,
        "skipped": skipped,
        "flexible_working_reminded": flexible,
        "recruitment_checks_expiring": checks,
        "retried": retried,
        "failing": failing,
    }


def retention(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """Every council's retention schedule applied (thrive/privacy/retention.py), with its report."""
    from thrive.privacy.retention import retention_apply_all

    return retention_apply_all(progress)


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
    "academy_reminders": ("ASYE review reminders", academy_reminders),
    "retention": ("Retention schedule applied", retention),
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
    Scheduled("retention", "retention", time(23, 30), "Retention schedule applied"),
    Scheduled("daily-digest", "daily_digest", time(17, 0), "Daily digest"),
    Scheduled("academy-reminders", "academy_reminders", time(12, 30), "ASYE review reminders"),
]


# ---- Jobs that make a file (prepared in the background, downloaded from the job's page) ----


def _file(job: Job, name: str, content_type: str, content: bytes) -> dict[str, Any]:
    from thrive.jobs.services import job_output

    job_output(job, name=name, content_type=content_type, content=content)
    return {"file": name, "bytes": len(content)}


def _on(job: Job) -> Any:
    from datetime import date

    from thrive.core import clock

    raw = job.params.get("on") or ""
    try:
        return date.fromisoformat(raw) if raw else clock.today()
    except ValueError as exc:
        raise JobRefused(f"'on' must be a date such as 2026-03-31, not '{raw}'.") from exc


def _council(job: Job) -> Any:
    if job.organisation is None:
        raise JobRefused("This job belongs to a council.")
    return job.organisation


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_export(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The staff register as CSV or XLSX (what `thrive export staff` writes)."""
    from thrive.core import clock
    from thrive.people.exports import export_staff

    org = _council(job)
    fmt = job.params.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise JobRefused(f"The register is exported as csv or xlsx, not '{fmt}'.")
    progress(0, 1, "Writing the register")
    data = export_staff(org, fmt)
    progress(1, 1, "Written")
    kind = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    return _file(job, f"register_{org.code}_{clock.today():%Y-%m-%d}.{fmt}", kind, data)


def ofsted_pack(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The Ofsted workforce evidence pack on a date, as PDF or Excel."""
    from thrive.intelligence.pack import ofsted_pack as build
    from thrive.intelligence.pack import pack_pdf, pack_workbook

    org = _council(job)
    on = _on(job)
    fmt = job.params.get("format", "pdf")
    if fmt not in ("pdf", "xlsx"):
        raise JobRefused(f"The pack is made as pdf or xlsx, not '{fmt}'.")
    progress(0, 2, "Gathering the figures")
    pack = build(org, on=on)
    progress(1, 2, "Writing the pack")
    data = pack_pdf(pack) if fmt == "pdf" else pack_workbook(pack)
    progress(2, 2, "Written")
    kind = "application/pdf" if fmt == "pdf" else XLSX
    return _file(job, f"ofsted_pack_{org.code}_{on:%Y-%m-%d}.{fmt}", kind, data)


def census_export(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The DfE Children's Social Work Workforce census return (XML) for a census year; refused,
    with its problems listed, unless the return is clean or ``allow_errors`` is set."""
    from thrive.core import clock
    from thrive.intelligence.census import census_return, census_year_default

    org = _council(job)
    try:
        year = int(job.params.get("year") or census_year_default(clock.today()))
    except ValueError as exc:
        raise JobRefused("'year' must be a census year such as 2026.") from exc
    progress(0, 2, f"Building the {year} return")
    result = census_return(org, year)
    problems = [str(p) for p in result.problems]
    if problems and not job.params.get("allow_errors"):
        raise JobRefused(
            f"Nothing was written: {len(problems)} problem(s) in the {year} return.",
            {"problems": problems[:200], "problem_count": len(problems)},
        )
    progress(1, 2, "Writing the XML")
    out = _file(job, f"CSWW_{org.code}_{year}.xml", "application/xml", result.xml())
    progress(2, 2, "Written")
    return {**out, "workers": len(result.workers), "problem_count": len(problems)}


def projection(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The workforce projection (the council's whole workforce) as JSON."""
    import json

    from thrive.intelligence.projection import MAX_RUNS, projection_run

    org = _council(job)
    on = _on(job)
    try:
        years, runs, seed = (
            int(job.params.get(k, d)) for k, d in (("years", 3), ("runs", 1000), ("seed", 1))
        )
    except ValueError as exc:
        raise JobRefused("years, runs and seed are whole numbers.") from exc
    if not 1 <= years <= 5 or not 1 <= runs <= MAX_RUNS:
        raise JobRefused(f"years must be from 1 to 5 and runs from 1 to {MAX_RUNS:,}.")
    progress(0, 1, f"Running {runs:,} projections")
    result = projection_run(org, on=on, years=years, runs=runs, seed=seed)
    progress(1, 1, "Written")
    data = json.dumps(
        {"organisation": org.code, "on": on.isoformat(), **result.as_dict(start_year=on.year)}
    )
    return _file(
        job, f"projection_{org.code}_{on:%Y-%m-%d}.json", "application/json", data.encode()
    )


JOB_KINDS.update(
    {
        "register_export": ("Register export", register_export),
        "ofsted_pack": ("Ofsted evidence pack", ofsted_pack),
        "census_export": ("Workforce census return", census_export),
        "projection": ("Workforce projection", projection),
    }
)

# Who may start a council's job of each kind, see it and download what it made.
KIND_CAPABILITY: dict[str, str] = {
    "register_import": Cap.REGISTER_IMPORT,
    "register_export": Cap.REGISTER_EDIT,
    "ofsted_pack": Cap.EVIDENCE_PACK,
    "census_export": Cap.CENSUS_MANAGE,
    "projection": Cap.MEASURES_VIEW,
}
# The options a person may give each kind that makes a file, with their allowed values (None:
# any, checked by the job).
PREPARABLE: dict[str, dict[str, tuple[str, ...] | None]] = {
    "register_export": {"format": ("csv", "xlsx")},
    "ofsted_pack": {"format": ("pdf", "xlsx"), "on": None},
    "census_export": {"year": None, "allow_errors": ("", "1")},
    "projection": {"years": None, "runs": None, "seed": None},
}
