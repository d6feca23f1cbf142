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
    """Every council's retention schedule applied (thrive/privacy/retention.py), with its report;
    then the portal's unconfirmed registrations of interest and draft applications whose links
    have run out are removed (thrive/recruitment/services/prune.py)."""
    from thrive.privacy.retention import retention_apply_all
    from thrive.recruitment.services.prune import portal_leftovers_remove

    return {**retention_apply_all(progress), **portal_leftovers_remove()}


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
    # "day": once each day from *at*. "quarter": once each calendar quarter, from *at* on any day
    # of the quarter's first month (a worker down on the 1st still queues it on the 2nd); the
    # job is for the quarter just ended (``params["quarter"]``) and its key names that quarter.
    every: str = "day"


SCHEDULE: list[Scheduled] = [
    Scheduled("daily-reminders", "daily_reminders", time(7, 0), "Daily reminders"),
    Scheduled("retention", "retention", time(23, 30), "Retention schedule applied"),
    Scheduled("daily-digest", "daily_digest", time(17, 0), "Daily digest"),
    Scheduled("academy-reminders", "academy_reminders", time(12, 30), "ASYE review reminders"),
    Scheduled(
        "quarterly-returns", "quarterly_returns", time(6, 30), "Quarterly returns", every="quarter"
    ),
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
    from thrive.intelligence.pack import SECTION_KEYS, pack_pdf, pack_workbook
    from thrive.intelligence.pack import ofsted_pack as build
    from thrive.intelligence.services import COMMENTARY_LIMIT

    org = _council(job)
    on = _on(job)
    fmt = job.params.get("format", "pdf")
    if fmt not in ("pdf", "xlsx"):
        raise JobRefused(f"The pack is made as pdf or xlsx, not '{fmt}'.")
    given = job.params.get("commentary") or {}
    if not isinstance(given, dict):
        raise JobRefused("The commentary is given section by section.")
    # This pack's own words for some sections (typed on the page, not saved): the saved
    # commentary, or the sentence written from the figures, for the rest.
    once = {
        k: str(v).strip()[:COMMENTARY_LIMIT]
        for k, v in given.items()
        if k in SECTION_KEYS and str(v).strip()
    }
    progress(0, 2, "Gathering the figures")
    pack = build(org, on=on, commentary=once)
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


def projection_teams(job: Job) -> list[int] | None:
    """The teams a projection covers (set from the starter's scope when the job was queued, never
    from what they typed); ``None``: the whole council."""
    raw = str(job.params.get("teams") or "").strip()
    if not raw:
        return None
    try:
        return sorted({int(t) for t in raw.split(",")})
    except ValueError as exc:
        raise JobRefused("teams is a list of team ids.") from exc


def projection(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The workforce projection as JSON, for the whole council or (``teams``) a manager's teams:
    "As now" and every standard scenario (and the region's median turnover where the published
    figures are loaded), each scenario a step of the progress."""
    import json
    from dataclasses import asdict

    from analytics.projection import STANDARD_SCENARIOS, project, region_scenario
    from thrive.intelligence.projection import MAX_RUNS, projection_inputs, region_turnover

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
    teams = projection_teams(job)
    progress(0, None, "Reading the register")
    inputs = projection_inputs(org, on=on, team_ids=teams)
    chosen = list(STANDARD_SCENARIOS)
    region = region_turnover(org)
    if region is not None:
        chosen.append(region_scenario(region[1]))
    results = []
    for number, scenario in enumerate(chosen):
        progress(number, len(chosen), f"{scenario.name}: {runs:,} runs")
        result = project(inputs, years=years, runs=runs, seed=seed, scenario=scenario)
        results.append(result.as_dict(start_year=on.year))
    progress(len(chosen), len(chosen), "Written")
    data = json.dumps(
        {
            "organisation": org.code,
            "on": on.isoformat(),
            "teams": teams,
            "inputs": asdict(inputs),
            **results[0],
            "scenarios": results,
        }
    )
    which = "teams" if teams else org.code
    return {
        **_file(job, f"projection_{which}_{on:%Y-%m-%d}.json", "application/json", data.encode()),
        "scenarios": len(results),
        "teams": len(teams) if teams else "the whole council",
    }


def projection_page(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The projections page's figures for its day, data version and teams, as JSON: the page
    shows them once this is done (it never works them out itself)."""
    import json

    from django.urls import reverse

    from thrive.intelligence.projection_page import page_data

    org = _council(job)
    on = _on(job)
    data = page_data(org, on=on, team_ids=projection_teams(job), progress=progress)
    out = _file(
        job, f"projections_{org.code}_{on:%Y-%m-%d}.json", "application/json",
        json.dumps(data).encode(),
    )  # fmt: skip
    return {
        **out,
        "scenarios": len(data["compared"]),
        "see_url": reverse("intelligence:projection", args=[org.code]),
    }


def drivers_page(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The drivers page's model (fitted on the whole council) and the stability of the teams
    its starter may see, for its day and data version, as JSON: the page shows it once this is
    done (it never fits the model itself)."""
    import json

    from django.urls import reverse

    from thrive.intelligence.drivers_page import page_data

    org = _council(job)
    on = _on(job)
    data = page_data(org, on=on, team_ids=projection_teams(job), progress=progress)
    out = _file(
        job, f"drivers_{org.code}_{on:%Y-%m-%d}.json", "application/json",
        json.dumps(data).encode(),
    )  # fmt: skip
    return {
        **out,
        "people": data["people"],
        "leavers": data["leavers"],
        "see_url": reverse("intelligence:drivers", args=[org.code]) + f"?on={on.isoformat()}",
    }


def quarterly_returns(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """The returns the product makes each quarter, for the quarter just ended: today the DfE
    quarterly agency return, one job per council (``agency_return``) whose page keeps the file.
    Each council's job has a key naming the council and the quarter, so running this again
    (a worker killed mid-run, the schedule looked at twice) makes no second one."""
    from thrive.agency.quarterly import last_complete_quarter, quarter_bounds
    from thrive.core import clock
    from thrive.jobs.services import job_enqueue
    from thrive.people.models import Organisation

    quarter = job.params.get("quarter") or last_complete_quarter(clock.today())
    try:
        quarter_bounds(quarter)
    except Exception as exc:
        raise JobRefused(f"'{quarter}' is not a quarter such as 2026-Q3.") from exc
    orgs = list(Organisation.objects.order_by("code"))
    made = []
    for number, org in enumerate(orgs, start=1):
        child = job_enqueue(
            kind="agency_return",
            title=f"DfE quarterly agency return, {quarter}",
            organisation=org,
            params={"quarter": quarter, "format": "xlsx"},
            unique_key=f"agency-return:{org.code}:{quarter}",
        )
        made.append(child.pk)
        progress(number, len(orgs), f"Agency return for {org.name}")
    return {"quarter": quarter, "councils": len(orgs), "agency_return_jobs": made}


def agency_return(job: Job, progress: Callable[..., None]) -> dict[str, Any]:
    """One council's DfE quarterly agency return (what `thrive agency return` writes) as a file
    on the job's page, with its summary and how many problems to put right before sending."""
    from django.urls import reverse

    from thrive.agency.quarterly import RETURN_COLUMNS, last_complete_quarter
    from thrive.agency.selectors import quarterly_return
    from thrive.core import clock
    from thrive.core.errors import ThriveError
    from thrive.people.exports import cell, write_csv, write_xlsx

    org = _council(job)
    quarter = job.params.get("quarter") or last_complete_quarter(clock.today())
    fmt = job.params.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        raise JobRefused(f"The return is written as csv or xlsx, not '{fmt}'.")
    progress(0, 1, f"Building the return for {quarter}")
    try:
        built = quarterly_return(org, quarter)
    except ThriveError as exc:
        raise JobRefused(exc.message) from exc
    data = (
        write_xlsx(RETURN_COLUMNS, built.table(), sheet="Agency return")
        if fmt == "xlsx"
        else write_csv(RETURN_COLUMNS, built.table())
    )
    progress(1, 1, "Written")
    kind = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    result = _file(job, f"agency-return-{org.code}-{quarter}.{fmt}", kind, data)
    result.update(
        {
            "quarter": quarter,
            "summary": {k: cell(v) for k, v in built.summary.items()},
            "problems": len(built.problems),
            "see_url": reverse("agency:quarterly", args=[org.code]) + f"?quarter={quarter}",
        }
    )
    return result


JOB_KINDS.update(
    {
        "quarterly_returns": ("Quarterly returns", quarterly_returns),
        "agency_return": ("DfE quarterly agency return", agency_return),
        "register_export": ("Register export", register_export),
        "ofsted_pack": ("Ofsted evidence pack", ofsted_pack),
        "census_export": ("Workforce census return", census_export),
        "projection": ("Workforce projection", projection),
        "projection_page": ("Projections and scenarios (the page)", projection_page),
        "drivers_page": ("What drives leaving (the page)", drivers_page),
    }
)

# Who may start a council's job of each kind, see it and download what it made.
KIND_CAPABILITY: dict[str, str] = {
    "register_import": Cap.REGISTER_IMPORT,
    "register_export": Cap.REGISTER_EDIT,
    "agency_return": Cap.AGENCY_VIEW,
    "ofsted_pack": Cap.EVIDENCE_PACK,
    "census_export": Cap.CENSUS_MANAGE,
    "projection": Cap.MEASURES_VIEW,
    "projection_page": Cap.MEASURES_VIEW,
    "drivers_page": Cap.MEASURES_VIEW,
}
# The options a person may give each kind that makes a file, with their allowed values (None:
# any, checked by the job).
PREPARABLE: dict[str, dict[str, tuple[str, ...] | None]] = {
    "register_export": {"format": ("csv", "xlsx")},
    "ofsted_pack": {"format": ("pdf", "xlsx"), "on": None},
    "census_export": {"year": None, "allow_errors": ("", "1")},
    "projection": {"years": None, "runs": None, "seed": None},
}
