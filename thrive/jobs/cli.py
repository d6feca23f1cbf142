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
