"""`thrive agency check`, `from-register`, `return`, `region` and `rule`, and `thrive rota ...`
(the imports are `thrive import placements` and `thrive import agency_caps`, in the register's
import command).

It is long because it holds the area's commands and their argument lists side by side (agency
checks, returns, rules and the rota's); each command's work is in the services."""

from __future__ import annotations

import argparse
import json
from typing import Any

from thrive.core.commands import (
    EXIT_OK,
    Commands,
    acting_user,
    add_as_option,
    add_version_option,
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
    from thrive.agency.rota_selectors import home_of, rota_hours, rota_weeks
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
            for r in rota_hours(assignments, rota.weeks)
        ],
        ["worker", "tier", "shifts", "hours"],
    )
    return EXIT_OK


def _home_seen(args: argparse.Namespace, capability: str) -> tuple[Any, Any, Any]:
    """The council, the acting person (None: the operator) and the home named by ``--home``
    within their scope (a home outside it answers as one that does not exist)."""
    from thrive.agency.policy import manages_rota
    from thrive.agency.rota_selectors import home_for, home_of
    from thrive.core.errors import ThriveError
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap

    org = organisation(args.org)
    user = acting_user(args, org, capability)
    if user is None:
        home = home_of(org, args.home)
    else:
        access = access_for(user, org)
        home = home_for(access, args.home)
        if capability == Cap.ROTA_MANAGE and home is not None and not manages_rota(access, home):
            home = None
    if home is None:
        raise ThriveError(f"--home: {org.code} has no home with code '{args.home}' of yours.")
    return org, user, home


def cmd_rota_workers(args: argparse.Namespace) -> int:
    from thrive.agency.rota_selectors import home_setup
    from thrive.core import clock
    from thrive.core.roles import Cap

    org, _user, home = _home_seen(args, Cap.ROTA_VIEW)
    _shifts, workers = home_setup(home, clock.today())
    rows = [
        {
            "name": w.name,
            "tier": w.tier,
            "staff_id": w.staff_member.staff_id if w.staff_member else "",
            "leave": "; ".join(f"{u.start_date} to {u.end_date} ({u.reason})" for u in w.leave),
            "toil_hours": f"{w.toil_hours or 0:.2f}" if w.extra_hours_as == "toil" else "",
            "extra_hours_as": w.extra_hours_as,
            "pattern": w.pattern.describe() if w.pattern else "",
            "pattern_from": w.pattern.effective_from.isoformat() if w.pattern else "",
            "version": w.version,
        }
        for w in workers
    ]
    if args.format == "json":
        print(json.dumps({"organisation": org.code, "home": args.home, "workers": rows}, indent=2))
    else:
        print_table(rows, ["name", "tier", "staff_id", "pattern", "leave", "toil_hours", "version"])
    return EXIT_OK


def cmd_rota_leave(args: argparse.Namespace) -> int:
    from decimal import Decimal

    from thrive.agency.rota_selectors import home_setup
    from thrive.agency.services import rota_leave_add
    from thrive.core.errors import ThriveError
    from thrive.core.roles import Cap

    _org, user, home = _home_seen(args, Cap.ROTA_MANAGE)
    _shifts, workers = home_setup(home)
    found = [
        w
        for w in workers
        if (w.staff_member and w.staff_member.staff_id == args.worker) or w.name == args.worker
    ]
    if len(found) != 1:
        raise ThriveError(
            f"--worker: {'no' if not found else 'more than one'} worker at {home} is "
            f"'{args.worker}' (give their staff ID or full name)."
        )
    days = rota_leave_add(
        worker=found[0],
        start_date=args.starts,
        end_date=args.ends,
        reason=args.reason,
        toil_hours=Decimal(args.toil_hours) if args.toil_hours else None,
        actor=user,
    )
    print(f"{found[0].name} is off from {days.start_date} to {days.end_date} ({days.reason}).")
    return EXIT_OK


