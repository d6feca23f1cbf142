"""`thrive reminders send`: the day's supervision reminders, by email."""

from __future__ import annotations

import argparse
from typing import Any

from thrive.core import clock
from thrive.core.commands import Commands, organisation, progress
from thrive.core.errors import ThriveError


def cmd_reminders_send(args: argparse.Namespace) -> int:
    from datetime import date

    from thrive.core.outbox import outbox_retry
    from thrive.people.models import Organisation
    from thrive.supervision.reminders import reminders_send

    try:
        on = date.fromisoformat(args.on) if args.on else clock.today()
    except ValueError as exc:
        raise ThriveError("--on must be a date such as 2026-11-23.") from exc
    orgs = [organisation(args.org)] if args.org else list(Organisation.objects.order_by("code"))
    from thrive.learning.programmes import invitations_send
    from thrive.learning.registration import cpd_reminders_send

    for org in orgs:
        if not args.dry_run:
            retried, failing = outbox_retry(organisation=org)
            if retried or failing:
                print(f"{org.name}: {retried} earlier email(s) sent now, {failing} still failing.")
        questionnaires = invitations_send(org, on, dry_run=args.dry_run, progress=progress)
        cpd = cpd_reminders_send(org, on, dry_run=args.dry_run)
        if cpd:
            verb = "would remind" if args.dry_run else "reminded"
            who = "1 person" if len(cpd) == 1 else f"{len(cpd)} people"
            print(f"{org.name}: {verb} {who} about their CPD.")
        if questionnaires:
            verb = "would send" if args.dry_run else "sent"
            print(f"{org.name}: {verb} {questionnaires} programme questionnaire(s).")
        outbox = reminders_send(org, on, dry_run=args.dry_run, progress=progress)
        if args.dry_run:
            for to, subject, _ in outbox.messages:
                print(f"{org.code}  would email {to}: {subject}")
        print(
            f"{org.name}: {outbox.sent} sent, {outbox.skipped} already sent today, "
            f"{len(outbox.messages)} due."
        )
    return 0


def _supervision_session(org: Any, pk: int) -> Any:
    from thrive.supervision.selectors.records import supervision_session

    found = supervision_session(org, pk)
    if found is None:
        raise ThriveError(f"There is no supervision session {pk} at {org.name}.")
    return found


def _manager_access(args: argparse.Namespace, capability: str) -> tuple[Any, Any]:
    """The person's access and the session, refused unless the person is its supervisor or
    manages its team or service (as on the session's page)."""
    from thrive.core.commands import acting_user
    from thrive.core.permissions import access_for
    from thrive.supervision.services.sessions import may_manage_session

    org = organisation(args.org)
    user = acting_user(args, org, capability)
    access = access_for(user, org)
    session = _supervision_session(org, args.session)
    if not may_manage_session(access, session):
        raise ThriveError(f"{args.as_user} is not the supervisor and does not manage the team.")
    return access, session


def cmd_supervision_session_move(args: argparse.Namespace) -> int:
    """Move a booked session through the page's service: its checks, invitations and audit."""
    from thrive.core.commands import moment
    from thrive.core.roles import Cap
    from thrive.supervision.services.sessions import session_move

    access, session = _manager_access(args, Cap.SUPERVISION_RECORD)
    starts = moment(args.starts)
    moved = session_move(
        access=access,
        session=session,
        starts_at=starts,
        planned_minutes=args.minutes or session.planned_minutes,
        location=session.location if args.location is None else args.location,
        version=args.version,
    )
    print(f"Moved the session to {starts:%Y-%m-%d %H:%M} (version {moved.version}).")
    return 0


def cmd_supervision_session_cancel(args: argparse.Namespace) -> int:
    from thrive.core.roles import Cap
    from thrive.supervision.selectors import invitation_recipients
    from thrive.supervision.services.sessions import session_cancel

    access, session = _manager_access(args, Cap.SUPERVISION_RECORD)
    cancelled = session_cancel(access=access, session=session, version=args.version)
    told = len(invitation_recipients(cancelled))
    print(f"Cancelled the session (version {cancelled.version}); {told} sent the cancellation.")
    return 0


def register(commands: Commands) -> None:
    from thrive.core.commands import add_change_options

    supervision = commands.add_group("supervision", help="supervision sessions")
    p = supervision.add_parser(
        "session-move",
        help="move a booked session still to come (everyone in it is sent the updated invitation)",
    )
    add_change_options(p)
    p.add_argument("--session", type=int, required=True, help="the session's number")
    p.add_argument("--starts", required=True, help="new start, YYYY-MM-DD HH:MM")
    p.add_argument("--minutes", type=int, help="planned length (default: unchanged)")
    p.add_argument("--location", help="new place (default: unchanged)")
    p.set_defaults(func=cmd_supervision_session_move)
    p = supervision.add_parser(
        "session-cancel", help="cancel a booked session (everyone in it is sent the cancellation)"
    )
    add_change_options(p)
    p.add_argument("--session", type=int, required=True, help="the session's number")
    p.set_defaults(func=cmd_supervision_session_cancel)
    reminders = commands.add_group(
        "reminders", help="daily reminders: supervision and questionnaires (run by your scheduler)"
    )
    p = reminders.add_parser(
        "send",
        help="send any email that failed earlier, then email supervisors what is due or "
        "overdue, supervisees records to agree, programme participants their "
        "questionnaires, and social workers short of CPD as their registration year ends",
    )
    p.add_argument("--org", help="one council's code (default: every council)")
    p.add_argument("--on", help="the day to work out reminders for (default: today)")
    p.add_argument(
        "--dry-run", action="store_true", help="print who would be emailed; send nothing"
    )
    p.set_defaults(func=cmd_reminders_send)
