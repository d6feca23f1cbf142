"""`thrive academy enrol` (enrol the newly qualified social workers the register holds) and
`thrive academy report` (cohorts, ASYE progress, retention by cohort, the grown-our-own share)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date

from thrive.core.commands import EXIT_OK, Commands, acting_user, add_as_option, organisation
from thrive.core.roles import Cap


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-04-01") from None


def cmd_academy_report(args: argparse.Namespace) -> int:
    from thrive.academy.report import academy_report, report_csv_rows
    from thrive.core import clock

    org = organisation(args.org)
    acting_user(args, org, Cap.ACADEMY_MANAGE)
    data = academy_report(org, args.on or clock.today())
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(report_csv_rows(data))
    return EXIT_OK


def cmd_academy_enrol(args: argparse.Namespace) -> int:
    from thrive.academy.services import enrol_newly_qualified

    org = organisation(args.org)
    user = acting_user(args, org, Cap.ACADEMY_MANAGE)
    done = enrol_newly_qualified(organisation=org, actor=user)
    for e in done:
        print(f"{e.person.staff_id}  {e.person}  {e.cohort}  from {e.started_on.isoformat()}")
    print(f"Enrolled {len(done)} newly qualified social worker{'s' if len(done) != 1 else ''}.")
    return EXIT_OK


def cmd_academy_progression(args: argparse.Namespace) -> int:
    from thrive.academy import selectors
    from thrive.academy.services import progression_defaults
    from thrive.core import clock

    org = organisation(args.org)
    user = acting_user(args, org, Cap.ACADEMY_MANAGE)
    if args.defaults:
        added = progression_defaults(organisation=org, actor=user)
        print(f"Added {added} rows to the progression framework.", file=sys.stderr)
    today = clock.today()
    data = {
        "organisation": org.code,
        "levels": [
            {
                "name": lv.name,
                "rank": lv.rank,
                "org_role": lv.org_role,
                "kss": lv.kss,
                "effective_from": lv.effective_from.isoformat(),
                "criteria": lv.criteria,
            }
            for lv in selectors.progression_levels(org, today)
        ],
        "panel_questions": [q.text for q in selectors.panel_questions(org, today)],
        "plans": [
            {
                "person": p.person.full_name,
                "staff_id": p.person.staff_id,
                "level": p.level.name,
                "status": p.status,
                "evidence": len(p.evidence.all()),
                "applied_on": p.applied_on.isoformat() if p.applied_on else None,
                "panel_on": p.panel_on.isoformat() if p.panel_on else None,
                "scores": [s["score"] for s in p.scores],
                "role_from": p.role_from.isoformat() if p.role_from else None,
            }
            for p in selectors.progression_plans(org)
        ],
    }
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        keys = [
            "person",
            "staff_id",
            "level",
            "status",
            "evidence",
            "applied_on",
            "panel_on",
            "scores",
            "role_from",
        ]
        writer.writerow(keys)
        for row in data["plans"]:
            writer.writerow(
                [
                    " ".join(map(str, v)) if isinstance(v, list) else v
                    for v in (row[k] for k in keys)
                ]
            )
    return EXIT_OK


def register(commands: Commands) -> None:
    academy = commands.add_group("academy", help="the newly qualified academy and the ASYE")
    p = academy.add_parser(
        "report",
        help="cohorts, ASYE progress, retention by cohort at 1/2/3 years, grown-our-own share",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--on", type=_date, help="the report's day (YYYY-MM-DD; default today)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    add_as_option(p)
    p.set_defaults(func=cmd_academy_report)
    p = academy.add_parser(
        "enrol", help="enrol every newly qualified social worker of the last year not yet enrolled"
    )
    p.add_argument("--org", required=True, help="council code")
    add_as_option(p)
    p.set_defaults(func=cmd_academy_enrol)
    p = academy.add_parser(
        "progression", help="the progression framework, panel questions and every plan"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument(
        "--defaults", action="store_true", help="first add the default framework if there is none"
    )
    add_as_option(p)
    p.set_defaults(func=cmd_academy_progression)
