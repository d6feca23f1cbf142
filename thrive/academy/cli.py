"""`thrive academy enrol` (enrol the newly qualified social workers the register holds) and
`thrive academy report` (cohorts, ASYE progress, retention by cohort, the grown-our-own share)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from typing import Any

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
                "declined_on": p.declined_on.isoformat() if p.declined_on else None,
                "declined_reason": p.declined_reason,
                "version": p.version,
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
            "declined_on",
            "declined_reason",
            "version",
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


def _person_plan(
    args: argparse.Namespace, statuses: tuple[str, ...], capability: str
) -> tuple[Any, Any]:
    """The acting person and the plan of ``--person`` (staff ID) in one of *statuses* that they
    may decline or re-open: their own, or as the person's line manager or the academy lead."""
    from thrive.academy import policy, selectors
    from thrive.core.errors import ThriveError
    from thrive.core.permissions import access_for

    org = organisation(args.org)
    user = acting_user(args, org, capability)
    access = access_for(user, org)
    found = (
        selectors.progression_plans(org)
        .prefetch_related("person__spells__line_manager")
        .filter(person__staff_id=args.person, status__in=statuses)
        .first()
    )
    if found is None:
        raise ThriveError(f"{args.person} has no progression plan that can be changed so.")
    if not policy.declines_for(access, found):
        raise ThriveError(
            f"{args.as_user} may not record this for {args.person}: the person themselves, "
            "their line manager or the academy lead may."
        )
    return user, found


def cmd_academy_decline(args: argparse.Namespace) -> int:
    """Record that a person declines progression (usually their manager, on their behalf)."""
    from thrive.academy.models import ProgressionStatus
    from thrive.academy.services import plan_decline
    from thrive.core import clock

    user, found = _person_plan(
        args, (ProgressionStatus.PLANNING, ProgressionStatus.APPLIED), Cap.ACADEMY_VIEW
    )
    done = plan_decline(
        plan=found,
        on=args.on or clock.today(),
        reason=args.reason,
        note=args.note,
        version=args.version,
        actor=user,
    )
    print(
        f"{done.person} declined progression towards {done.level.name} on "
        f"{done.declined_on:%Y-%m-%d} (version {done.version})."
    )
    return EXIT_OK


def cmd_academy_reopen(args: argparse.Namespace) -> int:
    """Re-open a person's declined progression plan."""
    from thrive.academy.models import ProgressionStatus
    from thrive.academy.services import plan_reopen

    user, found = _person_plan(args, (ProgressionStatus.DECLINED,), Cap.ACADEMY_VIEW)
    done = plan_reopen(
        plan=found,
        version=args.version,
        actor=user,
    )
    print(f"{done.person}'s plan towards {done.level.name} is open again (version {done.version}).")
    return EXIT_OK


def cmd_academy_talent(args: argparse.Namespace) -> int:
    """The talent pool: close the register's leavers, rank the pool for each vacant manager
    post, and with --offer send each shortlist not yet offered to the vacancy's recruiter."""
    from thrive.academy import selectors_pipeline as sel
    from thrive.academy.services.pipeline import pool_leavers_record, shortlists_offer_due
    from thrive.core import clock

    org = organisation(args.org)
    user = acting_user(args, org, Cap.ACADEMY_MANAGE)
    today = clock.today()
    left = pool_leavers_record(organisation=org, on=today, actor=user)
    if left:
        print(f"{len(left)} in the pool have left the council.", file=sys.stderr)
    if args.offer:
        done = shortlists_offer_due(organisation=org, on=today, actor=user)
        print(f"{len(done)} shortlists offered to recruiters.", file=sys.stderr)
    vacancies = sel.manager_vacancies_of(org)
    offered = sel.offers_for([v.pk for v in vacancies])
    rows: list[dict[str, Any]] = []
    for v in vacancies:
        ranked = sel.shortlist(v, today)
        offer = offered.get(v.pk)
        rows.append(
            {
                "vacancy": v.pk,
                "title": v.title,
                "team": v.team.name,
                "status": v.status,
                "offered_on": offer.offered_on.isoformat() if offer else None,
                "shortlist": [
                    {"rank": n, "name": r.name, "score": r.score, "reasons": list(r.reasons)}
                    for n, r in enumerate(ranked, start=1)
                ],
            }
        )
    figures = sel.figures(org, today)
    data = {
        "organisation": org.code,
        "on": today.isoformat(),
        "figures": {
            "ready_now": figures.ready_now,
            "ready_12": figures.ready_12,
            "appointed_last_12_months": figures.appointed,
            "left": figures.left,
            "withdrawn": figures.withdrawn,
            "manager_appointments_last_12_months": figures.manager_appointments,
            "share_from_pool": figures.share,
        },
        "pool": [
            {
                "person": m.person.full_name,
                "staff_id": m.person.staff_id,
                "readiness": m.readiness,
                "status": m.status,
                "joined_on": m.joined_on.isoformat(),
                "outcome_on": m.outcome_on.isoformat() if m.outcome_on else None,
            }
            for m in sel.pool(org)
        ],
        "vacancies": rows,
    }
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["vacancy", "title", "rank", "name", "score", "reasons", "offered_on"])
        for row in rows:
            for r in row["shortlist"]:
                writer.writerow(
                    [
                        row["vacancy"],
                        row["title"],
                        r["rank"],
                        r["name"],
                        r["score"],
                        "; ".join(r["reasons"]),
                        row["offered_on"] or "",
                    ]
                )
    return EXIT_OK


