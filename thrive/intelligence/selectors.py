"""Reads for the measures: the register as DataFrames, one query per table, for ``analytics``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from thrive.caseloads.models import Allocation
from thrive.core.permissions import Access
from thrive.intelligence.models import BenchmarkLoad, PublishedFigure, StatisticalNeighbour
from thrive.intelligence.policy import measures_teams
from thrive.people.models import (
    Absence,
    EmploymentSpell,
    Organisation,
    Post,
    RegisterRevision,
    Team,
)

SPELL_COLUMNS = [
    "person_id",
    "profession",
    "contract",
    "fte",
    "start_date",
    "end_date",
    "team_id",
    "valid_from",
    "valid_to",
]
# Changes made "from a date" (the change form) are dated states of a spell; an import's changed
# row is a correction of the record and applies to the whole spell (formats.md).
DATED_CHANGE_SOURCE = "change form"
STATE_FIELDS = {"fte": "fte", "team": "team_id", "contract": "contract", "profession": "profession"}
POST_COLUMNS = [
    "post_id",
    "fte",
    "social_work_post",
    "funded_from",
    "funded_to",
    "holder_person_id",
    "team_id",
]
ABSENCE_COLUMNS = ["person_id", "reason", "start_date", "end_date", "working_days"]
ALLOCATION_COLUMNS = ["child_id", "person_id", "start_date", "end_date"]


@dataclass
class RegisterFrames:
    spells: pd.DataFrame
    posts: pd.DataFrame
    absences: pd.DataFrame
    allocations: pd.DataFrame

    def for_teams(self, team_ids: Iterable[int]) -> RegisterFrames:
        """The part of the register belonging to some teams: their spells and posts, and the
        absences and allocations of the people with spells there."""
        ids = set(team_ids)
        spells = self.spells[self.spells["team_id"].isin(ids)]
        people = set(spells["person_id"])
        return RegisterFrames(
            spells=spells,
            posts=self.posts[self.posts["team_id"].isin(ids)],
            absences=self.absences[self.absences["person_id"].isin(people)],
            allocations=self.allocations[self.allocations["person_id"].isin(people)],
        )


def _frame(rows: Iterable[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    for column in columns:
        if column in {"fte", "working_days"}:
            frame[column] = frame[column].astype(float)
        elif column.endswith(("_date", "_from", "_to")):
            # Once here, rather than on every measures call for every year and team.
            frame[column] = pd.to_datetime(frame[column])
    return frame


def _spell_states(
    spells: Iterable[tuple[Any, ...]], revisions: Iterable[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """One row per spell, or one per dated state of a spell whose FTE, team, contract or
    profession was changed from a date: each state valid from its date until the next's."""
    changes: dict[int, list[tuple[Any, dict[str, Any]]]] = {}
    for record_id, effective, changed, before in revisions:
        if set(changed) & set(STATE_FIELDS):
            changes.setdefault(record_id, []).append((effective, before))
    rows: list[tuple[Any, ...]] = []
    for spell_id, person, profession, contract, fte, start, end, team in spells.iterator(  # type: ignore[attr-defined]
        chunk_size=5000
    ):
        current = {"fte": fte, "team_id": team, "contract": contract, "profession": profession}
        history = changes.get(spell_id)
        if not history:
            rows.append((person, profession, contract, fte, start, end, team, start, None))
            continue
        # Walk back from the current state: each revision holds the values before its date.
        states = [(history[-1][0], None, dict(current))]
        state = dict(current)
        for i in range(len(history) - 1, -1, -1):
            effective, before = history[i]
            for name, column in STATE_FIELDS.items():
                if name in before:
                    state[column] = before[name]
            valid_from = history[i - 1][0] if i > 0 else start
            states.insert(0, (valid_from, effective, dict(state)))
        for valid_from, valid_to, values in states:
            if valid_to is not None and valid_to <= valid_from:
                continue
            rows.append(
                (
                    person,
                    values["profession"],
                    values["contract"],
                    values["fte"],
                    start,
                    end,
                    values["team_id"],
                    valid_from,
                    valid_to,
                )
            )
    return rows


