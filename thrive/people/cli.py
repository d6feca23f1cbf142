"""`thrive org add|list`, `thrive import ...` and `thrive export staff`: thin wrappers over the
register's services and its import and export code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from thrive.core.commands import (
    EXIT_OK,
    Commands,
    acting_user,
    add_as_option,
    organisation,
    print_table,
)
from thrive.core.errors import ThriveError


def cmd_org_add(args: argparse.Namespace) -> int:
    from thrive.people.services import organisation_add

    org = organisation_add(
        code=args.code,
        name=args.name,
        region=args.region,
        ons_code=args.ons_code or "",
        partnership=args.partnership,
    )
    print(f"Added {org.name} ({org.code}, {org.region}).")
    return EXIT_OK


def cmd_org_list(args: argparse.Namespace) -> int:
    from thrive.people.models import Organisation

    rows = [
        {"code": o.code, "name": o.name, "region": o.region, "ons_code": o.ons_code}
        for o in Organisation.objects.order_by("code")
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows, ["code", "name", "region"])
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Any kind an app adds: the register's ask for Cap.REGISTER_IMPORT, another app's kind
    names its own capability (placements, survey responses)."""
    from thrive.people.imports import import_kinds, run_import
    from thrive.people.imports.reading import read_path

    kind = import_kinds()[args.kind]
    # A kind names its own capability; a regional one needs no council.
    if args.org is None and not kind.regional:
        raise ThriveError(f"A {args.kind} import needs --org CODE (the council's code).")
    org: Any = organisation(args.org) if args.org else None
    user = acting_user(args, org, kind.capability) if org is not None else None
    path = Path(args.file)
    report = run_import(
        kind=args.kind,
        organisation=org,
        content=read_path(path),
        filename=path.name,
        dry_run=args.dry_run,
        user=user,
        options={option.name: getattr(args, option.name) for option in kind.options},
    )
    stream = sys.stdout if report.ok else sys.stderr
    print(report.summary(), file=stream)
    return 0 if report.ok else 1


def cmd_export_staff(args: argparse.Namespace) -> int:
    from thrive.core.roles import Cap
    from thrive.people.exports import export_staff

    org = organisation(args.org)
    acting_user(args, org, Cap.REGISTER_EDIT)
    data = export_staff(org, args.format)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"Wrote {args.out}.", file=sys.stderr)
    else:
        if args.format == "xlsx" and sys.stdout.isatty():
            raise ThriveError("An XLSX export needs --out FILE.")
        sys.stdout.buffer.write(data)
    return 0


def register(commands: Commands) -> None:
    org = commands.add_group("org", help="councils in this deployment")
    p = org.add_parser("add", help="add a council")
    p.add_argument("--code", required=True, help="3-digit DfE LA code, e.g. 331")
    p.add_argument("--name", required=True)
    p.add_argument("--region", required=True, help="English region as DfE writes it")
    p.add_argument("--ons-code", help="ONS code, e.g. E08000026")
    p.add_argument("--partnership", help="name of the regional partnership it belongs to")
    p.set_defaults(func=cmd_org_add)
    p = org.add_parser("list", help="list the councils")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_org_list)

    p = commands.add_command(
        "import", cmd_import, help="import an HR or case-management file (CSV or XLSX)"
    )
    from thrive.people.imports import import_kinds

    kinds = import_kinds()
    p.add_argument("kind", choices=list(kinds))
    p.add_argument("file")
    p.add_argument("--org", help="council code (every import but a region's agency_caps)")
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    add_as_option(p)
    for kind in kinds.values():
        for option in kind.options:
            p.add_argument(option.flag, dest=option.name, metavar=option.metavar, help=option.help)

    exp = commands.add_group("export", help="export the register", metavar="WHAT")
    p = exp.add_parser("staff", help="the register in exactly the staff import's columns")
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out", metavar="FILE")
    add_as_option(p)
    p.set_defaults(func=cmd_export_staff)
