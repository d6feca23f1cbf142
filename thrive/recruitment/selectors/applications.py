"""Reads for applications, the council's channels and the channel report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import Organisation, StaffMember
from thrive.recruitment.models import (
    Application,
    Channel,
    ChannelKind,
    SaferCheck,
    Stage,
    Vacancy,
)

# Counts this small are shown as "fewer than 5", so a small group is not picked out.
SMALL = 5


def shown(count: int) -> str:
    """A count as the report shows it: none, a number of 5 or more, or "fewer than 5"."""
    return "fewer than 5" if 0 < count < SMALL else str(count)


def applications_for(vacancy: Vacancy) -> QuerySet[Application]:
    """A vacancy's applications, earliest first, with their channel and referrer."""
    return (
        Application.objects.filter(vacancy=vacancy)
        .select_related("channel", "referred_by")
        .order_by("applied_on", "candidate_name", "pk")
    )


def applications_visible(
    access: Access, *, vacancy_id: int | None = None, stage: str = ""
) -> QuerySet[Application]:
    """The applications to the vacancies *access* may see, earliest first, with their vacancy,
    channel and referrer; of one vacancy, or at one stage, when given."""
    rows = (
        Application.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        .select_related("vacancy", "channel", "referred_by")
        .order_by("applied_on", "candidate_name", "pk")
    )
    if vacancy_id is not None:
        rows = rows.filter(vacancy_id=vacancy_id)
    if stage:
        rows = rows.filter(stage=stage)
    return rows


def application_for(access: Access, pk: int) -> Application | None:
    """One application, if *access* may see its vacancy's recruitment."""
    return (
        Application.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        .select_related("vacancy", "vacancy__team", "channel", "referred_by", "recorded_by")
        .filter(pk=pk)
        .first()
    )


def channels_of(organisation: Organisation) -> QuerySet[Channel]:
    """The council's channels in use, by name."""
    return Channel.objects.for_org(organisation).filter(active=True).order_by("name")


def channels_all_of(organisation: Organisation) -> QuerySet[Channel]:
    """Every channel of the council, offered or not, with how many applications name each."""
    return (
        Channel.objects.for_org(organisation)
        .annotate(used=Count("applications"))
        .order_by("-active", "name")
    )


def channel_of(organisation: Organisation, pk: int) -> Channel | None:
    return Channel.objects.for_org(organisation).filter(pk=pk).first()


def referrers_of(organisation: Organisation) -> QuerySet[StaffMember]:
    """The council's people, who may refer a friend."""
    return StaffMember.objects.for_org(organisation).order_by("last_name", "first_name")


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    kind: str
    applications: int
    shortlisted: int
    offered: int
    starters: int
    # Starters whose last day came before the end of their probation (see left_in_probation).
    left_in_probation: int = 0

    def shown(self) -> dict[str, str]:
        """The row as the report shows it, small counts hidden."""
        return {
            "channel": self.channel,
            "kind": self.kind,
            "applications": shown(self.applications),
            "shortlisted": shown(self.shortlisted),
            "offered": shown(self.offered),
            "starters": shown(self.starters),
            "left_in_probation": shown(self.left_in_probation),
        }


def probation_ends(start: date, months: int) -> date:
    """The day probation ends for a starter on *start*: the same day *months* months later."""
    from analytics.supervision import add_months

    return add_months(start, months)


def left_in_probation(rows: QuerySet[Application]) -> dict[Any, int]:
    """Per channel id, the starters among *rows* (hired into the register with a start date) who
    left before their probation ended: every employment spell they had begun by then had ended,
    the last of them before the day it ends (the vacancy's ``probation_months`` after the start
    date), by today. A starter still within probation counts only once they have gone. Two
    queries."""
    from thrive.core import clock
    from thrive.people.models import EmploymentSpell

    today = clock.today()
    hires = list(
        rows.filter(start_date__isnull=False, hired__isnull=False).values_list(
            "channel_id", "hired_id", "start_date", "vacancy__probation_months"
        )
    )
    if not hires:
        return {}
    spells: dict[int, list[tuple[date, date | None]]] = {}
    for person, begun, ended in EmploymentSpell.objects.filter(
        person_id__in={h[1] for h in hires}
    ).values_list("person_id", "start_date", "end_date"):
        spells.setdefault(person, []).append((begun, ended))
    found: dict[Any, int] = {}
    for channel_id, person, start, months in hires:
        if start is None:  # not so: filtered out above
            continue
        ends = probation_ends(start, months)
        had = [(b, e) for b, e in spells.get(person, []) if b < ends]
        if had and all(e is not None for _, e in had):
            last = max(e for _, e in had if e is not None)
            if last < ends and last <= today:  # a leaving date still to come is not yet a leaver
                found[channel_id] = found.get(channel_id, 0) + 1
    return found


def _applications(
    organisation: Any,
    access: Access | None,
    *,
    start: date | None,
    end: date | None,
    team_ids: list[int] | None,
) -> QuerySet[Application]:
    rows = (
        Application.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        if access is not None
        else Application.objects.for_org(organisation)
    )
    if start is not None:
        rows = rows.filter(applied_on__gte=start)
    if end is not None:
        rows = rows.filter(applied_on__lte=end)
    if team_ids is not None:
        rows = rows.filter(vacancy__team_id__in=team_ids)
    return rows.order_by()


