"""The evidence pack's sections drawn from the other areas' records: supervision and its quality,
learning and CPD, the academy, agency use and the exit strategy, and engagement. Each returns
its header, rows, chart, notes and a sentence written from the figures; groups under five people
are never shown (their figures are blank and the row says "fewer than 5")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from thrive.core.charts import Series, line_chart

SMALLEST_GROUP = 5
FEWER = "fewer than 5"


@dataclass
class Part:
    header: list[str]
    rows: list[list[Any]]
    sentence: str
    chart: str = ""
    notes: list[str] = field(default_factory=list)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def supervision_part(organisation: Any, on: date) -> Part:
    """Compliance with the council's policy over 3, 6 and 12 months by team, and the quality of
    the one-to-one records held in the last 12 months: signed by both, support and challenge
    recorded, average length."""
    from thrive.supervision.models import Session
    from thrive.supervision.selectors.compliance import compliance_report

    report = compliance_report(organisation, None, on)
    since = on - timedelta(days=365)
    quality: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for team_id, signed_a, signed_b, balance, minutes in (
        Session.objects.for_org(organisation)
        .filter(
            status="held",
            kind="one_to_one",
            starts_at__gte=_aware(since),
            starts_at__lt=_aware(on + timedelta(days=1)),
        )
        .values_list(
            "team_id", "supervisor_signed_at", "supervisee_signed_at", "balance", "minutes"
        )
    ):
        for key in (team_id, None):
            q = quality[key]
            q[0] += 1
            q[1] += int(signed_a is not None and signed_b is not None)
            q[2] += int(bool(balance))
            q[3] += minutes or 0
    rows = []
    for r in [*report["rows"], report["total"]]:
        people = r.windows[12].people
        q = quality.get(r.team_id, [0, 0, 0, 0])
        if people < SMALLEST_GROUP:
            rows.append([r.label, FEWER, None, None, None, None, None, None, None])
            continue
        rows.append(
            [
                r.label,
                people,
                r.windows[3].share,
                r.windows[6].share,
                r.windows[12].share,
                q[0],
                _pct(q[1], q[0]),
                _pct(q[2], q[0]),
                round(q[3] / q[0]) if q[0] else None,
            ]
        )
    trend = report["trend"]
    total = rows[-1]
    sentence = (
        "Too few social workers were supervised in the last year to show."
        if total[1] == FEWER
        else f"Over the last 12 months {total[4] if total[4] is not None else '–'}% of social "
        f"workers were supervised as often as the council's policy asks; "
        f"{total[6] if total[6] is not None else '–'}% of the {total[5]} one-to-one records "
        "were signed by both people."
    )
    return Part(
        [
            "Team",
            "People (12 months)",
            "Within policy, 3 months (%)",
            "Within policy, 6 months (%)",
            "Within policy, 12 months (%)",
            "One-to-one sessions held (12 months)",
            "Signed by both (%)",
            "Support and challenge recorded (%)",
            "Average length (minutes)",
        ],
        rows,
        sentence,
        chart=line_chart(
            chart_id="pack-supervision",
            title="Supervised within policy over the 3 months before each month end (%)",
            categories=[t["date"].strftime("%b %Y") for t in trend],
            series=[Series("All teams", [t["compliance"].share for t in trend])],
            unit="%",
            description="The share of social workers supervised as the policy asks, over the "
            "three months to each month end, for the last 12 months",
        ),
        notes=[
            "Teams with fewer than 5 people supervised in the year are not shown.",
            f"Supervision within {report['grace_days']} days after its due date is not late.",
        ],
    )


def learning_part(organisation: Any, years: list[int]) -> Part:
    """Each census year (to 30 September): learning attended (sessions and the CPD hours of the
    items), and CPD recorded by staff; a year before any learning record shows a gap."""
    from thrive.learning.models import Booking, CpdRecord

    attended: dict[int, list[Any]] = defaultdict(lambda: [0, 0.0, set()])
    first: date | None = None
    for starts_at, hours, person in (
        Booking.objects.for_org(organisation)
        .filter(attended=True, session__cancelled=False)
        .values_list("session__starts_at", "session__item__cpd_hours", "person_id")
    ):
        day = timezone.localdate(starts_at) if timezone.is_aware(starts_at) else starts_at.date()
        first = day if first is None or day < first else first
        y = day.year + (1 if day > date(day.year, 9, 30) else 0)
        a = attended[y]
        a[0] += 1
        a[1] += float(hours or 0)
        if person:
            a[2].add(person)
    cpd: dict[int, list[Any]] = defaultdict(lambda: [0, 0.0, set()])
    for on, hours, person in (
        CpdRecord.objects.for_org(organisation)
        .filter(draft=False)
        .values_list("on", "hours", "person_id")
    ):
        first = on if first is None or on < first else first
        y = on.year + (1 if on > date(on.year, 9, 30) else 0)
        c = cpd[y]
        c[0] += 1
        c[1] += float(hours or 0)
        c[2].add(person)
    rows: list[list[Any]] = []
    notes: list[str] = []
    first_year = (
        None if first is None else first.year + (1 if first > date(first.year, 9, 30) else 0)
    )
    for y in years:
        if first_year is None or y < first_year:
            rows.append([y, None, None, None, None, None, None])
            notes.append(
                f"{y}: no learning or CPD recorded in Thrive"
                + ("" if first_year is None else f" before {first_year}")
                + "."
            )
            continue
        a, c = attended[y], cpd[y]
        rows.append(
            [
                y,
                a[0],
                round(a[1], 1),
                len(a[2]) if len(a[2]) >= SMALLEST_GROUP else (FEWER if a[2] else 0),
                c[0],
                round(c[1], 1),
                len(c[2]) if len(c[2]) >= SMALLEST_GROUP else (FEWER if c[2] else 0),
            ]
        )
    shown = [r for r in rows if r[1] is not None]
    sentence = (
        "No learning or CPD is recorded in Thrive for these years."
        if not shown
        else f"In the year to 30 September {shown[-1][0]} staff attended {shown[-1][1]} learning "
        f"sessions ({shown[-1][2]} CPD hours) and recorded {shown[-1][5]} hours of CPD."
    )
    return Part(
        [
            "Census year",
            "Learning sessions attended",
            "Learning hours attended",
            "People attending",
            "CPD records",
            "CPD hours recorded",
            "People recording CPD",
        ],
        rows,
        sentence,
        chart=line_chart(
            chart_id="pack-learning",
            title="Learning and CPD hours each census year",
            categories=[str(y) for y in years],
            series=[
                Series("Learning hours attended", [r[2] for r in rows]),
                Series("CPD hours recorded", [r[5] for r in rows]),
            ],
            description="Hours of learning attended and of CPD recorded, each year to 30 "
            "September; a year before any record is a gap",
        ),
        notes=notes,
    )


def academy_part(organisation: Any, on: date) -> Part:
    """Each academy cohort's retention at 1, 2 and 3 years beside colleagues who joined
    qualified that year (Kaplan–Meier, from the academy report), and the grown-our-own share."""
    from thrive.academy.report import grown_our_own, retention_by_cohort

    def cell(curve: Any, i: int) -> Any:
        if curve.suppressed or curve.n < SMALLEST_GROUP:
            return None
        p = curve.points[i] if i < len(curve.points) else None
        return None if p is None or p.retained is None else round(100 * p.retained, 1)

    def size(curve: Any) -> Any:
        return curve.n if curve.n >= SMALLEST_GROUP or curve.n == 0 else FEWER

    rows = []
    # The last eight intakes (the register's newly qualified starters before the academy began
    # count as that year's intake, so the history can be long).
    for r in [r for r in retention_by_cohort(organisation, on) if r["year"] > on.year - 8]:
        c, j = r["cohort"], r["comparators"]
        rows.append(
            [r["year"], size(c), *[cell(c, i) for i in range(3)], size(j)]
            + [cell(j, i) for i in range(3)]
        )
    grown = grown_our_own(organisation, on)
    notes = ["A cohort of fewer than 5 shows only that; a year not yet reached is blank."]
    if grown["share"] is not None:
        notes.append(
            f"Grown our own: {round(100 * grown['share'])}% of the {grown['social_workers']} "
            "social workers employed came through the academy, Step Up, Frontline, an "
            "apprenticeship or another role in the council."
        )
    shown = [r for r in rows if r[2] is not None]
    if shown:
        last = shown[-1]
        sentence = f"Of the {last[0]} academy cohort, {last[2]}% were still here a year on" + (
            f", against {last[6]}% of those who joined qualified that year." if last[6] else "."
        )
    else:
        sentence = "No academy cohort is yet large enough, or old enough, to show its retention."
    return Part(
        [
            "Cohort year",
            "Academy cohort",
            "Academy: 1 year (%)",
            "Academy: 2 years (%)",
            "Academy: 3 years (%)",
            "Joined qualified",
            "Joined qualified: 1 year (%)",
            "Joined qualified: 2 years (%)",
            "Joined qualified: 3 years (%)",
        ],
        rows,
        sentence,
        chart=line_chart(
            chart_id="pack-academy",
            title="Still here a year after starting (%)",
            categories=[str(r[0]) for r in rows],
            series=[
                Series("Academy cohort", [r[2] for r in rows]),
                Series("Joined qualified", [r[6] for r in rows]),
            ],
            unit="%",
            description="One-year retention of each academy cohort and of those who joined "
            "qualified the same year; groups under five are gaps",
        ),
        notes=notes,
    )


def agency_part(organisation: Any, on: date, years: list[int], agency_rates: list[Any]) -> Part:
    """The agency share each census year (from the register) and each team's exit strategy: the
    target, the date, the plan and the conversions to permanent so far. A team's agency FTE now is
    shown only where five or more agency workers cover it."""
    from thrive.agency.selectors import exit_progress, in_force_on, placements_of

    workers: dict[int, int] = defaultdict(int)
    for team_id in in_force_on(placements_of(organisation), on).values_list("team_id", flat=True):
        workers[team_id] += 1
    rows = []
    for p in exit_progress(organisation, on):
        s = p.strategy
        many = workers.get(p.team.pk, 0) >= SMALLEST_GROUP
        now = float(p.agency_fte_now) if many else (FEWER if workers.get(p.team.pk) else 0.0)
        rows.append(
            [
                p.team.name,
                now,
                None if s is None else float(s.target_fte),
                None if s is None else s.target_date.isoformat(),
                None if s is None else s.planned_conversions,
                None if s is None else s.academy_newly_qualified,
                p.conversions,
            ]
        )
    planned = sum(1 for r in rows if r[2] is not None)
    latest = next(
        ((y, v) for y, v in zip(reversed(years), reversed(agency_rates), strict=True) if v),
        None,
    )
    sentence = (
        f"{planned} of {len(rows)} teams with agency cover have an exit strategy"
        + (
            f"; agency workers were {latest[1]}% of the workforce in {latest[0]}."
            if latest
            else "."
        )
        if rows
        else "No team has agency cover or an exit strategy."
    )
    return Part(
        [
            "Team",
            "Agency FTE now",
            "Target agency FTE",
            "Target date",
            "Planned conversions",
            "Newly qualified from the academy",
            "Converted to permanent so far",
        ],
        rows,
        sentence,
        chart=line_chart(
            chart_id="pack-agency",
            title="Agency workers as a share of the workforce (%)",
            categories=[str(y) for y in years],
            series=[Series("Agency rate", agency_rates)],
            unit="%",
            description="Agency social workers as a share of all social workers (FTE) each "
            "census year; a year the register does not cover is a gap",
        ),
        notes=["A team with fewer than 5 agency workers shows that, not its FTE."],
    )


def engagement_part(organisation: Any) -> Part:
    """The whole council's share favourable on each survey question across the last five waves
    (hidden below the council's minimum group), and what was done about what staff said."""
    from thrive.engagement.results import trend
    from thrive.engagement.selectors import surveys, you_said_we_did

    waves = sorted(surveys(organisation), key=lambda s: (s.opens_on, s.pk))[-5:]
    rows_by = trend(organisation, waves) if waves else []
    rows: list[list[Any]] = [
        [r.question.text, *[None if f is None or not f.shown else f.favourable for _, f in r.waves]]
        for r in rows_by
    ]
    notes = []
    for plan in you_said_we_did(organisation)[:3]:
        for theme in plan.themes:
            actions = "; ".join(
                f"{a.what} ({a.get_status_display().lower()})" for a in theme.actions.all()
            )
            notes.append(
                f"{plan.survey.name} — you said: {theme.you_said}"
                + (f" We did: {actions}." if actions else "")
            )
        for text, was, now in plan.changes[:3]:
            notes.append(f"{text}: {was:.1f} then {now:.1f} in {plan.next_survey}.")
    if any(f is None or not f.shown for r in rows_by for _, f in r.waves):
        notes.append("A blank is a wave too small to show (below the council's minimum group).")
    shown = [r for r in rows if len(r) > 1 and r[-1] is not None]
    sentence = (
        "No staff survey results are recorded yet."
        if not rows
        else f"In {waves[-1].name}, {shown[0][-1]}% answered favourably to "
        f"\u201c{shown[0][0].rstrip('.')}\u201d."
        if shown
        else f"{waves[-1].name} had too few answers to show."
    )
    return Part(
        ["Question", *[s.name for s in waves]],
        rows,
        sentence,
        chart=line_chart(
            chart_id="pack-engagement",
            title="Answered favourably (%), each wave",
            categories=[s.name for s in waves],
            series=[Series(r[0][:40], r[1:]) for r in rows[:5]],
            unit="%",
            description="The share answering favourably to the first questions, each survey "
            "wave; a wave too small to show is a gap",
        )
        if rows
        else "",
        notes=notes,
    )