def _worker_named(workers: list[Any], home: Any, name: str, where: str = "--worker: ") -> Any:
    from thrive.core.errors import ThriveError

    found = [
        w
        for w in workers
        if (w.staff_member and w.staff_member.staff_id == name.strip()) or w.name == name.strip()
    ]
    if len(found) != 1:
        raise ThriveError(
            f"{where}{'no' if not found else 'more than one'} worker at {home} is "
            f"'{name}' (give their staff ID or full name)."
        )
    return found[0]


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def cmd_rota_pattern(args: argparse.Namespace) -> int:
    """A worker's working pattern from a date: the days (and, optionally, hours) they work."""
    from datetime import time

    from thrive.agency.rota_selectors import home_setup
    from thrive.agency.services import working_pattern_set
    from thrive.core.errors import ThriveError
    from thrive.core.roles import Cap

    _org, user, home = _home_seen(args, Cap.ROTA_MANAGE)
    _shifts, workers = home_setup(home)
    worker = _worker_named(workers, home, args.worker)
    days = []
    for word in args.days.split(","):
        name = word.strip().lower()[:3]
        if name not in _DAY_NAMES:
            raise ThriveError(f"--days: '{word}' is not a day (give mon,tue,... sun).")
        days.append(_DAY_NAMES.index(name))
    starts = ends = None
    if args.hours:
        try:
            a, b = args.hours.split("-")
            starts, ends = time.fromisoformat(a.strip()), time.fromisoformat(b.strip())
        except ValueError as exc:
            raise ThriveError("--hours: give the day's hours as HH:MM-HH:MM.") from exc
    row = working_pattern_set(
        worker=worker,
        version=args.version,
        effective_from=args.starts,
        weekdays=days,
        day_starts=starts,
        day_ends=ends,
        note=args.note or "",
        actor=user,
    )
    print(f"{worker.name} works {row.describe()} from {row.effective_from}.")
    return EXIT_OK


