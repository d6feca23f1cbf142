"""`thrive agency check` and `thrive agency from-register` (the imports are `thrive import
placements` and `thrive import agency_caps`, in the register's import command)."""

from __future__ import annotations

import argparse
import json

from thrive.core.commands import (
    EXIT_OK,
    Commands,
    acting_user,
    add_as_option,
    organisation,
    print_table,
)


def _date(value: str) -> object:
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from exc


def cmd_agency_check(args: argparse.Namespace) -> int:
    from thrive.agency.selectors import agency_check
    from thrive.core import clock
    from thrive.core.audit import audit_log
    from thrive.core.roles import Cap

    org = organisation(args.org)
    user = acting_user(args, org, Cap.AGENCY_VIEW)
    on = args.on or clock.today()
    checks = agency_check(org, on)
    audit_log(
        action="agency.checked",
        user=user,
        organisation=org,
        summary=f"{len(checks)} placements on {on}",
    )
    if args.format == "json":
        rows = []
        for c in checks:
            row = c.result.as_dict()
            row["cost_to_date"] = f"{c.cost_to_date:.2f}"
            row["committed"] = f"{c.committed:.2f}"
            rows.append(row)
        print(
            json.dumps(
                {
                    "organisation": org.code,
                    "region": org.region,
                    "on": on.isoformat(),
                    "placements": rows,
                },
                indent=2,
            )
        )
        return EXIT_OK
    table = [
        {
            "placement": c.placement.placement_id,
            "team": c.placement.team.name,
            "breaches": ", ".join(f"{b.rule} ({b.source})" for b in c.result.breaches) or "none",
        }
        for c in checks
    ]
    print_table(table, ["placement", "team", "breaches"])
    return EXIT_OK


def cmd_agency_from_register(args: argparse.Namespace) -> int:
    from thrive.agency.services import placements_from_register
    from thrive.core.roles import Cap

    org = organisation(args.org)
    user = acting_user(args, org, Cap.AGENCY_MANAGE)
    made = placements_from_register(organisation=org, actor=user)
    print(f"{made} placement(s) made from the register's agency spells.")
    return EXIT_OK


def cmd_agency_return(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from thrive.agency.quarterly import RETURN_COLUMNS, last_complete_quarter
    from thrive.agency.selectors import quarterly_return
    from thrive.core import clock
    from thrive.core.audit import audit_log
    from thrive.core.errors import ThriveError
    from thrive.core.roles import Cap
    from thrive.people.exports import write_csv, write_xlsx

    org = organisation(args.org)
    user = acting_user(args, org, Cap.AGENCY_VIEW)
    quarter = args.quarter or last_complete_quarter(clock.today())
    built = quarterly_return(org, quarter)
    audit_log(
        action="agency.return_exported",
        user=user,
        organisation=org,
        summary=f"{quarter}: {len(built.rows)} placements",
    )
    if args.format == "json":
        from thrive.people.exports import cell

        payload = {
            "organisation": org.code,
            "quarter": quarter,
            "summary": {k: cell(v) for k, v in built.summary.items()},
            "problems": [{k: v for k, v in p.items() if k != "pk"} for p in built.problems],
            "rows": [dict(zip(RETURN_COLUMNS, row, strict=True)) for row in built.table()],
        }
        text = json.dumps(payload, indent=2)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
        return EXIT_OK
    data = (
        write_xlsx(RETURN_COLUMNS, built.table(), sheet="Agency return")
        if args.format == "xlsx"
        else write_csv(RETURN_COLUMNS, built.table())
    )
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"Wrote {args.out}: {len(built.rows)} placements.", file=sys.stderr)
    else:
        if args.format == "xlsx":
            raise ThriveError("An XLSX return needs --out FILE.")
        sys.stdout.write(data.decode("utf-8-sig"))
    return EXIT_OK


