"""`thrive recruitment report`: applications by channel (with how far each channel's candidates
got), by stage, and equality by stage (the whole council's only), for the council or, with --as,
within that person's scope."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from typing import Any

from thrive.core.commands import EXIT_OK, Commands, acting_user, add_as_option, organisation
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-04-01") from None


def cmd_recruitment_report(args: argparse.Namespace) -> int:
    from thrive.core.permissions import access_for
    from thrive.recruitment.selectors import (
        channel_report,
        recruitment_teams,
        shown,
        stage_counts,
    )

    org = organisation(args.org)
    user = acting_user(args, org, Cap.RECRUITMENT_VIEW)
    access = access_for(user, org) if user is not None else None
    if args.region:
        return _region_report(args, org, access)
    team_ids = None
    if args.team:
        from thrive.people.models import Team

        team = Team.objects.for_org(org).filter(name__iexact=args.team).first()
        if team is None:
            raise ThriveError(f"There is no team called '{args.team}' in {org.name}.")
        if access is not None and not recruitment_teams(access).filter(pk=team.pk).exists():
            raise ThriveError(f"{args.as_user} may not see the recruitment of {team.name}.")
        team_ids = [team.pk]
    period = {"start": args.start, "end": args.end, "team_ids": team_ids}
    channels = [r.shown() for r in channel_report(access, organisation=org, **period)]
    stages = {k: shown(v) for k, v in stage_counts(access, organisation=org, **period).items()}
    equality = _equality(args, org, access)
    trend = _time_to_hire(args, org, access, team_ids)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "channels": channels,
                    "stages": stages,
                    "equality": equality,
                    "time_to_hire": trend,
                },
                indent=2,
            )
        )
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        columns = [
            "channel",
            "kind",
            "applications",
            "shortlisted",
            "offered",
            "starters",
            "left_in_probation",
        ]
        writer.writerow(columns)
        for row in channels:
            writer.writerow([row[c] for c in columns])
        writer.writerow([])
        writer.writerow(["stage", "applications"])
        for stage, count in stages.items():
            writer.writerow([stage, count])
        if equality:
            writer.writerow([])
            writer.writerow(list(equality[0]))
            for row in equality:
                writer.writerow(["" if v is None else v for v in row.values()])
        writer.writerow([])
        writer.writerow(list(trend[0]) if trend else ["period"])
        for row in trend:
            writer.writerow(["" if v is None else v for v in row.values()])
    return EXIT_OK


def _time_to_hire(
    args: argparse.Namespace, org: Any, access: Any, team_ids: list[int] | None
) -> list[dict[str, Any]]:
    """The time-to-hire trend for offers accepted from --from to --to (the last twelve months,
    or eight quarters, up to today when not given), by --by."""
    from thrive.core import clock
    from thrive.recruitment.selectors.time_to_hire import default_window, time_to_hire

    start, end = default_window(clock.today(), args.by)
    start, end = args.start or start, args.end or end
    if end < start:  # e.g. --from after today: no period to show
        return []
    rows = time_to_hire(
        access, organisation=org, start=start, end=end, by=args.by, team_ids=team_ids
    )
    return [r.as_dict() for r in rows]


def _equality(args: argparse.Namespace, org: Any, access: Any) -> list[dict[str, Any]] | None:
    """Equality by stage, as on the equality page: for the whole council only (not with --team,
    nor for someone who sees part of it); None, with the reason on stderr, otherwise."""
    from thrive.recruitment import policy
    from thrive.recruitment.selectors.equality import equality_rows, equality_tables

    if args.team or (access is not None and not policy.sees_whole_council(access)):
        print("Equality by stage is for the whole council only: left out.", file=sys.stderr)
        return None
    from thrive.core import clock
    from thrive.recruitment.selectors.equality import workforce_tables

    tables = equality_tables(access, start=args.start, end=args.end, organisation=org)

    # The workforce by grade, as on the page: characteristic "workforce" (by ethnic group),
    # "workforce_gender" and "workforce_age", the grade as stage, and "Not given" (not recorded)
    # a row of each grade, as for the stages.
    def line(
        key: str, grade: str, group: str, count: int | None, share: Any, residents: Any
    ) -> dict[str, Any]:
        return {
            "characteristic": "workforce" if key == "ethnicity" else f"workforce_{key}",
            "stage": grade,
            "group": group,
            "count": count,
            "share": round(share, 4) if share is not None else None,
            "share_stage_before": None,
            "residents": round(residents, 4) if residents is not None else None,
            "selection_rate": None,
            "ratio": None,
            "ratio_low": None,
            "ratio_high": None,
            "under_four_fifths": False,
        }

    workforce = []
    for table in workforce_tables(org, clock.today()):
        for row in table.rows:
            k = table.key
            workforce += [
                line(k, row.grade, c.group, c.count, c.share, c.population) for c in row.cells
            ]
            workforce.append(line(k, row.grade, "Not given", row.not_given, None, None))
    return equality_rows(tables) + workforce


def _region_report(args: argparse.Namespace, org: Any, access: Any) -> int:
    """The channels across the council's region (whole-council readers only)."""
    from thrive.recruitment import policy
    from thrive.recruitment.selectors import region_channel_report

    if args.team:
        raise ThriveError("--region covers whole councils: leave out --team.")
    if access is not None and not policy.sees_whole_council(access):
        raise ThriveError(f"{args.as_user} may not see the whole council's recruitment.")
    rows, councils = region_channel_report(org, start=args.start, end=args.end)

    def cell(n: int | None) -> str:
        return "fewer than 5" if n is None else str(n)

    out = [
        {
            "kind": r.kind,
            "councils": r.councils,
            **{f"region_{m}": cell(r.region[m]) for m in r.region},
            **{f"own_{m}": cell(r.own[m]) for m in r.own},
        }
        for r in rows
    ]
    if args.format == "json":
        print(json.dumps({"region": org.region, "councils": councils, "channels": out}, indent=2))
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(out[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    return EXIT_OK


def _managed_panel(args: argparse.Namespace, capability: str) -> tuple[Any, Any]:
    """The person and the panel, refused unless the panel is in their scope and they manage
    the recruitment of its vacancy's team (as on the panel's page)."""
    from thrive.core.permissions import access_for
    from thrive.recruitment import policy
    from thrive.recruitment.selectors.panels import panel_for

    org = organisation(args.org)
    user = acting_user(args, org, capability)
    access = access_for(user, org)
    panel = panel_for(access, args.panel)
    if panel is None:
        raise ThriveError(f"There is no panel {args.panel} that {args.as_user} can see.")
    if not policy.manages_recruitment_in(access, panel.vacancy.team):
        raise ThriveError(f"{args.as_user} does not manage the recruitment of this team.")
    return user, panel


def cmd_recruitment_panel_move(args: argparse.Namespace) -> int:
    """Move a panel through the page's service: its checks, invitations and audit."""
    from thrive.recruitment.services import panel_move

    user, panel = _managed_panel(args, Cap.RECRUITMENT_MANAGE)
    try:
        sits_on = date.fromisoformat(args.starts)
    except ValueError as exc:
        raise ThriveError(f"'{args.starts}' is not a date such as 2026-07-01.") from exc
    told = panel_move(panel=panel, sits_on=sits_on, actor=user, version=args.version)
    print(f"Moved {panel} to {sits_on:%Y-%m-%d}; {told} sent the updated invitation.")
    return EXIT_OK


def cmd_recruitment_panel_call_off(args: argparse.Namespace) -> int:
    from thrive.recruitment.services import panel_call_off

    user, panel = _managed_panel(args, Cap.RECRUITMENT_MANAGE)
    told = panel_call_off(panel=panel, actor=user, reason=args.reason, version=args.version)
    print(f"Called off {panel}; {told} sent the cancellation.")
    return EXIT_OK


def cmd_recruitment_panel_moderate(args: argparse.Namespace) -> int:
    """The chair's moderation of one candidate, through the page's service (only the chair,
    only once every sheet is in; version-checked; audited)."""
    from thrive.recruitment.selectors.panels import my_seat, panel_candidate
    from thrive.recruitment.services import candidate_moderate

    org = organisation(args.org)
    user = acting_user(args, org, Cap.RECRUITMENT_PANEL)
    seat = my_seat(user, org, args.panel)
    if seat is None:
        raise ThriveError(f"{args.as_user} does not sit on an open panel {args.panel}.")
    application = panel_candidate(seat.panel, args.application)
    if application is None:
        raise ThriveError(f"Application {args.application} is not before this panel.")
    scores: dict[int, tuple[int, str]] = {}
    for given in args.score:
        question, _, rest = given.partition("=")
        value, _, note = rest.partition(":")
        if not (question.isdigit() and value.isdigit()):
            raise ThriveError(f"--score '{given}' is not QUESTION=SCORE or QUESTION=SCORE:NOTE.")
        scores[int(question)] = (int(value), note)
    panellists = list(seat.panel.panellists.all())
    unknown = set(args.shaped_by) - {p.pk for p in panellists}
    if unknown:
        raise ThriveError(f"--shaped-by {sorted(unknown)}: not panellists of this panel.")
    record = candidate_moderate(
        panel=seat.panel,
        application=application,
        actor=user,
        scores=scores,
        outcome=args.outcome,
        reasons=args.reasons,
        shaped_by=[p for p in panellists if p.pk in set(args.shaped_by)],
        version=args.version or None,
    )
    total = sum(s.score for s in record.scores.all())
    print(
        f"{application.candidate_name}: {record.get_outcome_display().lower()}, agreed total "
        f"{total} (version {record.version})."
    )
    return EXIT_OK


def cmd_recruitment_vacancy_kind(args: argparse.Namespace) -> int:
    """Change a vacancy's kind of post through the page's service (its checks and audit)."""
    from thrive.core.permissions import access_for
    from thrive.recruitment import policy
    from thrive.recruitment.selectors import vacancy_for
    from thrive.recruitment.services import vacancy_kind_change

    org = organisation(args.org)
    user = acting_user(args, org, Cap.RECRUITMENT_MANAGE)
    access = access_for(user, org)
    vacancy = vacancy_for(access, args.vacancy)
    if vacancy is None:
        raise ThriveError(f"There is no vacancy {args.vacancy} that {args.as_user} can see.")
    if not policy.manages_recruitment_in(access, vacancy.team):
        raise ThriveError(f"{args.as_user} does not manage the recruitment of this team.")
    changed = vacancy_kind_change(vacancy=vacancy, role=args.role, version=args.version, actor=user)
    steps = "; ".join(changed.selection_steps) or "none"
    print(
        f"{changed.title}: now {changed.get_role_display().lower()} (version {changed.version}); "
        f"selection: {steps}."
    )
    return EXIT_OK


def register(commands: Commands) -> None:
    from thrive.core.commands import add_change_options

    recruitment = commands.add_group("recruitment", help="vacancies, applications and channels")
    p = recruitment.add_parser(
        "report",
        help="applications by channel, by stage and equality by stage (1 to 4 hidden)",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--from", dest="start", type=_date, help="applied on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=_date, help="applied on or before (YYYY-MM-DD)")
    p.add_argument("--team", help="one team's vacancies only")
    p.add_argument(
        "--region",
        action="store_true",
        help="by kind of channel across the councils of the council's region, beside its own",
    )
    p.add_argument(
        "--by",
        choices=["month", "quarter"],
        default="month",
        help="the time-to-hire trend's periods (offers accepted in each, within --from/--to)",
    )
    p.add_argument("--format", choices=["json", "csv"], default="csv")
    add_as_option(p)
    p.set_defaults(func=cmd_recruitment_report)
    from thrive.recruitment.cli_council import register_council

    register_council(recruitment)
    p = recruitment.add_parser(
        "panel-move", help="move a panel still to sit (everyone on it is sent the update)"
    )
    add_change_options(p)
    p.add_argument("--panel", type=int, required=True, help="the panel's number")
    p.add_argument("--on", dest="starts", required=True, help="the new day, YYYY-MM-DD")
    p.set_defaults(func=cmd_recruitment_panel_move)
    p = recruitment.add_parser(
        "panel-call-off",
        help="call off a panel before anyone scores (kept, called off, with the reason)",
    )
    add_change_options(p)
    p.add_argument("--panel", type=int, required=True, help="the panel's number")
    p.add_argument("--reason", required=True, help="why (kept with the panel)")
    p.set_defaults(func=cmd_recruitment_panel_call_off)
    from thrive.recruitment.models import Outcome

    p = recruitment.add_parser(
        "panel-moderate",
        help="the chair records a candidate's agreed scores and outcome once every sheet is in",
    )
    add_change_options(p)
    p.add_argument("--panel", type=int, required=True, help="the panel's number")
    p.add_argument("--application", type=int, required=True, help="the candidate's application")
    p.add_argument(
        "--score",
        action="append",
        default=[],
        metavar="QUESTION=SCORE[:NOTE]",
        help="an agreed score per question (a note where outside the panellists' range)",
    )
    p.add_argument("--outcome", required=True, choices=Outcome.values)
    p.add_argument("--reasons", required=True, help="the reasons for the outcome")
    p.add_argument(
        "--shaped-by", type=int, nargs="+", required=True, help="the panellists who shaped it"
    )
    p.set_defaults(func=cmd_recruitment_panel_moderate)
    from thrive.recruitment.post_kinds import VacancyRole

    p = recruitment.add_parser(
        "vacancy-kind",
        help="change the kind of post of a vacancy not yet filled or closed",
    )
    add_change_options(p)
    p.add_argument("--vacancy", type=int, required=True, help="the vacancy's number")
    p.add_argument("--role", required=True, choices=VacancyRole.values, help="the kind of post")
    p.set_defaults(func=cmd_recruitment_vacancy_kind)
