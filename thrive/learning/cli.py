"""`thrive learning gaps` and `thrive learning cpd`: the council-wide learning views (mandatory
learning gaps by team; CPD status by team against the registration year) as a table, CSV or
Excel, with ``--as`` applying a person's permissions as the pages and the API do."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from thrive.core.commands import Commands, acting_user, add_as_option, organisation
from thrive.core.errors import ThriveError


def _scope(args: argparse.Namespace, capability: str, teams_of: Any, may: Any) -> Any:
    """The organisation, and the teams to report on (None: the whole council)."""
    from thrive.core.permissions import access_for
    from thrive.people.models import Team

    org = organisation(args.org)
    user = acting_user(args, org, capability)
    # Without --as the operator of the deployment sees the whole council.
    access = access_for(user, org) if user is not None else None
    if access is not None and not may(access):
        raise ThriveError(f"{args.as_user} may not see this for other people in {org.name}.")
    teams = None if access is None else teams_of(access)
    if args.team:
        team = Team.objects.for_org(org).filter(name__iexact=args.team).first()
        if team is None or (teams is not None and not teams.filter(pk=team.pk).exists()):
            raise ThriveError(f"There is no team called '{args.team}' that you may see.")
        teams = Team.objects.filter(pk=team.pk)
    return org, teams


def _write(args: argparse.Namespace, text: bytes | None, book: bytes, table: list[str]) -> None:
    if args.format == "xlsx" or (args.out and args.out.endswith(".xlsx")):
        if not args.out:
            raise ThriveError("Excel needs --out FILE.xlsx.")
        Path(args.out).write_bytes(book)
        print(f"Wrote {args.out}.")
    elif args.format == "csv":
        assert text is not None
        if args.out:
            Path(args.out).write_bytes(text)
            print(f"Wrote {args.out}.")
        else:
            sys.stdout.write(text.decode("utf-8-sig"))
    else:
        print("\n".join(table))


def cmd_learning_gaps(args: argparse.Namespace) -> int:
    from thrive.core import clock
    from thrive.core.roles import Cap
    from thrive.learning.exports import (
        GAPS_TEAM_HEADER,
        csv_bytes,
        gaps_team_rows,
        gaps_workbook,
    )
    from thrive.learning.policy import learning_gap_teams, sees_learning_gaps
    from thrive.learning.team_reports import mandatory_gaps_by_team

    org, teams = _scope(args, Cap.LEARNING_GAPS, learning_gap_teams, sees_learning_gaps)
    report = mandatory_gaps_by_team(org, clock.today(), teams)
    rows = gaps_team_rows(report)
    table = [f"Mandatory learning gaps, {org.name}, {report.on:%-d %B %Y}"]
    table += [f"{i.title}: {rule}" for i, rule in report.item_rules()]
    table += [f"{r[0]}  {r[1]}: {r[4]} of {r[3]} missing, {r[5]} running out" for r in rows]
    _write(args, csv_bytes(GAPS_TEAM_HEADER, rows), gaps_workbook(report, report.teams), table)
    return 0


def cmd_learning_cpd(args: argparse.Namespace) -> int:
    from thrive.core import clock
    from thrive.core.roles import Cap
    from thrive.learning.exports import (
        CPD_PEOPLE_HEADER,
        CPD_TEAM_HEADER,
        cpd_people_rows,
        cpd_team_rows,
        cpd_workbook,
        csv_bytes,
    )
    from thrive.learning.policy import cpd_teams, sees_team_cpd
    from thrive.learning.team_reports import cpd_status_by_team

    org, teams = _scope(args, Cap.CPD_VIEW, cpd_teams, sees_team_cpd)
    report = cpd_status_by_team(org, clock.today(), teams)
    people = report.filtered(None, args.status)
    text = (
        csv_bytes(CPD_PEOPLE_HEADER, cpd_people_rows(people))
        if args.people
        else csv_bytes(CPD_TEAM_HEADER, cpd_team_rows(report))
    )
    table = [f"CPD status by team, {org.name}, registration year {report.year_label}"]
    table += [
        f"{r[0]}: {r[1]} social workers, {r[2]} on track ({r[3]} met), {r[4]} at risk, "
        f"{r[5]} not started"
        for r in cpd_team_rows(report)
    ]
    _write(args, text, cpd_workbook(report, people), table)
    return 0


def _learning_session(org: Any, pk: int) -> Any:
    from thrive.learning.selectors import learning_session

    found = learning_session(org, pk)
    if found is None:
        raise ThriveError(f"There is no learning session {pk} at {org.name}.")
    return found


def cmd_learning_session_move(args: argparse.Namespace) -> int:
    """Move a session through the page's service: the same checks, invitations and audit."""
    from thrive.core.commands import moment
    from thrive.core.roles import Cap
    from thrive.learning.services.moves import session_move

    org = organisation(args.org)
    user = acting_user(args, org, Cap.LEARNING_MANAGE)
    session = _learning_session(org, args.session)
    starts = moment(args.starts)
    ends = moment(args.ends) if args.ends else starts + (session.ends_at - session.starts_at)
    told = session_move(
        session=session,
        starts_at=starts,
        ends_at=ends,
        venue=session.venue if args.venue is None else args.venue,
        online=session.online if args.online is None else args.online == "yes",
        actor=user,
        version=args.version,
    )
    print(f"Moved {session.item.title} to {starts:%Y-%m-%d %H:%M}; {told} told.")
    return 0


