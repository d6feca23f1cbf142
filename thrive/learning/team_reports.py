"""Reads for the council-wide learning views: mandatory learning gaps by team, and CPD status by
team against the Social Work England registration year. Each is a constant number of queries
whatever the number of people; the web pages, their CSV and Excel files and the API all show
these same figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, QuerySet

from analytics.supervision import add_months
from thrive.learning.models import Booking, CareerStage, CpdRecord, LearningItem, RegistrationRule
from thrive.learning.registration import (
    AT_RISK,
    CPD_STATUSES,
    NOT_STARTED,
    ON_TRACK,
    CpdCheck,
    cpd_check,
    registration_year,
    rule_on,
    status_definitions,
)
from thrive.learning.selectors.catalogue import _for, career_stage, published
from thrive.learning.selectors.reports import in_post_spells
from thrive.people.models import EmploymentSpell, Organisation, Profession, Team

RUNNING_OUT_DAYS = 60
"""Mandatory learning that runs out within this many days is shown as running out."""


def mandatory_rule(item: LearningItem) -> str:
    """Why *item* is mandatory and for whom, in words: its career stages and professions (from
    the catalogue entry, so the rule is the council's own data) and how often it is renewed."""
    stages = dict(CareerStage.choices)
    professions = dict(Profession.choices)
    who = []
    if item.professions:
        who.append(" or ".join(professions.get(p, p).lower() + "s" for p in item.professions))
    if item.career_stages:
        who.append("at stage " + " or ".join(stages.get(s, s).lower() for s in item.career_stages))
    whom = " ".join(who) if who else "everyone in post"
    months = item.renewal_months or 12
    return f"Mandatory for {whom}; renewed every {months} month{'s' if months != 1 else ''}"


@dataclass
class PersonGaps:
    spell: EmploymentSpell
    stage: str
    missing: list[LearningItem] = field(default_factory=list)
    lapsed: list[tuple[LearningItem, date]] = field(default_factory=list)
    running_out: list[tuple[LearningItem, date]] = field(default_factory=list)

    @property
    def person(self) -> Any:
        return self.spell.person

    @property
    def has_gap(self) -> bool:
        return bool(self.missing or self.lapsed or self.running_out)

    def lacks(self, item: LearningItem) -> bool:
        return item in self.missing or any(i == item for i, _ in self.lapsed)


@dataclass
class ItemCount:
    applies: int = 0
    missing: int = 0  # never done, or run out before the day
    running_out: int = 0  # runs out within RUNNING_OUT_DAYS


@dataclass
class TeamGaps:
    team: Team
    people: list[PersonGaps] = field(default_factory=list)
    counts: dict[int, ItemCount] = field(default_factory=dict)

    @property
    def with_gaps(self) -> int:
        return sum(1 for p in self.people if p.has_gap)

    def cells(self, items: list[LearningItem]) -> list[ItemCount]:
        return [self.counts.get(i.pk, ItemCount()) for i in items]


@dataclass
class GapsReport:
    on: date
    items: list[LearningItem]
    rules: dict[int, str]
    teams: list[TeamGaps]
    repeated_names: set[int]  # people ids whose name is shared

    @property
    def people(self) -> int:
        return sum(len(t.people) for t in self.teams)

    @property
    def with_gaps(self) -> int:
        return sum(t.with_gaps for t in self.teams)

    def team(self, team_id: int) -> TeamGaps | None:
        return next((t for t in self.teams if t.team.pk == team_id), None)

    def item_rules(self) -> list[tuple[LearningItem, str]]:
        return [(i, self.rules[i.pk]) for i in self.items]


def _sharing_a_name(spells: list[EmploymentSpell]) -> set[int]:
    """The people (ids) whose name another person in the list also has: shown with their staff
    ID so they can be told apart (a person in two teams counts once)."""
    people = {s.person_id: s.person for s in spells}
    names = Counter(p.full_name.casefold() for p in people.values())
    return {pk for pk, p in people.items() if names[p.full_name.casefold()] > 1}


def _team_order(team: Team) -> tuple[str, int]:
    return (team.name.casefold(), team.pk)


def mandatory_gaps_by_team(
    organisation: Organisation, on: date, teams: QuerySet[Any] | None = None
) -> GapsReport:
    """For everyone in post on *on* (in *teams*, or the whole council), each mandatory item that
    applies to them and is missing (never done, or run out) or runs out within 60 days; counted
    per team and item. Three queries."""
    spells = in_post_spells(organisation, on, teams)
    items = [i for i in published(organisation, on).order_by("title") if i.mandatory]
    attended: dict[tuple[int, int], date] = {}
    for person_id, item_id, last in (
        Booking.objects.filter(
            person_id__in=[s.person_id for s in spells], attended=True, session__item__in=items
        )
        .values("person_id", "session__item_id")
        .annotate(last=Max("session__starts_at"))
        .values_list("person_id", "session__item_id", "last")
    ):
        attended[(person_id, item_id)] = last.date()
    stages = dict(CareerStage.choices)
    by_team: dict[int, TeamGaps] = {}
    seen: set[tuple[int, int]] = set()
    soon = on + timedelta(days=RUNNING_OUT_DAYS)
    for spell in spells:
        if (spell.team_id, spell.person_id) in seen:
            continue
        seen.add((spell.team_id, spell.person_id))
        stage = career_stage(spell, on)
        row = PersonGaps(spell=spell, stage=stages[stage])
        group = by_team.setdefault(spell.team_id, TeamGaps(team=spell.team))
        for item in items:
            if not _for(item, stage, spell.profession):
                continue
            count = group.counts.setdefault(item.pk, ItemCount())
            count.applies += 1
            last = attended.get((spell.person_id, item.pk))
            if last is None:
                row.missing.append(item)
                count.missing += 1
                continue
            ends = add_months(last, item.renewal_months or 12)
            if ends < on:
                row.lapsed.append((item, ends))
                count.missing += 1
            elif ends <= soon:
                row.running_out.append((item, ends))
                count.running_out += 1
        group.people.append(row)
    return GapsReport(
        on=on,
        items=items,
        rules={i.pk: mandatory_rule(i) for i in items},
        teams=sorted(by_team.values(), key=lambda t: _team_order(t.team)),
        repeated_names=_sharing_a_name(spells),
    )


@dataclass
class CpdRow:
    spell: EmploymentSpell
    check: CpdCheck

    @property
    def person(self) -> Any:
        return self.spell.person


@dataclass
class CpdTeam:
    team: Team
    rows: list[CpdRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.check.status == status)

    @property
    def on_track(self) -> int:
        return self.count(ON_TRACK)

    @property
    def at_risk(self) -> int:
        return self.count(AT_RISK)

    @property
    def not_started(self) -> int:
        return self.count(NOT_STARTED)

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.check.met)


