"""Compliance for a team or the council, over 3, 6 and 12 months, with its trend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from analytics import supervision as rules
from thrive.caseloads.selectors import asye_starts
from thrive.people.models import EmploymentSpell, Organisation
from thrive.supervision.selectors.records import settings_for
from thrive.supervision.selectors.schedules import SUPERVISED_CONTRACTS, PolicyBook, held_sessions

WINDOWS = (3, 6, 12)


def spells_overlapping(
    organisation: Organisation, start: date, end: date, team_ids: Iterable[int] | None = None
) -> list[EmploymentSpell]:
    """Social workers' spells in post at some time in [start, end]."""
    qs = (
        EmploymentSpell.objects.for_org(organisation)
        .filter(profession="social_worker", contract__in=SUPERVISED_CONTRACTS, start_date__lte=end)
        .not_ended(start)
        .select_related("person", "team")
    )
    if team_ids is not None:
        qs = qs.filter(team_id__in=list(team_ids))
    return list(qs)


def people_supervision(
    organisation: Organisation, spells: list[EmploymentSpell]
) -> list[tuple[EmploymentSpell, rules.PersonSupervision]]:
    """Each spell as the rules see it: its dated policy and the person's held sessions."""
    book = PolicyBook(organisation)
    sessions = held_sessions(organisation, {s.person_id for s in spells})
    out = []
    starts = asye_starts(organisation, spells)
    for spell in spells:
        asye = starts.get(spell.person_id)
        out.append(
            (
                spell,
                rules.PersonSupervision(
                    person_id=spell.person_id,
                    periods=book.periods_for(spell, asye),
                    sessions=sessions.get(spell.person_id, []),
                    start_date=spell.start_date,
                    asye_start=asye,
                    end_date=spell.end_date - timedelta(days=1) if spell.end_date else None,
                    since=book.since,
                    first_within_days=book.first_within_days(spell, asye),
                ),
            )
        )
    return out


def window_start(on: date, months: int) -> date:
    """The first day of the *months*-month window that ends on *on* (30 June → 1 April)."""
    return rules.add_months(on + timedelta(days=1), -months)


def trend_days(on: date, points: int = 12) -> list[date]:
    """The days a trend is drawn at: the ends of the *points* - 1 months before *on*'s month,
    then *on* itself (30 June 2026 → 31 July 2025 … 31 May 2026, 30 June 2026)."""
    ends = []
    for k in range(points - 1, 0, -1):
        day = rules.add_months(on.replace(day=1), -k)
        ends.append(rules.add_months(day, 1) - timedelta(days=1))
    return [*ends, on]


@dataclass
class ComplianceRow:
    label: str
    team_id: int | None
    windows: dict[int, rules.Compliance]
    people: list[rules.PersonSupervision] = field(repr=False, default_factory=list)
    days: list[date] = field(repr=False, default_factory=list)
    grace_days: int = 0

    @cached_property
    def trend(self) -> list[dict[str, Any]]:
        """The 3-month share at each trend day — worked out only for the rows that are shown."""
        return _trend(self.people, self.days, self.grace_days)


def _trend(
    people: list[rules.PersonSupervision], days: list[date], grace_days: int
) -> list[dict[str, Any]]:
    return [
        {
            "date": day,
            "compliance": rules.compliance(
                people, window_start(day, 3), day, grace_days=grace_days
            ),
        }
        for day in days
    ]


def compliance_report(
    organisation: Organisation, team_ids: list[int] | None, on: date
) -> dict[str, Any]:
    """Compliance for each team (and all of them together) over the last 3, 6 and 12 months,
    each one's 12-month trend of the 3-month share at month ends, and everyone overdue on *on*.
    Supervision up to the council's days of grace after its due date is not late."""
    from thrive.people.models import Team

    grace = settings_for(organisation).grace_days
    earliest = window_start(on, max(WINDOWS))
    days = trend_days(on)
    spells = spells_overlapping(organisation, rules.add_months(earliest, -3), on, team_ids)
    people = people_supervision(organisation, spells)
    teams = Team.objects.for_org(organisation).order_by("name")
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    by_team: dict[int, list[rules.PersonSupervision]] = defaultdict(list)
    for spell, person in people:
        by_team[spell.team_id].append(person)
    everyone = [p for _, p in people]

    def row(label: str, team_id: int | None, group: list[rules.PersonSupervision]) -> ComplianceRow:
        windows = {
            m: rules.compliance(group, window_start(on, m), on, grace_days=grace) for m in WINDOWS
        }
        return ComplianceRow(label, team_id, windows, group, days, grace)

    rows = [row(t.name, t.pk, by_team[t.pk]) for t in teams if by_team.get(t.pk)]
    total = row("All teams", None, everyone)
    overdue_people = []
    for spell, person in people:
        if not (spell.start_date <= on and (spell.end_date is None or spell.end_date > on)):
            continue
        late = rules.overdue(
            person.periods,
            [d for d, _ in person.sessions if d <= on],
            start_date=person.start_date,
            asye_start=person.asye_start,
            on=on,
            since=person.since,
            first_within_days=person.first_within_days,
        )
        if late is not None:
            overdue_people.append((spell, late))
    overdue_people.sort(key=lambda item: -item[1])
    return {
        "on": on,
        "rows": rows,
        "total": total,
        "trend": total.trend,
        "overdue": overdue_people,
        "grace_days": grace,
    }
