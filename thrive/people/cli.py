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
    if args.org is None and getattr(args, "as_user", None):
        raise ThriveError(f"--as needs --org CODE: the council where {args.as_user} holds a role.")
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


def cmd_returner(args: argparse.Namespace) -> int:
    """Record a returner (a boomerang): the person who left, by staff ID, back from --start in
    --into (their last team by default), linked to their earlier spells."""
    from datetime import date
    from decimal import Decimal, InvalidOperation

    from thrive.core.roles import Cap
    from thrive.people.models import StaffMember, Team
    from thrive.people.selectors import person_last_ended_spell
    from thrive.people.services import spell_return

    org = organisation(args.org)
    user = acting_user(args, org, Cap.REGISTER_EDIT)
    person = StaffMember.objects.for_org(org).filter(staff_id=args.staff_id).first()
    if person is None:
        raise ThriveError(f"There is no person with staff ID {args.staff_id} in {org.name}.")
    left = person_last_ended_spell(person)
    if left is None:
        raise ThriveError(
            f"{person.full_name} is still in post: a return starts after their last spell ended."
        )
    try:
        start = date.fromisoformat(args.start)
    except ValueError as exc:
        raise ThriveError(f"--start must be a date such as 2026-03-31: {args.start!r}.") from exc
    team = left.team
    if args.into:
        found = Team.objects.for_org(org).filter(name=args.into).first()
        if found is None:
            raise ThriveError(f"There is no team called '{args.into}' in {org.name}.")
        team = found
    try:
        fte = Decimal(args.fte) if args.fte else left.fte
    except InvalidOperation as exc:
        raise ThriveError(f"--fte must be a number such as 0.8, not '{args.fte}'.") from exc
    spell = spell_return(
        person=person,
        team=team,
        start_date=start,
        contract=args.contract,
        fte=fte,
        org_role=args.role if args.role is not None else left.org_role,
        job_title=args.job_title if args.job_title is not None else left.job_title,
        start_origin=args.start_origin,
        actor=user,
    )
    print(
        f"{person.full_name} ({person.staff_id}) is back in {team.name} from "
        f"{spell.start_date:%-d %B %Y}, after leaving on {left.end_date:%-d %B %Y}."
    )
    return EXIT_OK


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

    p = commands.add_command(
        "returner", cmd_returner, help="record a person who left coming back (a boomerang)"
    )
    p.add_argument("--org", required=True)
    p.add_argument("--staff-id", required=True, help="the HR system's person number")
    p.add_argument("--start", required=True, metavar="DATE", help="the day they start again")
    p.add_argument("--into", metavar="TEAM", help="the team they join (their last by default)")
    p.add_argument(
        "--contract",
        choices=["permanent", "fixed_term", "apprentice", "secondee", "student"],
        default="permanent",
    )
    p.add_argument("--fte", help="their FTE (their last by default)")
    p.add_argument("--role", type=int, help="census OrgRole 1-6 (their last by default)")
    p.add_argument("--job-title")
    p.add_argument("--start-origin", type=int, help="census StartOrigin code")
    add_as_option(p)

    exp = commands.add_group("export", help="export the register", metavar="WHAT")
    p = exp.add_parser("staff", help="the register in exactly the staff import's columns")
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--out", metavar="FILE")
    add_as_option(p)
    p.set_defaults(func=cmd_export_staff)
