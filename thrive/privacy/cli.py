"""`thrive backup`, `thrive restore`: thin wrappers over :mod:`thrive.privacy.backup`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thrive.core.commands import Commands, acting_user, add_as_option, organisation


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_backup(args: argparse.Namespace) -> int:
    from thrive.privacy.backup import database_backup

    result = database_backup(out=Path(args.out), progress=_say)
    print(result.summary())
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from thrive.privacy.backup import database_restore

    print(database_restore(source=Path(args.file), force=args.force, progress=_say))
    return 0


def cmd_sar_export(args: argparse.Namespace) -> int:
    from thrive.core.errors import ThriveError
    from thrive.core.roles import Cap
    from thrive.privacy.sar import sar_export

    org = organisation(args.org)
    user = acting_user(args, org, Cap.SAR_EXPORT)
    out = Path(args.out)
    if not out.parent.exists():
        raise ThriveError(f"The folder {out.parent} does not exist.")
    export = sar_export(
        organisation=org, staff_id=args.staff_id or "", email=args.email or "", actor=user
    )
    out.write_bytes(export.content)
    print(f"{export.summary()} Wrote {out}.")
    return 0


def cmd_retention_set(args: argparse.Namespace) -> int:
    from datetime import date

    from thrive.core import clock
    from thrive.core.errors import ThriveError
    from thrive.privacy.retention import retention_rule_add

    org = organisation(args.org)
    try:
        start = date.fromisoformat(args.start) if args.start else clock.today()
    except ValueError as exc:
        raise ThriveError(f"--from must be a date as YYYY-MM-DD, not {args.start}.") from exc
    rule = retention_rule_add(
        organisation=org,
        record_type=args.type,
        years=args.years or args.months,
        unit="years" if args.years else "months",
        effective_from=start,
        reason=args.reason or "",
    )
    print(f"{org.name}: {rule}.")
    return 0


def cmd_retention_apply(args: argparse.Namespace) -> int:
    from thrive.privacy.retention import retention_apply

    org = organisation(args.org)
    print(retention_apply(organisation=org, dry_run=args.dry_run).summary())
    return 0


def register(commands: Commands) -> None:
    p = commands.add_command(
        "backup",
        help="copy the whole database to a file while Thrive runs "
        "(pg_dump custom format on PostgreSQL, the online backup API on SQLite)",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    p.set_defaults(func=cmd_backup)

    p = commands.add_command(
        "restore", help="replace the database named by DATABASE_URL with a backup file"
    )
    p.add_argument("file", metavar="FILE", help="a file written by 'thrive backup'")
    p.add_argument(
        "--force", action="store_true", help="overwrite a database that already holds data"
    )
    p.set_defaults(func=cmd_restore)

    sar = commands.add_group("sar", help="subject access requests")
    p = sar.add_parser(
        "export",
        help="every record about one member of staff, or one candidate never employed, "
        "as a ZIP of CSV files and a PDF",
    )
    p.add_argument("--org", required=True, help="council code")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--staff-id", help="a member of staff: their staff ID in the register")
    who.add_argument(
        "--email", help="a candidate never employed: the email they applied or registered with"
    )
    p.add_argument("--out", required=True, metavar="FILE.zip")
    add_as_option(p)
    p.set_defaults(func=cmd_sar_export)

    retention = commands.add_group("retention", help="the retention schedule and applying it")
    p = retention.add_parser(
        "set", help="keep a kind of record for so many years or months, from a date"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument(
        "--type", required=True, choices=["personnel", "supervision", "applications", "interest"]
    )
    how_long = p.add_mutually_exclusive_group(required=True)
    how_long.add_argument("--years", type=int)
    how_long.add_argument("--months", type=int, help="for candidates' records")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--reason", help="why (for example, the council's retention policy)")
    p.set_defaults(func=cmd_retention_set)
    p = retention.add_parser(
        "apply", help="anonymise what has passed the schedule and report it (run by a scheduler)"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--dry-run", action="store_true", help="report what is due; change nothing")
    p.set_defaults(func=cmd_retention_apply)