def register_frames(organisation: Organisation) -> RegisterFrames:
    """The whole organisation's register, four queries whatever its size."""
    spells = _spell_states(
        EmploymentSpell.objects.for_org(organisation).values_list(
            "id", "person_id", "profession", "contract", "fte", "start_date", "end_date", "team_id"
        ),
        RegisterRevision.objects.filter(
            organisation=organisation, kind="spell", source=DATED_CHANGE_SOURCE
        )
        .order_by("record_id", "effective_date", "id")
        .values_list("record_id", "effective_date", "changed", "before"),
    )
    posts = Post.objects.for_org(organisation).values_list(
        "post_id", "fte", "social_work_post", "funded_from", "funded_to", "holder_id", "team_id"
    )
    absences = Absence.objects.for_org(organisation).values_list(
        "person_id", "reason", "start_date", "end_date", "working_days"
    )
    allocations = Allocation.objects.for_org(organisation).values_list(
        "child_id", "worker_id", "start_date", "end_date"
    )
    return RegisterFrames(
        spells=_frame(spells, SPELL_COLUMNS),
        posts=_frame(posts.iterator(chunk_size=5000), POST_COLUMNS),
        absences=_frame(absences.iterator(chunk_size=5000), ABSENCE_COLUMNS),
        allocations=_frame(allocations.iterator(chunk_size=20000), ALLOCATION_COLUMNS),
    )


# --- for the pages ------------------------------------------------------------------------------


def measures_teams_by_name(access: Access) -> list[Team]:
    """The teams whose measures *access* may see, by name."""
    return list(measures_teams(access).order_by("name"))


def measures_team(access: Access, pk: int) -> Team | None:
    """The team numbered *pk* when *access* may see its measures, else None."""
    return measures_teams(access).filter(pk=pk).first()


def statistical_neighbours(la_code: str) -> list[tuple[StatisticalNeighbour, str]]:
    """The council's statistical neighbours, closest first, each with its name as published
    (its code when no figures name it)."""
    neighbours = list(StatisticalNeighbour.objects.filter(la_code=la_code).order_by("rank"))
    names = dict(
        PublishedFigure.objects.filter(
            area_code__in=[n.neighbour_code for n in neighbours], geographic_level="Local authority"
        )
        .values_list("area_code", "area_name")
        .distinct()
    )
    return [(n, names.get(n.neighbour_code, n.neighbour_code)) for n in neighbours]


def indicators_load() -> BenchmarkLoad | None:
    """When the published indicators were loaded (None if never)."""
    return BenchmarkLoad.objects.filter(kind="indicators").first()


# --- retention ----------------------------------------------------------------------------------


def retention_spells(organisation: Organisation, team_ids: list[int] | None = None) -> list[Any]:
    """The council's permanent social-worker spells as :class:`analytics.retention.Spell`, one
    query (narrowed to *team_ids* when given)."""
    from analytics.retention import Spell

    rows = EmploymentSpell.objects.for_org(organisation).filter(
        contract="permanent", profession="social_worker"
    )
    if team_ids is not None:
        rows = rows.filter(team_id__in=team_ids)
    return [
        Spell(
            person=r[0],
            start=r[1],
            end=r[2],
            team=r[3],
            org_role=r[4],
            start_origin=r[5],
            leaving_reason=r[6],
            leaver_destination=r[7],
            step_up=r[8],
            frontline=r[9],
        )
        for r in rows.values_list(
            "person_id",
            "start_date",
            "end_date",
            "team__name",
            "org_role",
            "start_origin",
            "leaving_reason",
            "leaver_destination",
            "person__step_up_grad",
            "person__frontline_grad",
        )
    ]


def register_observed_from(organisation: Organisation) -> Any:
    """The day the register's history starts (1 October before the first census year it holds
    an absence or an ended allocation for, as :func:`dashboard.register_coverage` counts it), or
    None when it holds neither: two queries."""
    from datetime import date

    from django.db.models import Min

    firsts = [
        Absence.objects.for_org(organisation).aggregate(first=Min("start_date"))["first"],
        Allocation.objects.for_org(organisation).aggregate(first=Min("end_date"))["first"],
    ]
    days = [d for d in firsts if d is not None]
    if not days:
        return None
    first = min(days)
    census_year = first.year + (1 if first.month >= 10 else 0)
    return date(census_year - 1, 10, 1)