@dataclass
class CpdReport:
    on: date
    rule: RegistrationRule
    year_start: date
    year_end: date
    definitions: dict[str, str]
    teams: list[CpdTeam]
    repeated_names: set[int]  # people ids whose name is shared

    @property
    def rows(self) -> list[CpdRow]:
        return [r for t in self.teams for r in t.rows]

    @property
    def total(self) -> CpdTeam:
        return CpdTeam(team=Team(name="All teams"), rows=self.rows)

    @property
    def year_label(self) -> str:
        return f"{self.year_start:%-d %B %Y} to {self.year_end:%-d %B %Y}"

    def filtered(self, team_id: int | None, status: str | None) -> list[CpdRow]:
        return [
            r
            for r in self.rows
            if (team_id is None or r.spell.team_id == team_id)
            and (not status or r.check.status == status)
        ]


def cpd_status_by_team(
    organisation: Organisation, on: date, teams: QuerySet[Any] | None = None
) -> CpdReport:
    """Each social worker in post on *on* (in *teams*, or the whole council) with their CPD
    against the registration year that contains *on*, grouped by team. Three queries."""
    from thrive.supervision.selectors import supervised_spells

    filters = {} if teams is None else {"team__in": teams}
    spells = supervised_spells(organisation, on, **filters)
    by_person: dict[int, list[CpdRecord]] = {}
    for record in CpdRecord.objects.filter(person_id__in=[s.person_id for s in spells]):
        by_person.setdefault(record.person_id, []).append(record)
    rules = list(RegistrationRule.objects.for_org(organisation))
    rule = rule_on(rules, on)
    start, end = registration_year(on, rule)
    by_team: dict[int, CpdTeam] = {}
    seen: set[tuple[int, int]] = set()
    for spell in spells:
        if (spell.team_id, spell.person_id) in seen:
            continue
        seen.add((spell.team_id, spell.person_id))
        check = cpd_check(by_person.get(spell.person_id, []), on, rules)
        by_team.setdefault(spell.team_id, CpdTeam(team=spell.team)).rows.append(
            CpdRow(spell=spell, check=check)
        )
    return CpdReport(
        on=on,
        rule=rule,
        year_start=start,
        year_end=end,
        definitions=status_definitions(rule, end),
        teams=sorted(by_team.values(), key=lambda t: _team_order(t.team)),
        repeated_names=_sharing_a_name(spells),
    )


__all__ = ["CPD_STATUSES", "cpd_status_by_team", "mandatory_gaps_by_team", "mandatory_rule"]
