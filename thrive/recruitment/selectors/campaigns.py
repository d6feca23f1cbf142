"""Campaigns' yield (applications, shortlists, offers, starters, still in post 12 months after
starting, cost per starter) and the recruiter's view (time to hire, stage conversion, offers
declined, outstanding checks, vacancies open longest)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from thrive.core import clock
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import EmploymentSpell
from thrive.recruitment.models import (
    Application,
    Campaign,
    DeclineReason,
    SaferCheck,
    Stage,
    Vacancy,
    VacancyStatus,
)

MINIMUM = 5


def shown(n: int) -> str:
    return "fewer than 5" if 0 < n < MINIMUM else str(n)


YEAR = timedelta(days=365)


def campaigns_of(access: Access) -> QuerySet[Campaign]:
    return (
        Campaign.objects.for_org(access.organisation)
        .select_related("channel")
        .order_by("-starts_on", "name", "pk")
    )


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    applications: int
    shortlisted: int
    offered: int
    starters: int
    year_on: int  # starters who have been in post a year or more by today
    still_in_post: int  # of those, in post on their first anniversary

    @property
    def counts(self) -> list[str]:
        """Applications, shortlisted, offered, starters, still in post a year on: as shown."""
        return [
            shown(n)
            for n in (
                self.applications,
                self.shortlisted,
                self.offered,
                self.starters,
                self.still_in_post,
            )
        ]

    @property
    def cost_per_starter(self) -> Decimal | None:
        """Hidden with fewer than five starters (it would give their number away)."""
        if self.starters < MINIMUM:
            return None
        return (self.campaign.cost / self.starters).quantize(Decimal("0.01"))


def campaign_report(access: Access) -> list[CampaignRow]:
    """Each campaign's yield within the applications *access* may see. Three queries."""
    campaigns = list(campaigns_of(access))
    if not campaigns:
        return []
    apps: list[dict[str, Any]] = [
        dict(row)
        for row in Application.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        .filter(channel_id__in={c.channel_id for c in campaigns})
        .values(
            "channel_id",
            "applied_on",
            "shortlisted_on",
            "offered_on",
            "start_date",
            "hired_id",
        )
    ]
    today = clock.today()
    anniversaries = {
        (a["hired_id"], a["start_date"] + YEAR)
        for a in apps
        if a["hired_id"] and a["start_date"] and a["start_date"] + YEAR <= today
    }
    in_post: set[tuple[int, date]] = set()
    if anniversaries:
        condition = Q()
        for person, day in anniversaries:
            condition |= Q(person_id=person, start_date__lte=day) & (
                Q(end_date__isnull=True) | Q(end_date__gt=day)
            )
        spells = EmploymentSpell.objects.filter(condition).values_list(
            "person_id", "start_date", "end_date"
        )
        for person, start, end in spells:
            for p, day in anniversaries:
                if p == person and start <= day and (end is None or end > day):
                    in_post.add((p, day))
    rows = []
    for c in campaigns:
        mine = [
            a
            for a in apps
            if a["channel_id"] == c.channel_id and c.starts_on <= a["applied_on"] <= c.ends_on
        ]
        year_on = [
            a for a in mine if a["hired_id"] and a["start_date"] and a["start_date"] + YEAR <= today
        ]
        rows.append(
            CampaignRow(
                campaign=c,
                applications=len(mine),
                shortlisted=sum(1 for a in mine if a["shortlisted_on"]),
                offered=sum(1 for a in mine if a["offered_on"]),
                starters=sum(1 for a in mine if a["start_date"]),
                year_on=len(year_on),
                still_in_post=len(
                    [a for a in year_on if (a["hired_id"], a["start_date"] + YEAR) in in_post]
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class RecruiterView:
    median_days_to_hire: float | None
    starters: int
    conversion: list[tuple[str, int]]  # stage reached, how many
    offers_declined: int
    declined_why: list[tuple[str, int]]  # each reason given, most given first
    offers_waiting_on_checks: int
    open_longest: list[Vacancy]


def recruiter_view(access: Access) -> RecruiterView:
    """The recruiter's numbers over the applications and vacancies *access* may see."""
    from thrive.recruitment.services.checks import required_checks

    apps = list(
        Application.objects.visible_to(access, Cap.RECRUITMENT_VIEW).select_related("vacancy")
    )
    hired = [a for a in apps if a.start_date]
    days = [(a.start_date - a.applied_on).days for a in hired if a.start_date]
    conversion = [
        ("Applied", len(apps)),
        ("Shortlisted", sum(1 for a in apps if a.shortlisted_on)),
        ("Interviewed", sum(1 for a in apps if a.interviewed_on)),
        ("Offered", sum(1 for a in apps if a.offered_on)),
        ("Accepted", sum(1 for a in apps if a.accepted_on)),
        ("Started", len(hired)),
    ]
    pending = [a for a in apps if a.stage in (Stage.OFFERED, Stage.ACCEPTED) and not a.start_date]
    done: dict[int, set[str]] = {}
    for app_id, kind in SaferCheck.objects.filter(
        application_id__in=[a.pk for a in pending]
    ).values_list("application_id", "kind"):
        done.setdefault(app_id, set()).add(kind)
    waiting = sum(1 for a in pending if set(required_checks(a)) - done.get(a.pk, set()))
    open_longest = list(
        Vacancy.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        .filter(status=VacancyStatus.OPEN)
        .select_related("team")
        .order_by("approved_at", "pk")[:5]
    )
    return RecruiterView(
        median_days_to_hire=statistics.median(days) if days else None,
        starters=len(hired),
        conversion=conversion,
        offers_declined=sum(1 for a in apps if a.stage == Stage.DECLINED),
        declined_why=_declined_why(apps),
        offers_waiting_on_checks=waiting,
        open_longest=open_longest,
    )


def _declined_why(apps: list[Application]) -> list[tuple[str, int]]:
    """How many declined offers gave each reason, most given first (one recorded before reasons
    were asked counts as "Not recorded")."""
    counts: dict[str, int] = {}
    for a in apps:
        if a.stage == Stage.DECLINED:
            why = DeclineReason(a.declined_reason).label if a.declined_reason else "Not recorded"
            counts[why] = counts.get(why, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def days_open(vacancy: Vacancy, on: date) -> int | None:
    return (on - vacancy.approved_at.date()).days if vacancy.approved_at else None


def workbook(view: RecruiterView, campaigns: list[CampaignRow], on: date) -> Any:
    """The recruiter's view as an Excel workbook (bytes): the numbers, then the campaigns."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Recruiter's view"
    ws.append(["Measure", "Value"])
    ws.append(["Median days from application to start", view.median_days_to_hire])
    ws.append(["Starters", view.starters])
    for label, n in view.conversion:
        ws.append([f"Reached: {label}", n])
    ws.append(["Offers declined", view.offers_declined])
    for why, n in view.declined_why:
        ws.append([f"Declined: {why}", n])
    ws.append(["Offers waiting on safer recruitment checks", view.offers_waiting_on_checks])
    ws.append([])
    ws.append(["Open longest", "Team", "Days open"])
    for v in view.open_longest:
        ws.append([v.title, v.team.name, days_open(v, on)])
    sheet = book.create_sheet("Campaigns")
    sheet.append(
        [
            "Campaign",
            "Channel",
            "From",
            "To",
            "Cost (£)",
            "Applications",
            "Shortlisted",
            "Offered",
            "Starters",
            "A year on",
            "Still in post at 12 months",
            "Cost per starter (£)",
        ]
    )
    for r in campaigns:
        sheet.append(
            [
                r.campaign.name,
                r.campaign.channel.name,
                r.campaign.starts_on,
                r.campaign.ends_on,
                float(r.campaign.cost),
                *[
                    n if n == 0 or n >= MINIMUM else "fewer than 5"
                    for n in (
                        r.applications,
                        r.shortlisted,
                        r.offered,
                        r.starters,
                        r.year_on,
                        r.still_in_post,
                    )
                ],
                float(r.cost_per_starter) if r.cost_per_starter is not None else "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
