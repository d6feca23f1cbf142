"""`thrive survey results` (figures by team, service or profession, hidden below the council's
minimum group, directly or by difference). The `survey_responses` kind of `thrive import` is in
``imports.py``."""

from __future__ import annotations

import argparse
import csv
import json
import sys

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


def register(commands: Commands) -> None:
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
