"""`thrive recruitment ...` for the jobs portal (public), the council's channels, referrals and
registrations of interest: the pages' reads and the writes a council would script, with the
pages' permissions under ``--as`` (see :mod:`thrive.recruitment.policy`)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from thrive.core.commands import (
    EXIT_OK,
    acting_user,
    add_as_option,
    add_version_option,
    organisation,
)
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-04-01") from None


def _amount(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{value}' is not an amount like 500 or 250.50") from None


def _out(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2, default=str))
        return
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _council(args: argparse.Namespace, capability: str) -> tuple[Any, Any, Any]:
    """The council, the person acting (None: the operator) and their access."""
    from thrive.core.permissions import access_for

    org = organisation(args.org)
    user = acting_user(args, org, capability)
    return org, user, access_for(user, org) if user is not None else None


def _keeper(args: argparse.Namespace, capability: str) -> tuple[Any, Any]:
    """The council and the person acting, who must keep its lists (whole-council recruiters)."""
    from thrive.recruitment import policy

    org, user, access = _council(args, capability)
    if access is not None and not policy.keeps_council_lists(access):
        raise ThriveError(f"{args.as_user} may not keep the whole council's recruitment lists.")
    return org, user


def _someone(args: argparse.Namespace, user: Any) -> Any:
    if user is None:
        raise ThriveError("Say who records this with --as EMAIL (it is kept with the record).")
    return user


def cmd_jobs(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.urls import reverse

    from thrive.recruitment.selectors import PortalFilters, open_vacancies

    rows = open_vacancies(
        PortalFilters(
            text=args.q or "",
            region=args.region or "",
            council=args.council or "",
            pay=args.pay,
            role=args.role or "",
        )
    )
    _out(
        [
            {
                "council_code": v.organisation.code,
                "council": v.organisation.name,
                "title": v.title,
                "team": v.team.name,
                "grade": v.grade,
                "salary_min": v.salary_min,
                "salary_max": v.salary_max,
                "closing_date": v.closing_date.isoformat(),
                "url": settings.THRIVE_BASE_URL
                + reverse("recruitment:job", args=[v.organisation.code, v.pk]),
            }
            for v in rows
        ],
        args.format,
    )
    return EXIT_OK


def cmd_channels(args: argparse.Namespace) -> int:
    from thrive.recruitment import policy
    from thrive.recruitment.selectors.applications import channels_all_of

    org, _, access = _council(args, Cap.RECRUITMENT_VIEW)
    if access is not None and not policy.sees_whole_council(access):
        raise ThriveError(f"{args.as_user} may not see the whole council's recruitment.")
    _out(
        [
            {
                "id": c.pk,
                "name": c.name,
                "kind": c.kind,
                "platform": c.platform,
                "offered": c.active,
                "applications": getattr(c, "used", 0),
                "version": c.version,
            }
            for c in channels_all_of(org)
        ],
        args.format,
    )
    return EXIT_OK


def cmd_channel_add(args: argparse.Namespace) -> int:
    from thrive.recruitment.services import channel_add

    org, user = _keeper(args, Cap.RECRUITMENT_MANAGE)
    channel = channel_add(
        organisation=org, actor=user, name=args.name, kind=args.kind, platform=args.platform
    )
    print(f"Added channel {channel.pk}: {channel.name}.")
    return EXIT_OK


def cmd_channel_change(args: argparse.Namespace) -> int:
    from thrive.recruitment.selectors.applications import channel_of
    from thrive.recruitment.services import channel_change

    org, user = _keeper(args, Cap.RECRUITMENT_MANAGE)
    channel = channel_of(org, args.id)
    if channel is None:
        raise ThriveError(
            f"{org.name} has no channel {args.id}. See 'thrive recruitment channels'."
        )
    changed = channel_change(
        channel=channel,
        actor=user,
        version=args.version,
        name=args.name if args.name is not None else channel.name,
        kind=args.kind or channel.kind,
        platform=args.platform if args.platform is not None else channel.platform,
        active=channel.active if args.offered is None else args.offered == "yes",
    )
    print(
        f"Channel {changed.pk} is saved: {changed.name}"
        + ("" if changed.active else " (not offered).")
    )
    return EXIT_OK


def cmd_referrals(args: argparse.Namespace) -> int:
    from thrive.core import clock
    from thrive.recruitment.selectors.referrals import referral_rows

    org, _ = _keeper(args, Cap.RECRUITMENT_MANAGE)
    _out(
        [
            {
                "application": r.application.pk,
                "candidate": r.application.candidate_name,
                "vacancy": r.application.vacancy.title,
                "applied_on": r.application.applied_on.isoformat(),
                "referred_by": r.referrer,
                "reward": str(r.reward.amount) if r.reward is not None else "",
                "due_on": r.due_on.isoformat() if r.due_on else "",
                "status": str(r.status),
                "why": r.why,
            }
            for r in referral_rows(org, on=clock.today())
        ],
        args.format,
    )
    return EXIT_OK


def cmd_referral_pay(args: argparse.Namespace) -> int:
    from thrive.recruitment.selectors.referrals import referral_application
    from thrive.recruitment.services import referral_reward_pay

    org, user = _keeper(args, Cap.RECRUITMENT_MANAGE)
    found = referral_application(org, args.application)
    if found is None:
        raise ThriveError(f"Application {args.application} is not a referral at {org.name}.")
    payment = referral_reward_pay(
        application=found, actor=_someone(args, user), paid_on=args.paid_on
    )
    print(f"£{payment.amount} for referring {found.candidate_name} is paid on {payment.paid_on}.")
    return EXIT_OK


def cmd_referral_reward(args: argparse.Namespace) -> int:
    from thrive.recruitment.services import referral_reward_set

    org, user = _keeper(args, Cap.RECRUITMENT_MANAGE)
    reward = referral_reward_set(
        organisation=org,
        actor=_someone(args, user),
        effective_from=args.start,
        amount=args.amount,
        due=args.due,
        probation_months=args.probation_months,
        conditions=args.conditions,
    )
    print(f"The reward for referrals from {reward.effective_from} is £{reward.amount}.")
    return EXIT_OK


def cmd_interest(args: argparse.Namespace) -> int:
    from thrive.core.audit import audit_log
    from thrive.recruitment import policy
    from thrive.recruitment.selectors.interest import current_interest

    org, user, access = _council(args, Cap.RECRUITMENT_VIEW)
    if access is not None and not policy.sees_whole_council(access):
        raise ThriveError(f"{args.as_user} may not see the whole council's recruitment.")
    rows = list(current_interest(org))
    audit_log(
        action="recruitment.interest_read",
        user=user,
        organisation=org,
        summary="Registrations of interest from the command line",
        moves_data=False,
    )
    _out(
        [
            {
                "id": i.pk,
                "name": i.name,
                "email": i.email,
                "job_family": i.job_family,
                "area": i.area,
                "confirmed_at": i.confirmed_at.isoformat() if i.confirmed_at else "",
                "invited_to": i.invited_to_id or "",
            }
            for i in rows
        ],
        args.format,
    )
    return EXIT_OK


def cmd_interest_invite(args: argparse.Namespace) -> int:
    from thrive.recruitment import policy
    from thrive.recruitment.selectors.interest import current_interest, open_vacancies_of
    from thrive.recruitment.services import interest_invite

    org, user, access = _council(args, Cap.RECRUITMENT_MANAGE)
    if access is not None and not policy.sees_whole_council(access):
        raise ThriveError(f"{args.as_user} may not invite for the whole council.")
    interest = current_interest(org).filter(pk=args.interest).first()
    if interest is None:
        raise ThriveError(f"{org.name} has no current registration of interest {args.interest}.")
    vacancy = next((v for v in open_vacancies_of(org) if v.pk == args.vacancy), None)
    if vacancy is None:
        raise ThriveError(f"Vacancy {args.vacancy} is not open at {org.name}.")
    interest_invite(interest=interest, vacancy=vacancy, actor=user)
    print(f"{interest.name} is invited to apply for {vacancy.title}.")
    return EXIT_OK


def register_council(recruitment: Any) -> None:
    """Add the portal, channel, referral and interest actions to the ``recruitment`` group."""
    from thrive.recruitment.models import ChannelKind, RewardDue, VacancyRole

    def fmt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=["json", "csv"], default="csv")

    def council(p: argparse.ArgumentParser) -> None:
        p.add_argument("--org", required=True, help="council code")
        add_as_option(p)

    p = recruitment.add_parser("jobs", help="the jobs portal: every vacancy open now (no sign-in)")
    p.add_argument("--q", help="words in the title, grade or team")
    p.add_argument("--region", help="region as DfE writes it, e.g. 'West Midlands'")
    p.add_argument("--council", help="one council's code")
    p.add_argument("--pay", type=int, help="the top of the range at least this (£ a year)")
    p.add_argument("--role", choices=VacancyRole.values, help="the kind of post")
    fmt(p)
    p.set_defaults(func=cmd_jobs)

    p = recruitment.add_parser("channels", help="the council's channels, offered or not")
    council(p)
    fmt(p)
    p.set_defaults(func=cmd_channels)

    p = recruitment.add_parser("channel-add", help="add a channel candidates can choose")
    council(p)
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=ChannelKind.values)
    p.add_argument("--platform", default="", help="for social media, e.g. LinkedIn")
    p.set_defaults(func=cmd_channel_add)

    p = recruitment.add_parser(
        "channel-change", help="rename a channel, change its kind or platform, or stop offering it"
    )
    council(p)
    p.add_argument("--id", type=int, required=True, help="the channel's id (see 'channels')")
    p.add_argument("--name")
    p.add_argument("--kind", choices=ChannelKind.values)
    p.add_argument("--platform")
    p.add_argument("--offered", choices=["yes", "no"], help="offer it to candidates or not")
    add_version_option(p, "the channel's (see 'channels')")
    p.set_defaults(func=cmd_channel_change)

    p = recruitment.add_parser("referrals", help="refer-a-friend applications and their rewards")
    council(p)
    fmt(p)
    p.set_defaults(func=cmd_referrals)

    p = recruitment.add_parser("referral-pay", help="record a due referral reward paid")
    council(p)
    p.add_argument("--application", type=int, required=True)
    p.add_argument("--paid-on", dest="paid_on", type=_date, help="YYYY-MM-DD (today if left out)")
    p.set_defaults(func=cmd_referral_pay)

    p = recruitment.add_parser("referral-reward", help="set the referral reward from a date")
    council(p)
    p.add_argument("--from", dest="start", type=_date, required=True, help="referrals from")
    p.add_argument("--amount", type=_amount, required=True, help="£")
    p.add_argument("--due", choices=RewardDue.values, required=True)
    p.add_argument("--probation-months", dest="probation_months", type=int, default=6)
    p.add_argument("--conditions", default="")
    p.set_defaults(func=cmd_referral_reward)

    p = recruitment.add_parser("interest", help="confirmed registrations of interest (audited)")
    council(p)
    fmt(p)
    p.set_defaults(func=cmd_interest)

    p = recruitment.add_parser("interest-invite", help="invite a registration to apply")
    council(p)
    p.add_argument("--interest", type=int, required=True)
    p.add_argument("--vacancy", type=int, required=True, help="an open vacancy's id")
    p.set_defaults(func=cmd_interest_invite)
