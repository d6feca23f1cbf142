"""`thrive metrics`: the statutory measures exactly as formats.md defines them."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from thrive.core.commands import Commands, acting_user, add_as_option, organisation, progress
from thrive.core.errors import ThriveError


def cmd_metrics(args: argparse.Namespace) -> int:
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap
    from thrive.intelligence.policy import measures_team_ids, measures_teams
    from thrive.intelligence.services import MEASURES, measures_for_year
    from thrive.people.models import Team

    org = organisation(args.org)
    user = acting_user(args, org, Cap.MEASURES_VIEW)
    # Without --as the operator of the deployment sees the whole council.
    access = access_for(user, org) if user is not None else None
    team_ids = None if access is None else measures_team_ids(access)
    if args.team:
        team = Team.objects.for_org(org).filter(name__iexact=args.team).first()
        if team is None:
            raise ThriveError(f"There is no team called '{args.team}' in {org.name}.")
        if access is not None and not measures_teams(access).filter(pk=team.pk).exists():
            raise ThriveError(f"{args.as_user} may not see the measures of {team.name}.")
        team_ids = [team.pk]
    if not 2000 <= args.year <= 2100:
        raise ThriveError("--year must be a census year such as 2025.")
    # A year the register holds no data for has no figures and says why (as the web page).
    found = measures_for_year(org, args.year, team_ids=team_ids)
    values = found.measures
    if args.format == "json":
        # "note" only when there is one, so a year with figures is the measures alone.
        print(json.dumps({**values, **({"note": found.note} if found.note else {})}))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([*MEASURES, "note"])
        writer.writerow(
            ["" if values[m] is None else values[m] for m in MEASURES] + [found.note or ""]
        )
    else:
        if found.note:
            print(found.note)
        width = max(len(m) for m in MEASURES)
        for m in MEASURES:
            shown = "–" if values[m] is None else values[m]
            print(f"{m.ljust(width)}  {shown}")
    return 0


def _print_load(load: Any) -> None:
    years = f" for {load.years}" if load.years else ""
    origin = (
        f" (the published data that ships with Thrive, {load.package_version})"
        if (load.source == "package")
        else ""
    )
    print(f"Loaded {load.rows} {load.kind} rows from {load.filename}{origin}{years}.")
    if load.kind == "neighbours":
        for c in load.changes:
            print(
                f"  Changed from before: {c['authorities_added']} authorities added, "
                f"{c['changed']} with different neighbours, {c['removed']} removed."
            )
        return
    if not load.changes:
        return
    print("  Changed from what was loaded before (rows added / changed / removed):")
    width = max(len(c["measure"]) for c in load.changes)
    for c in load.changes:
        print(
            f"  {c['year']}  {c['measure'].ljust(width)}  "
            f"{c['added']} added, {c['changed']} changed, {c['removed']} removed"
        )


def cmd_benchmarks_load(args: argparse.Namespace) -> int:
    from pathlib import Path

    from thrive.intelligence.benchmarks import benchmarks_load, benchmarks_load_shipped
    from thrive.people.imports.reading import read_path

    if not args.files:
        for load in benchmarks_load_shipped(progress=progress):
            _print_load(load)
        return 0
    for name in args.files:
        path = Path(name)
        content = read_path(path)
        _print_load(benchmarks_load(content=content, filename=path.name, progress=progress))
    return 0


def register(commands: Commands) -> None:
    register_census(commands)
    benchmarks = commands.add_group("benchmarks", help="published DfE figures to benchmark against")
    p = benchmarks.add_parser(
        "load",
        help="load the published DfE figures that ship with Thrive, or newer published files",
        description="With no FILE, loads the DfE workforce indicators and statistical "
        "neighbours that ship with Thrive. With FILEs (a newer indicators file, or the "
        "neighbours file, as published), loads those and says what changed.",
    )
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(func=cmd_benchmarks_load)

    p = commands.add_command(
        "metrics", cmd_metrics, help="the DfE workforce measures for a census year"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--year", required=True, type=int, help="census year, ending 30 September")
    p.add_argument("--format", choices=["json", "csv", "table"], default="table")
    p.add_argument("--team", help="one team's measures")
    add_as_option(p)


def cmd_census_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from thrive.core import clock
    from thrive.core.roles import Cap
    from thrive.intelligence.census import census_return, census_year_default

    org = organisation(args.org)
    acting_user(args, org, Cap.CENSUS_MANAGE)
    if args.year is None:
        args.year = census_year_default(clock.today())
    if args.out is None:
        args.out = f"CSWW_{org.code}_{args.year}.xml"
    result = census_return(org, args.year)
    if result.problems:
        print(f"{len(result.problems)} problem(s) in the {args.year} return:", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        if not args.allow_errors:
            print(
                "Nothing was written. Fix them, or export anyway with --allow-errors.",
                file=sys.stderr,
            )
            return 1
    Path(args.out).write_bytes(result.xml())
    print(f"Wrote {args.out}: {len(result.workers)} workers.")
    return 0


def cmd_census_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analytics.census_xml import validate_census
    from thrive.intelligence.census import schema_path
    from thrive.people.imports.reading import read_path

    content = read_path(Path(args.file))
    problems = validate_census(content, schema_path())
    if not problems:
        print(f"{args.file}: no problems found.")
        return 0
    print(f"{args.file}: {len(problems)} problem(s):")
    for problem in problems:
        print(f"  {problem}")
    return 1


def register_census(commands: Commands) -> None:
    census = commands.add_group(
        "census", help="the DfE children's social work workforce census return"
    )
    p = census.add_parser("export", help="write the CSWW XML return for a census year")
    p.add_argument("--org", required=True)
    p.add_argument(
        "--year",
        type=int,
        help="census year ending 30 September (default: the last one ended, as made each October)",
    )
    p.add_argument(
        "--out", metavar="FILE.xml", help="where to write it (default: CSWW_CODE_YEAR.xml here)"
    )
    p.add_argument("--allow-errors", action="store_true", help="write it even with problems")
    add_as_option(p)
    p.set_defaults(func=cmd_census_export)
    p = census.add_parser("validate", help="check a CSWW XML file; exits 1 if there are problems")
    p.add_argument("file", metavar="FILE.xml")
    p.set_defaults(func=cmd_census_validate)
