"""`thrive survey results` (figures by team, service or profession, hidden below the council's
minimum group, directly or by difference). The `survey_responses` kind of `thrive import` is in
``imports.py``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from thrive.core.commands import EXIT_OK, Commands, acting_user, add_as_option, organisation
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap


def cmd_survey_results(args: argparse.Namespace) -> int:
    from thrive.engagement.results import survey_results, with_region
    from thrive.engagement.selectors import latest_survey, survey_by_name

    org = organisation(args.org)
    acting_user(args, org, Cap.ENGAGEMENT_RESULTS)
    survey = survey_by_name(org, args.survey) if args.survey else latest_survey(org)
    if survey is None and args.survey:
        raise ThriveError(f"There is no survey called '{args.survey}' in {org.name}.")
    if survey is None:
        print(json.dumps({"survey": None, "by": args.by, "council": None, "groups": []}))
        print(f"{org.name} has no surveys yet.", file=sys.stderr)
        return EXIT_OK
    data = with_region(survey_results(survey)).as_dict(args.by)
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return EXIT_OK
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        [
            "group",
            "within",
            "respondents",
            "question",
            "mean",
            "favourable_percent",
            "enps",
            "reason",
        ]
    )
    for g in [data["council"], *data["groups"]]:
        for q in g["questions"]:
            writer.writerow(
                [
                    g["group"],
                    g["within"] or "",
                    g["respondents"] if g["respondents"] is not None else "",
                    q["code"],
                    q["mean"] if q["mean"] is not None else "",
                    q["favourable_percent"] if q["favourable_percent"] is not None else "",
                    q["enps"] if q["enps"] is not None else "",
                    q["reason"] or "",
                ]
            )
    return EXIT_OK


def _slot(args: argparse.Namespace, capability: str) -> tuple[Any, Any, bool]:
    """The person, the slot and whether they run drop-ins for the council; the services refuse
    anyone but the host or the engagement lead (as on the page)."""
    from thrive.core.permissions import access_for
    from thrive.engagement import dropins, policy

    org = organisation(args.org)
    user = acting_user(args, org, capability)
    slot = dropins.dropin_for(org, args.slot)
    if slot is None:
        raise ThriveError(f"There is no drop-in slot {args.slot} at {org.name}.")
    return user, slot, policy.runs_surveys(access_for(user, org))


def cmd_dropins_move(args: argparse.Namespace) -> int:
    """Move a slot through the page's service: its checks, the booker's update and audit."""
    from thrive.core.commands import moment
    from thrive.engagement.dropins import dropin_slot_move

    user, slot, runs = _slot(args, Cap.ENGAGEMENT_ANSWER)
    moved = dropin_slot_move(
        slot=slot,
        starts_at=moment(args.starts),
        minutes=args.minutes or slot.minutes,
        place=slot.place if args.place is None else args.place,
        actor=user,
        runs=runs,
        version=args.version,
    )
    print(f"Moved the slot to {args.starts} (version {moved.version}).")
    return EXIT_OK


def cmd_dropins_withdraw(args: argparse.Namespace) -> int:
    from thrive.engagement.dropins import dropin_slot_withdraw

    user, slot, runs = _slot(args, Cap.ENGAGEMENT_ANSWER)
    booked = dropin_slot_withdraw(
        slot=slot, actor=user, reason=args.reason, runs=runs, version=args.version
    )
    print("Withdrew the slot" + ("; the person who booked it is told." if booked else "."))
    return EXIT_OK


def register(commands: Commands) -> None:
    from thrive.core.commands import add_change_options

    slots = commands.add_group("dropins", help="support drop-in slots (their host or the lead)")
    p = slots.add_parser("move", help="move a slot still to come (a booker gets the update)")
    add_change_options(p)
    p.add_argument("--slot", type=int, required=True, help="the slot's number")
    p.add_argument("--starts", required=True, help="new start, YYYY-MM-DD HH:MM")
    p.add_argument("--minutes", type=int, help="new length (default: unchanged)")
    p.add_argument("--place", help="new place (default: unchanged)")
    p.set_defaults(func=cmd_dropins_move)
    p = slots.add_parser(
        "withdraw", help="withdraw a slot still to come (kept, withdrawn, with the reason)"
    )
    add_change_options(p)
    p.add_argument("--slot", type=int, required=True, help="the slot's number")
    p.add_argument("--reason", required=True, help="why (kept with the slot)")
    p.set_defaults(func=cmd_dropins_withdraw)
    survey = commands.add_group("survey", help="staff surveys and their results")
    p = survey.add_parser(
        "results",
        help="results by team, service or profession; groups under the council's minimum "
        "(directly or by subtraction) shown as null with the reason",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--survey", metavar="NAME", help="the survey wave (default: the latest)")
    p.add_argument("--by", choices=["team", "service", "profession"], default="team")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    add_as_option(p)
    p.set_defaults(func=cmd_survey_results)