def cmd_rota_solve(args: argparse.Namespace) -> int:
    import sys

    from thrive.agency.policy import manages_rota
    from thrive.agency.selectors import home_of, rota_hours, rota_weeks
    from thrive.agency.services import rota_solve
    from thrive.core.errors import ThriveError
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap

    org = organisation(args.org)
    user = acting_user(args, org, Cap.ROTA_MANAGE)
    home = home_of(org, args.home)
    # A home outside the person's teams answers as one that does not exist (as the page does).
    if home is None or (user is not None and not manages_rota(access_for(user, org), home)):
        raise ThriveError(f"--home: {org.code} has no home with code '{args.home}' of yours.")

    def progress(line: str) -> None:
        print(f"\r{line}", end="", file=sys.stderr, flush=True)

    rota = rota_solve(
        home=home,
        starts=args.starts,
        weeks=args.weeks,
        actor=user,
        time_limit=args.time_limit,
        progress=progress,
    )
    print(file=sys.stderr)
    _weeks, assignments, gaps = rota_weeks(rota)
    if args.format == "json":
        payload = {
            "organisation": org.code,
            "home": home.code,
            "from": rota.starts.isoformat(),
            "weeks": rota.weeks,
            "status": rota.status,
            "solver_status": rota.solver_status,
            "seconds": rota.seconds,
            "agency_shifts": rota.agency_shifts,
            "agency_cost": f"{rota.agency_cost:.2f}",
            "assignments": [
                {
                    "day": a.day.isoformat(),
                    "shift": a.shift.code,
                    "worker": a.worker.name,
                    "tier": a.tier,
                    "hours": f"{a.hours:.2f}",
                    "cost": f"{a.cost:.2f}",
                    "reason": a.reason,
                }
                for a in assignments
            ],
            "gaps": [
                {
                    "day": g.day.isoformat(),
                    "shift": g.shift.code,
                    "need": g.need,
                    "missing": g.missing,
                }
                for g in gaps
            ],
        }
        print(json.dumps(payload, indent=2))
        return EXIT_OK
    print(
        f"{home.name}: {rota.weeks} weeks from {rota.starts}, {len(assignments)} shifts filled, "
        f"{rota.agency_shifts} by agency (£{rota.agency_cost:,.2f}), {len(gaps)} gaps, "
        f"{rota.solver_status} in {rota.seconds:.1f}s. Saved as a draft."
    )
    print_table(
        [
            {
                "worker": r["worker"].name,
                "tier": r["worker"].get_tier_display(),
                "shifts": r["shifts"],
                "hours": f"{r['hours']:.1f}",
            }
            for r in rota_hours(assignments)
        ],
        ["worker", "tier", "shifts", "hours"],
    )
    return EXIT_OK


def cmd_agency_region(args: argparse.Namespace) -> int:
    from thrive.agency.selectors import agency_against_region
    from thrive.core import clock
    from thrive.core.roles import Cap

    org = organisation(args.org)
    acting_user(args, org, Cap.AGENCY_VIEW)
    on = args.on or clock.today()
    data = agency_against_region(org, on)
    payload = {
        "organisation": org.code,
        "region": org.region,
        "on": on.isoformat(),
        "agency_fte_now": f"{data.agency_fte_now:.2f}",
        "conversions_total": data.conversions_total,
        "agency_rate": data.rate_years,
        "quarters": [
            {**q, "spend": f"{q['spend']:.2f}", "fte_at_end": f"{q['fte_at_end']:.2f}"}
            for q in data.quarters
        ],
    }
    if args.format == "json":
        print(json.dumps(payload, indent=2))
        return EXIT_OK
    print(f"{org.name} ({org.region}): {payload['agency_fte_now']} agency FTE now.")
    print_table(data.rate_years, ["year", "council", "region", "england"])
    print_table(
        payload["quarters"], ["quarter", "spend", "placements", "fte_at_end", "conversions"]
    )
    return EXIT_OK


def register(commands: Commands) -> None:
    agency = commands.add_group("agency", help="agency placements checked against the rules")
    p = agency.add_parser("check", help="check the placements in force on a date")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--on", type=_date, help="the date (YYYY-MM-DD; default today)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_as_option(p)
    p.set_defaults(func=cmd_agency_check)
    p = agency.add_parser(
        "from-register", help="make placements from the register's agency social workers' spells"
    )
    p.add_argument("--org", required=True, help="council code")
    add_as_option(p)
    p.set_defaults(func=cmd_agency_from_register)
    p = agency.add_parser("return", help="the DfE quarterly agency data return")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--quarter", help="YYYY-QN (default: the last complete quarter)")
    p.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    p.add_argument("--out", metavar="FILE.csv")
    add_as_option(p)
    p.set_defaults(func=cmd_agency_return)
    p = agency.add_parser(
        "region", help="the council's agency rate, spend and conversions against the region"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--on", type=_date, help="the date (YYYY-MM-DD; default today)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_as_option(p)
    p.set_defaults(func=cmd_agency_region)
    rota = commands.add_group("rota", help="residential homes' rotas, filled before agency")
    p = rota.add_parser("solve", help="fill a home's rota (saved as a draft)")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--home", required=True, help="the home's code")
    p.add_argument(
        "--from", dest="starts", required=True, type=_date, help="first day (YYYY-MM-DD)"
    )
    p.add_argument("--weeks", type=int, default=4, help="weeks to fill (1 to 8; default 4)")
    p.add_argument("--time-limit", type=float, default=20.0, help="solver seconds (default 20)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_as_option(p)
    p.set_defaults(func=cmd_rota_solve)