def cmd_academy_mentoring(args: argparse.Namespace) -> int:
    """Mentoring coverage by skill, and each open request with its best suggested mentor."""
    from dataclasses import asdict

    from thrive.academy import selectors_mentoring as sel
    from thrive.core import clock

    org = organisation(args.org)
    acting_user(args, org, Cap.ACADEMY_MANAGE)
    today = clock.today()
    c = sel.coverage(org, today)
    waiting = []
    for request in sel.open_requests(org):
        suggested = sel.suggestions(request, today)
        waiting.append(
            {
                "person": request.person.full_name,
                "skill": request.skill.name,
                "asked_on": request.asked_on.isoformat(),
                "best_match": suggested[0].name if suggested else None,
                "reasons": list(suggested[0].reasons) if suggested else [],
            }
        )
    data = {
        "organisation": org.code,
        "requests": c.requests,
        "matched": c.matched,
        "matched_share": c.matched_share,
        "meetings": c.meetings,
        "outcomes": c.outcomes,
        "skills": [asdict(r) for r in c.rows],
        "waiting": waiting,
    }
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        keys = ["skill", "offers", "champions", "requests_open", "requests_matched"]
        keys += ["pairs_open", "pairs_closed"]
        writer.writerow(keys)
        for row in data["skills"]:
            writer.writerow([row[k] for k in keys])
    return EXIT_OK


def register(commands: Commands) -> None:
    from thrive.academy.models import DeclineReason
    from thrive.core.commands import add_change_options

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
    p = academy.add_parser(
        "decline",
        help="record that a person declines progression (their manager on their behalf)",
    )
    add_change_options(p)
    p.add_argument("--person", required=True, metavar="STAFF_ID", help="their staff ID")
    p.add_argument("--reason", required=True, choices=DeclineReason.values)
    p.add_argument("--note", default="", help="in their words (needed for 'other')")
    p.add_argument("--on", type=_date, help="the day they declined (default today)")
    p.set_defaults(func=cmd_academy_decline)
    p = academy.add_parser("reopen", help="re-open a person's declined progression plan")
    add_change_options(p)
    p.add_argument("--person", required=True, metavar="STAFF_ID", help="their staff ID")
    p.set_defaults(func=cmd_academy_reopen)
    p = academy.add_parser(
        "talent",
        help="the talent pool: leavers closed, a ranked shortlist for each vacant manager post",
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument(
        "--offer",
        action="store_true",
        help="email each shortlist not yet offered to its vacancy's recruiter (before advertising)",
    )
    add_as_option(p)
    p.set_defaults(func=cmd_academy_talent)
    p = academy.add_parser(
        "mentoring", help="mentoring coverage by skill and each open request's best match"
    )
    p.add_argument("--org", required=True, help="council code")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    add_as_option(p)
    p.set_defaults(func=cmd_academy_mentoring)
