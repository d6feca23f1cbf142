"""`thrive reminders send`: the day's supervision reminders, by email."""

from __future__ import annotations

import argparse

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


def register(commands: Commands) -> None:
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