def region_median(measure: str, region_name: str) -> tuple[int, float] | None:
    """The median of the published figures of *region_name*'s councils for *measure*, in the
    latest year that has any (two queries), or None without published figures."""
    import statistics

    code = (
        PublishedFigure.objects.filter(geographic_level="Regional", area_name=region_name)
        .values_list("area_code", flat=True)
        .first()
    )
    if code is None:
        return None
    rows = list(
        PublishedFigure.objects.filter(
            geographic_level="Local authority", region_code=code, measure=measure
        )
        .exclude(value=None)
        .values_list("time_period", "value")
    )
    if not rows:
        return None
    latest = max(year for year, _ in rows)
    return latest, float(
        statistics.median(float(v) for year, v in rows if year == latest and v is not None)
    )


def drivers_records(organisation: Organisation) -> dict[str, Any]:
    """What the drivers-of-leaving model reads besides the spells: every allocation (worker,
    start, end), every supervision session held or booked for a supervisee (person, day) and the
    council-wide caseload cap in force now: three queries."""
    from thrive.caseloads.models import CaseloadPolicy
    from thrive.supervision.models import Session

    policy = (
        CaseloadPolicy.objects.for_org(organisation)
        .filter(team__isnull=True)
        .order_by("-effective_from")
        .values_list("full_time_cap", flat=True)
        .first()
    )
    return {
        "allocations": list(
            Allocation.objects.for_org(organisation).values_list(
                "worker_id", "start_date", "end_date"
            )
        ),
        "sessions": list(
            Session.objects.for_org(organisation)
            .exclude(supervisee=None)
            .filter(status="held")
            .values_list("supervisee_id", "starts_at")
        ),
        "cap": float(policy) if policy is not None else 17.0,
    }


def pack_commentary(organisation: Organisation, on: Any) -> dict[str, Any]:
    """The council's commentary in force on *on*, by section (the latest written on or before
    it): one query."""
    from thrive.intelligence.models import PackCommentary

    found: dict[str, Any] = {}
    for c in (
        PackCommentary.objects.for_org(organisation)
        .filter(effective_from__lte=on)
        .order_by("section", "-effective_from")
    ):
        found.setdefault(c.section, c)
    return found


def drivers_more_records(organisation: Organisation) -> dict[str, Any]:
    """The rest of what the drivers model reads, four queries: learning (attended sessions'
    CPD hours and recorded CPD, by person and day), each social worker's ASYE start (their
    first social work spell's), every social-work spell (team name, contract, FTE, dates, line
    manager) for the teams' turnover and agency share, the permanent leavings by team, and the
    days a person's line manager changed (a later spell under another manager)."""
    from datetime import date as date_type

    from thrive.caseloads.selectors.measures import asye_start
    from thrive.learning.models import Booking, CpdRecord

    learning: dict[Any, list[tuple[Any, float]]] = {}
    for person, starts_at, hours in (
        Booking.objects.for_org(organisation)
        .filter(attended=True, session__cancelled=False, person__isnull=False)
        .values_list("person_id", "session__starts_at", "session__item__cpd_hours")
    ):
        learning.setdefault(person, []).append((starts_at.date(), float(hours or 0)))
    for person, on, hours in (
        CpdRecord.objects.for_org(organisation)
        .filter(draft=False)
        .values_list("person_id", "on", "hours")
    ):
        learning.setdefault(person, []).append((on, float(hours or 0)))
    spells = list(
        EmploymentSpell.objects.for_org(organisation)
        .filter(profession="social_worker")
        .select_related("person", "team")
        .order_by("person_id", "start_date")
    )
    asye: dict[Any, date_type | None] = {}
    by_person: dict[Any, list[EmploymentSpell]] = {}
    for s in spells:
        if s.person_id not in asye:
            asye[s.person_id] = asye_start(s)
        by_person.setdefault(s.person_id, []).append(s)
    leavings: list[tuple[Any, Any]] = []
    changes: dict[Any, list[Any]] = {}
    for person, rows in by_person.items():
        for before, after in zip(rows, [*rows[1:], None], strict=True):
            joined = (
                after is not None
                and before.end_date is not None
                and (after.start_date - before.end_date).days <= 1
            )
            if before.contract == "permanent" and before.end_date is not None and not joined:
                leavings.append((before.team.name, before.end_date))
            if (
                after is not None
                and before.line_manager_id
                and after.line_manager_id
                and before.line_manager_id != after.line_manager_id
            ):
                changes.setdefault(person, []).append(after.start_date)
    return {
        "learning": learning,
        "asye_starts": asye,
        "spells": [(s.team.name, s.contract, s.fte, s.start_date, s.end_date) for s in spells],
        "leavings": leavings,
        "manager_changes": changes,
    }