def channel_report(
    access: Access | None,
    *,
    organisation: Organisation | None = None,
    start: date | None = None,
    end: date | None = None,
    team_ids: list[int] | None = None,
) -> list[ChannelRow]:
    """Per channel of the council: applications made between *start* and *end* (inclusive) to
    the vacancies *access* may see (the whole council's with no access: the operator), of
    *team_ids* if given; how many were shortlisted, offered and started (a confirmed start date);
    how many of those starters left before the end of their probation; the last row is every
    channel together. Four queries."""
    org = organisation if organisation is not None else getattr(access, "organisation", None)
    rows = _applications(org, access, start=start, end=end, team_ids=team_ids)
    counts: dict[Any, Any] = {
        r["channel_id"]: r
        for r in rows.values("channel_id").annotate(
            applications=Count("pk", distinct=True),
            shortlisted=Count("pk", filter=Q(shortlisted_on__isnull=False), distinct=True),
            offered=Count("pk", filter=Q(offered_on__isnull=False), distinct=True),
            starters=Count("pk", filter=Q(start_date__isnull=False), distinct=True),
        )
    }
    empty = {"applications": 0, "shortlisted": 0, "offered": 0, "starters": 0}
    left = left_in_probation(rows)
    report = []
    for channel in Channel.objects.for_org(org).order_by("name"):
        c = counts.get(channel.pk, empty)
        report.append(
            ChannelRow(
                channel=channel.name,
                kind=channel.get_kind_display(),
                applications=c["applications"],
                shortlisted=c["shortlisted"],
                offered=c["offered"],
                starters=c["starters"],
                left_in_probation=left.get(channel.pk, 0),
            )
        )
    report.append(
        ChannelRow(
            channel="Every channel",
            kind="",
            applications=sum(r.applications for r in report),
            shortlisted=sum(r.shortlisted for r in report),
            offered=sum(r.offered for r in report),
            starters=sum(r.starters for r in report),
            left_in_probation=sum(r.left_in_probation for r in report),
        )
    )
    return report


def stage_counts(
    access: Access | None,
    *,
    organisation: Organisation | None = None,
    start: date | None = None,
    end: date | None = None,
    team_ids: list[int] | None = None,
) -> dict[str, int]:
    """How many applications (made between *start* and *end*) are at each stage now, every
    stage named (small counts are for the caller to hide)."""
    org = organisation if organisation is not None else getattr(access, "organisation", None)
    rows = _applications(org, access, start=start, end=end, team_ids=team_ids)
    found = {
        r["stage"]: r["n"] for r in rows.values("stage").annotate(n=Count("pk", distinct=True))
    }
    return {stage: found.get(stage, 0) for stage in Stage.values}


def checks_for(application: Application) -> QuerySet[SaferCheck]:
    """The safer recruitment checks recorded for *application*, with who made them."""
    return SaferCheck.objects.filter(application=application).select_related("checked_by")


@dataclass(frozen=True)
class RegionChannelRow:
    """One kind of channel across the councils of a region, and the council's own part. A count
    is ``None`` when 1 to 4, and the region's also when the other councils' part (the region's
    less the council's own) would be 1 to 4, so no other council's small number can be worked
    out."""

    kind: str
    councils: int  # councils with applications through this kind of channel
    region: dict[str, int | None]
    own: dict[str, int | None]


REGION_MEASURES = ("applications", "shortlisted", "offered", "starters")


MINIMUM_SHOWN = 5


def _hide(n: int) -> int | None:
    return None if 0 < n < MINIMUM_SHOWN else n


def region_channel_report(
    organisation: Organisation, *, start: date | None = None, end: date | None = None
) -> tuple[list[RegionChannelRow], int]:
    """Per kind of channel (each council names its own channels; the kinds are shared): the
    applications made between *start* and *end* to vacancies of every council in
    *organisation*'s region, how many were shortlisted, offered and started, beside the
    council's own; the last row is every channel together. Also the number of councils in the
    region. Two queries."""
    rows = Application.objects.filter(organisation__region=organisation.region)
    if start:
        rows = rows.filter(applied_on__gte=start)
    if end:
        rows = rows.filter(applied_on__lte=end)
    found = rows.values("organisation_id", "channel__kind").annotate(
        applications=Count("pk"),
        shortlisted=Count("pk", filter=Q(shortlisted_on__isnull=False)),
        offered=Count("pk", filter=Q(offered_on__isnull=False)),
        starters=Count("pk", filter=Q(start_date__isnull=False)),
    )
    region: dict[str, dict[str, int]] = {}
    own: dict[str, dict[str, int]] = {}
    councils: dict[str, set[int]] = {}
    for row in found:
        r: dict[str, Any] = dict(row)
        for kind in (r["channel__kind"], ""):
            into = region.setdefault(kind, dict.fromkeys(REGION_MEASURES, 0))
            mine = own.setdefault(kind, dict.fromkeys(REGION_MEASURES, 0))
            councils.setdefault(kind, set()).add(r["organisation_id"])
            for m in REGION_MEASURES:
                into[m] += r[m]
                if r["organisation_id"] == organisation.pk:
                    mine[m] += r[m]
    zero = dict.fromkeys(REGION_MEASURES, 0)
    report = []
    for kind, label in [*ChannelKind.choices, ("", "Every channel")]:
        whole, part = region.get(kind, zero), own.get(kind, zero)
        report.append(
            RegionChannelRow(
                kind=str(label),
                councils=len(councils.get(kind, ())),
                region={
                    m: None if _hide(whole[m] - part[m]) is None else _hide(whole[m])
                    for m in REGION_MEASURES
                },
                own={m: _hide(part[m]) for m in REGION_MEASURES},
            )
        )
    in_region = Organisation.objects.filter(region=organisation.region).count()
    return report, in_region
