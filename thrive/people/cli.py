"""`thrive import ...` and `thrive export staff`: thin wrappers over the import and export code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from thrive.core.errors import ThriveError


def cli_access(args: argparse.Namespace, organisation: Any, capability: str) -> Any:
    """With ``--as EMAIL``, act as that person and apply their permissions; else act as the
    operator of this deployment (who already has the database)."""
    email = getattr(args, "as_user", None)
    if not email:
        return None
    from thrive.accounts.models import User
    from thrive.core.permissions import access_for

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise ThriveError(f"There is no person who signs in as {email}.")
    access = access_for(user, organisation)
    if not access.can(capability):
        raise ThriveError(f"{email} is not allowed to do this in {organisation.name}.")
    return user


def cmd_import(args: argparse.Namespace) -> int:
    from thrive.cli import _organisation
    from thrive.core.roles import Cap
    from thrive.people.imports import run_import
    from thrive.people.imports.reading import read_path

    org = _organisation(args.org)
    user = cli_access(args, org, Cap.REGISTER_IMPORT)
    path = Path(args.file)
    report = run_import(
        kind=args.kind,
        organisation=org,
        content=read_path(path),
        filename=path.name,
        dry_run=args.dry_run,
        user=user,
    )
    stream = sys.stdout if report.ok else sys.stderr
    print(report.summary(), file=stream)
    return 0 if report.ok else 1


def cmd_export_staff(args: argparse.Namespace) -> int:
    from thrive.cli import _organisation
    from thrive.core.roles import Cap
    from thrive.people.exports import export_staff

    org = _organisation(args.org)
    cli_access(args, org, Cap.REGISTER_EDIT)
    data = export_staff(org, args.format)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"Wrote {args.out}.", file=sys.stderr)
    else:
        if args.format == "xlsx" and sys.stdout.isatty():
            raise ThriveError("An XLSX export needs --out FILE.")
        sys.stdout.buffer.write(data)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import an HR or case-management file (CSV or XLSX)")
    p.add_argument("kind", choices=["staff", "posts", "absences", "allocations"])
    p.add_argument("file")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    p.add_argument("--as", dest="as_user", metavar="EMAIL", help="apply this person's permissions")
    p.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="export the register")
    exp_sub = exp.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    p = exp_sub.add_parser("staff", help="the register in exactly the staff import's columns")
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--as", dest="as_user", metavar="EMAIL", help="apply this person's permissions")
    p.set_defaults(func=cmd_export_staff)
