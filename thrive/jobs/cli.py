"""`thrive worker` (runs background jobs and the schedule) and `thrive jobs list`."""

from __future__ import annotations

import argparse

from thrive.core.commands import EXIT_OK, Commands, print_table


def cmd_worker(args: argparse.Namespace) -> int:
    import logging

    from thrive.jobs.worker import run_worker

    logging.getLogger("thrive.jobs").setLevel(logging.INFO)
    ran = run_worker(
        exit_when_idle=args.exit_when_idle, poll=args.poll, schedule=not args.no_schedule
    )
    print(f"Ran {ran} job{'s' if ran != 1 else ''}.")
    return EXIT_OK


def cmd_jobs_list(args: argparse.Namespace) -> int:
    from thrive.jobs.models import Job

    rows = [
        {
            "id": j.pk,
            "status": j.status,
            "progress": f"{j.done}/{j.total}" if j.total else "",
            "attempts": j.attempts,
            "title": j.title,
            "error": j.error.splitlines()[0] if j.error else "",
        }
        for j in Job.objects.defer("payload").order_by("-queued_at", "-id")[: args.limit]
    ]
    print_table(rows, ["id", "status", "progress", "attempts", "title", "error"])
    return EXIT_OK


def cmd_jobs_run(args: argparse.Namespace) -> int:
    """Queue a job that makes a file and run it here, with a progress bar; write the file."""
    from pathlib import Path

    from thrive.core.commands import acting_user, organisation, progress
    from thrive.core.errors import ThriveError
    from thrive.core.permissions import access_for
    from thrive.jobs.models import Job
    from thrive.jobs.policy import job_teams_for, may_use_job
    from thrive.jobs.registry import JOB_KINDS, KIND_CAPABILITY, PREPARABLE
    from thrive.jobs.services import job_claim, job_prepare
    from thrive.jobs.worker import run_one, worker_name

    org = organisation(args.org)
    user = acting_user(args, org, KIND_CAPABILITY[args.kind])
    if user is not None and not may_use_job(access_for(user, org), args.kind):
        raise ThriveError(f"{args.as_user} may not run {args.kind} for the whole council.")
    params: dict[str, str] = {}
    for pair in args.param or []:
        name, _, value = pair.partition("=")
        allowed = PREPARABLE[args.kind]
        if name not in allowed:
            raise ThriveError(
                f"{args.kind} takes {', '.join(allowed)}; not '{name}' (give NAME=VALUE)."
            )
        choices = allowed[name]
        if choices is not None and value not in choices:
            raise ThriveError(f"{name} is one of {', '.join(c for c in choices if c)}.")
        if value:
            params[name] = value
    title = JOB_KINDS[args.kind][0] + "".join(f", {v}" for v in params.values())
    teams = None if user is None else job_teams_for(access_for(user, org), args.kind)
    if teams is not None:  # a manager's projection: their own teams only
        if not teams:
            raise ThriveError(f"{args.as_user} sees no team's measures to project.")
        params["teams"] = ",".join(str(t) for t in sorted(teams))
        title += f", {len(teams)} team{'s' if len(teams) != 1 else ''}"
    job = job_prepare(kind=args.kind, title=title, organisation=org, params=params, user=user)
    claimed = job_claim(worker_name(), pk=job.pk)
    if claimed is None:
        raise ThriveError(f"Job {job.pk} is already running on another worker: see its page.")
    bar = progress(desc=title)

    def echo(done: int, total: int | None = None, stage: str | None = None) -> None:
        if total is not None:
            bar.total = total
        if stage:
            bar.set_description(stage)
        bar.n = done
        bar.refresh()

    run_one(claimed, echo=echo)
    bar.close()
    finished = Job.objects.get(pk=job.pk)
    if finished.status != Job.Status.SUCCEEDED:
        problems = finished.result.get("problems", [])
        raise ThriveError("\n".join([finished.error.splitlines()[0], *problems[:20]]))
    out = Path(args.out or finished.output_name)
    out.write_bytes(bytes(finished.output or b""))
    print(f"Job {finished.pk}: wrote {out} ({len(finished.output or b''):,} bytes).")
    return EXIT_OK


def register(commands: Commands) -> None:
    worker = commands.add_command(
        "worker",
        cmd_worker,
        help="run background jobs and the scheduled jobs (beside the web server)",
    )
    worker.add_argument("--exit-when-idle", action="store_true", help="stop when no job waits")
    worker.add_argument("--no-schedule", action="store_true", help="do not queue scheduled jobs")
    worker.add_argument("--poll", type=float, default=1.0, help="seconds between looks (1)")
    group = commands.add_group("jobs", help="background jobs")
    listing = group.add_parser("list", help="the latest background jobs and their progress")
    listing.add_argument("--limit", type=int, default=20)
    listing.set_defaults(func=cmd_jobs_list)
    from thrive.core.commands import add_as_option
    from thrive.jobs.registry import PREPARABLE

    run = group.add_parser(
        "run",
        help="make a file as a background job, here, with a progress bar (an export, a pack)",
        description="Kinds and their NAME=VALUE options: "
        + "; ".join(f"{k}: {', '.join(v)}" for k, v in PREPARABLE.items())
        + ". The job shows on the council's Background jobs page like any other.",
    )
    run.add_argument("kind", choices=sorted(PREPARABLE))
    run.add_argument("--org", required=True, help="council code")
    run.add_argument("--param", action="append", metavar="NAME=VALUE")
    run.add_argument("--out", metavar="FILE", help="where to write it (default: its own name)")
    add_as_option(run)
    run.set_defaults(func=cmd_jobs_run)