def cmd_rota_hours(args: argparse.Namespace) -> int:
    """Hours worked in weeks before Thrive held a published rota: one week on the command line,
    or a CSV file of them (columns ``worker``, ``week_starts``, ``hours``, optional ``note`` and
    ``version``), all or nothing. A new week needs no version; correcting a week already
    recorded needs the version read (``--version``, or the row's ``version``), else it is
    refused naming the week's version, nothing changed."""
    import csv
    import io
    from datetime import date
    from decimal import Decimal, InvalidOperation

    from thrive.agency.rota_selectors import home_setup
    from thrive.agency.services import rota_hours_record
    from thrive.core.errors import ThriveError
    from thrive.core.roles import Cap

    _org, user, home = _home_seen(args, Cap.ROTA_MANAGE)
    _shifts, workers = home_setup(home)
    rows = []
    versions: dict[tuple[int, date], int | None] = {}
    if args.file:
        with open(args.file, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(io.StringIO(fh.read()))
        missing = {"worker", "week_starts", "hours"} - set(reader.fieldnames or [])
        if missing:
            raise ThriveError(f"{args.file}: no column {', '.join(sorted(missing))}.")
        for n, line in enumerate(reader, start=2):
            where = f"row {n}, "
            worker = _worker_named(workers, home, line["worker"] or "", where + "column worker: ")
            try:
                week = date.fromisoformat((line["week_starts"] or "").strip())
            except ValueError:
                raise ThriveError(f"{where}column week_starts: not a date (YYYY-MM-DD).") from None
            try:
                hours = Decimal((line["hours"] or "").strip())
            except InvalidOperation:
                raise ThriveError(f"{where}column hours: not a number.") from None
            seen = (line.get("version") or "").strip()
            if seen and not seen.isdigit():
                raise ThriveError(f"{where}column version: not a whole number.")
            versions[(worker.pk, week)] = int(seen) if seen else None
            rows.append((worker, week, hours, line.get("note") or ""))
    elif args.worker and args.week and args.hours:
        try:
            hours = Decimal(args.hours)
        except InvalidOperation:
            raise ThriveError("--hours: not a number.") from None
        worker = _worker_named(workers, home, args.worker)
        versions[(worker.pk, args.week)] = args.version
        rows.append((worker, args.week, hours, ""))
    else:
        raise ThriveError("Give --file FILE.csv, or --worker, --week and --hours.")
    if args.file and args.version is not None:
        raise ThriveError("--version is for one week; in a file, give each row's version.")
    try:
        saved = rota_hours_record(home=home, rows=rows, actor=user, versions=versions)
    except ThriveError as exc:
        if exc.field != "version":
            raise
        raise ThriveError(
            f"{exc} Give it with --version (one week) or in the file's version column; nothing "
            "was recorded."
        ) from exc
    print(f"{len(saved)} weeks of hours recorded at {home}.")
    return EXIT_OK


def cmd_rota_swaps(args: argparse.Namespace) -> int:
    from thrive.agency.rota_selectors import home_swaps
    from thrive.core.roles import Cap

    org, _user, home = _home_seen(args, Cap.ROTA_VIEW)
    rows = [
        {
            "id": w.pk,
            "status": w.status,
            "worker": w.asker.name,
            "day": w.give.day.isoformat(),
            "shift": w.give.shift.code,
            "colleague": w.colleague.name,
            "in_return": f"{w.take.day} {w.take.shift.code}" if w.take else "",
            "reason": w.reason,
        }
        for w in home_swaps(home)
    ]
    if args.format == "json":
        print(json.dumps({"organisation": org.code, "home": args.home, "swaps": rows}, indent=2))
    else:
        print_table(rows, ["id", "status", "worker", "day", "shift", "colleague", "in_return"])
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


def cmd_agency_rule(args: argparse.Namespace) -> int:
    """Give a rule of a shared set a new value from a date. The operator (no ``--as``) may change
    any set, the national one included (the set must reach ``--org`` when given); with ``--as``
    the person acts in ``--org`` and the service applies the same policy as the page (a region's
    set by its partnership lead only)."""
    from decimal import Decimal, InvalidOperation

    from django.core.exceptions import PermissionDenied

    from thrive.agency.services import rule_change
    from thrive.core.errors import ThriveError
    from thrive.core.permissions import access_for
    from thrive.core.roles import Cap

    if args.as_user and not args.org:
        raise ThriveError(f"--as needs --org CODE: the council where {args.as_user} holds a role.")
    org = organisation(args.org) if args.org else None
    user = acting_user(args, org, Cap.AGENCY_SHARED_RULES) if org is not None else None
    try:
        value = Decimal(args.value) if args.value not in (None, "") else None
    except InvalidOperation as exc:
        raise ThriveError(f"--value: '{args.value}' is not a number.") from exc
    try:
        rule = rule_change(
            organisation=org,
            set_code=args.set_code,
            kind=args.kind,
            value=value,
            effective_from=args.effective_from,
            actor=user,
            access=access_for(user, org) if user is not None else None,
        )
    except PermissionDenied as exc:
        raise ThriveError(str(exc)) from exc
    print(
        f"{rule.rule_set.code} {rule.kind} = {rule.value} from {rule.effective_from}"
        + (f" until {rule.effective_to}" if rule.effective_to else "")
        + "."
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
    from thrive.agency.defaults import RULE_SETS
    from thrive.agency.models import RuleKind

    p = agency.add_parser(
        "rule",
        help="give a rule of a shared set (national or a region's) a new value from a date",
    )
    p.add_argument(
        "--set", dest="set_code", required=True, choices=[code for code, *_ in RULE_SETS]
    )
    p.add_argument(
        "--kind", required=True, choices=[k for k in RuleKind.values if k != RuleKind.PRICE_CAP]
    )
    p.add_argument("--value", help="years, months or weeks as the rule says; none: yes-or-no")
    p.add_argument("--from", dest="effective_from", type=_date, required=True, metavar="DATE")
    p.add_argument("--org", help="council code (needed with --as: where the person acts)")
    add_as_option(p)
    p.set_defaults(func=cmd_agency_rule)
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
    p = rota.add_parser(
        "workers", help="a home's rota workers: register link, leave coming, time off in lieu"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--home", required=True, help="the home's code")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_as_option(p)
    p.set_defaults(func=cmd_rota_workers)
    p = rota.add_parser("leave", help="record days a rota worker cannot work (leave, TOIL)")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--home", required=True, help="the home's code")
    p.add_argument("--worker", required=True, help="their staff ID or full name")
    p.add_argument("--from", dest="starts", required=True, type=_date, help="first day")
    p.add_argument("--to", dest="ends", required=True, type=_date, help="last day")
    p.add_argument("--reason", required=True, help="e.g. 'Annual leave', 'Time off in lieu'")
    p.add_argument("--toil-hours", help="hours of time off in lieu taken from their balance")
    add_as_option(p)
    p.set_defaults(func=cmd_rota_leave)
    p = rota.add_parser(
        "hours",
        help="hours worked in weeks before Thrive held a published rota (for the 48-hour average)",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--home", required=True, help="the home's code")
    p.add_argument("--file", help="CSV: worker (staff ID or full name), week_starts, hours, note")
    p.add_argument("--worker", help="their staff ID or full name (one week)")
    p.add_argument("--week", type=_date, help="the week's first day (YYYY-MM-DD)")
    p.add_argument("--hours", help="hours worked that week")
    p.add_argument(
        "--version",
        type=int,
        metavar="N",
        help="to correct a week already recorded: its version as you read it (a new week needs "
        "none)",
    )
    add_as_option(p)
    p.set_defaults(func=cmd_rota_hours)
    p = rota.add_parser(
        "pattern", help="the days (and hours) a rota worker works, from a date (dated)"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--home", required=True, help="the home's code")
    p.add_argument("--worker", required=True, help="their staff ID or full name")
    p.add_argument("--from", dest="starts", required=True, type=_date, help="first day")
    p.add_argument("--days", required=True, help="the days they work, e.g. mon,tue,wed")
    p.add_argument("--hours", help="their day's hours, HH:MM-HH:MM (optional)")
    p.add_argument("--note", help="a note (optional)")
    add_version_option(p, "the worker's (see 'rota workers')")
    add_as_option(p)
    p.set_defaults(func=cmd_rota_pattern)
    p = rota.add_parser("swaps", help="shift swaps asked for at a home, waiting ones first")
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--home", required=True, help="the home's code")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_as_option(p)
    p.set_defaults(func=cmd_rota_swaps)