def cmd_learning_session_cancel(args: argparse.Namespace) -> int:
    from thrive.core.roles import Cap
    from thrive.learning.services.booking import session_cancel

    org = organisation(args.org)
    user = acting_user(args, org, Cap.LEARNING_MANAGE)
    session = _learning_session(org, args.session)
    told = session_cancel(session=session, reason=args.reason, actor=user, version=args.version)
    print(f"Cancelled {session.item.title}; {told} told.")
    return 0


def register(commands: Commands) -> None:
    from thrive.core.commands import add_change_options
    from thrive.learning.registration import CPD_STATUSES

    learning = commands.add_group(
        "learning", help="council-wide learning: mandatory gaps and CPD by team"
    )
    for name, func, helptext in (
        ("gaps", cmd_learning_gaps, "people missing each mandatory item, by team"),
        ("cpd", cmd_learning_cpd, "CPD on track, at risk or not started, by team"),
    ):
        p = learning.add_parser(name, help=helptext)
        p.add_argument("--org", required=True, help="council code")
        p.add_argument("--team", help="one team, by name")
        p.add_argument("--format", choices=["table", "csv", "xlsx"], default="table")
        p.add_argument("--out", help="write to this file (needed for xlsx)")
        add_as_option(p)
        if name == "cpd":
            p.add_argument("--status", choices=list(CPD_STATUSES), help="only these people")
            p.add_argument(
                "--people", action="store_true", help="CSV of the people, not the team counts"
            )
        p.set_defaults(func=func)
    p = learning.add_parser(
        "session-move",
        help="move a session still to come (everyone booked gets the updated invitation)",
    )
    add_change_options(p)
    p.add_argument("--session", type=int, required=True, help="the session's number")
    p.add_argument("--starts", required=True, help="new start, YYYY-MM-DD HH:MM")
    p.add_argument("--ends", help="new end (default: the same length as before)")
    p.add_argument("--venue", help="new venue (default: unchanged)")
    p.add_argument("--online", choices=["yes", "no"], help="online or not (default: unchanged)")
    p.set_defaults(func=cmd_learning_session_move)
    p = learning.add_parser(
        "session-cancel", help="cancel a session still to come (everyone booked is told)"
    )
    add_change_options(p)
    p.add_argument("--session", type=int, required=True, help="the session's number")
    p.add_argument("--reason", required=True, help="why (the people booked are told)")
    p.set_defaults(func=cmd_learning_session_cancel)
