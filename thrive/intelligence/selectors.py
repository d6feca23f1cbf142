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

    def by_team(self) -> RegisterFrames:
        """Every team's part of the register at once, each row labelled with its ``team_id`` as
        :meth:`for_teams` would give it for that team alone: a person with spells in two teams
        brings their absences and allocations to both (one merge, not a pass per team)."""
        pairs = self.spells[["team_id", "person_id"]].drop_duplicates()

        def spread(frame: pd.DataFrame) -> pd.DataFrame:
            return frame.drop(columns=["team_id"], errors="ignore").merge(pairs, on="person_id")

        return RegisterFrames(
            spells=self.spells,
            posts=self.posts,
            absences=spread(self.absences),
            allocations=spread(self.allocations),
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


def _states_of(
    row: tuple[Any, ...], history: list[tuple[Any, dict[str, Any]]]
) -> list[tuple[Any, ...]]:
    """The dated states of one spell (*row*: org, person, profession, contract, fte, start,
    end, team) whose FTE, team, contract or profession was changed from a date."""
    org, person, profession, contract, fte, start, end, team = row
    current = {"fte": fte, "team_id": team, "contract": contract, "profession": profession}
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
    return [
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
            org,
        )
        for valid_from, valid_to, values in states
        if valid_to is None or valid_to > valid_from
    ]


def _histories(
    revisions: Iterable[tuple[Any, ...]],
) -> dict[int, list[tuple[Any, dict[str, Any]]]]:
    changes: dict[int, list[tuple[Any, dict[str, Any]]]] = {}
    for record_id, effective, changed, before in revisions:
        if set(changed) & set(STATE_FIELDS):
            changes.setdefault(record_id, []).append((effective, before))
    return changes


SPELL_QUERY_COLUMNS = [
    "id",
    "organisation_id",
    "person_id",
    "profession",
    "contract",
    "fte",
    "start_date",
    "end_date",
    "team_id",
]


TEXT_COLUMNS = {"profession", "contract", "reason", "child_id", "post_id"}
BOOL_COLUMNS = {"social_work_post"}


def _is_date(name: str) -> bool:
    return name.endswith(("_date", "_from", "_to"))


def _day_numbers(days: Any) -> pd.Series:
    """Days since 1970 (NaN = blank) as datetime64, in numpy."""
    import numpy as np

    out = np.full(len(days), np.datetime64("NaT"), dtype="datetime64[ns]")
    known = ~np.isnan(days)
    out[known] = days[known].astype("int64").astype("datetime64[D]")
    return pd.Series(out)


def _read(queryset: Any, columns: list[str], names: list[str]) -> pd.DataFrame:
    """*columns* of *queryset* as a DataFrame with *names*, in one query. On PostgreSQL the
    database writes the rows as one CSV text (dates as day numbers) that pandas parses in C:
    no Python object per row or cell. Elsewhere (SQLite) the rows come straight from the
    driver's cursor, without the ORM's converter calls per cell (most of the time a regional
    page took to read three councils' registers), and pandas converts each column at once."""
    from django.db import connection

    values = queryset.order_by().values_list(*columns)
    sql, params = values.query.sql_with_params()
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            frame = pd.DataFrame.from_records(cursor.fetchall(), columns=names)
        for name in names:
            if _is_date(name):
                frame[name] = pd.to_datetime(frame[name], format="ISO8601").astype("datetime64[ns]")
            elif name in BOOL_COLUMNS:
                frame[name] = frame[name].astype(bool)
        return frame
    import io

    def cell(i: int, name: str) -> str:
        c = f"q.c{i}"
        if _is_date(name):
            text = f"({c} - DATE '1970-01-01')::text"
        elif name in BOOL_COLUMNS:
            text = f"{c}::int::text"
        elif name in TEXT_COLUMNS:
            text = f"'\"' || replace({c}::text, '\"', '\"\"') || '\"'"
        else:
            text = f"{c}::text"
        return f"coalesce({text}, '')"

    aliases = ", ".join(f"c{i}" for i in range(len(names)))
    row = " || ',' || ".join(cell(i, n) for i, n in enumerate(names))
    # Our own column expressions around Django's query (its parameters stay parameters).
    wrapped = f"SELECT string_agg({row}, E'\\n') FROM ({sql}) AS q({aliases})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(wrapped, params)
        text = cursor.fetchone()[0]
    if not text:
        return _frame([], names)
    frame = pd.read_csv(
        io.StringIO(text),
        names=names,
        header=None,
        keep_default_na=False,
        na_values=[""],
        dtype={n: object for n in names if n in TEXT_COLUMNS},
    )
    for name in names:
        if _is_date(name):
            frame[name] = _day_numbers(frame[name].to_numpy(dtype=float))
        elif name in BOOL_COLUMNS:
            frame[name] = frame[name].map({1: True, 0: False})
    return frame


def register_frames_many(organisations: Iterable[Organisation | int]) -> RegisterFrames:
    """The registers of many councils at once, each row carrying its ``organisation_id``: five
    queries whatever their number and size (one per table, and the dated changes of spells)."""
    ids: list[int] = [o if isinstance(o, int) else int(o.pk) for o in organisations]
    spells = _read(
        EmploymentSpell.objects.filter(organisation_id__in=ids),
        SPELL_QUERY_COLUMNS,
        [
            "_id",
            "organisation_id",
            "person_id",
            "profession",
            "contract",
            "fte",
            "start_date",
            "end_date",
            "team_id",
        ],
    )
    spells["fte"] = spells["fte"].astype(float)
    spells["valid_from"] = spells["start_date"]
    spells["valid_to"] = pd.Series(pd.NaT, index=spells.index, dtype="datetime64[ns]")
    histories = _histories(
        RegisterRevision.objects.filter(
            organisation_id__in=ids, kind="spell", source=DATED_CHANGE_SOURCE
        )
        .order_by("record_id", "effective_date", "id")
        .values_list("record_id", "effective_date", "changed", "before")
    )
    changed = spells["_id"].isin(list(histories))
    if changed.any():
        rows: list[tuple[Any, ...]] = []
        records: list[dict[Any, Any]] = spells[changed].to_dict("records")
        for record in records:
            end = record["end_date"]
            row = (
                record["organisation_id"],
                record["person_id"],
                record["profession"],
                record["contract"],
                record["fte"],
                record["start_date"].date(),
                None if pd.isna(end) else end.date(),
                record["team_id"],
            )
            rows.extend(_states_of(row, histories[int(record["_id"])]))
        states = _frame(rows, [*SPELL_COLUMNS, "organisation_id"])
        spells = pd.concat([spells[~changed], states], ignore_index=True)
    spells = spells[[*SPELL_COLUMNS, "organisation_id"]].reset_index(drop=True)
    posts = _read(
        Post.objects.filter(organisation_id__in=ids),
        [
            "post_id",
            "fte",
            "social_work_post",
            "funded_from",
            "funded_to",
            "holder_id",
            "team_id",
            "organisation_id",
        ],
        [*POST_COLUMNS, "organisation_id"],
    )
    posts["fte"] = posts["fte"].astype(float)
    absences = _read(
        Absence.objects.filter(organisation_id__in=ids),
        [*ABSENCE_COLUMNS, "organisation_id"],
        [*ABSENCE_COLUMNS, "organisation_id"],
    )
    absences["working_days"] = absences["working_days"].astype(float)
    allocations = _read(
        Allocation.objects.filter(organisation_id__in=ids),
        ["child_id", "worker_id", "start_date", "end_date", "organisation_id"],
        [*ALLOCATION_COLUMNS, "organisation_id"],
    )
    return RegisterFrames(spells=spells, posts=posts, absences=absences, allocations=allocations)


def register_frames(organisation: Organisation) -> RegisterFrames:
    """The whole organisation's register, five queries whatever its size."""
    return register_frames_many([organisation])


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
    query (narrowed to *team_ids* when given), each with the day the person's academy enrolment
    started (the academy area's record; none without one)."""
    from django.db.models import OuterRef, Subquery

    from analytics.retention import Spell
    from thrive.academy.models import Enrolment

    enrolled = Enrolment.objects.filter(
        organisation=organisation, person_id=OuterRef("person_id")
    ).values("started_on")[:1]
    rows = (
        EmploymentSpell.objects.for_org(organisation)
        .filter(contract="permanent", profession="social_worker")
        .annotate(academy_started=Subquery(enrolled))
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
            academy_started=r[10],
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
            "academy_started",
        )
    ]


def academy_places(
    organisation: Organisation, person_ids: Iterable[Any] | None = None
) -> list[Any]:
    """The academy area's enrolments as :class:`analytics.projection_inputs.AcademyPlace` (one
    query), narrowed to *person_ids* when given: each with its expected qualifying day, a year
    from its start or the extension's end."""
    from analytics.projection_inputs import AcademyPlace
    from thrive.academy.dates import add_months
    from thrive.academy.models import Enrolment

    rows = Enrolment.objects.for_org(organisation)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return [
        AcademyPlace(
            person=person,
            started_on=started,
            outcome=outcome,
            outcome_on=outcome_on,
            expected_end=extended_to or add_months(started, 12),
            recorded_on=created.date() if created else None,
        )
        for person, started, outcome, outcome_on, extended_to, created in rows.values_list(
            "person_id", "started_on", "outcome", "outcome_on", "extended_to", "created_at"
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
    """The rest of what the drivers model reads, five queries: learning (attended sessions'
    CPD hours and recorded CPD, by person and day), each social worker's ASYE start (their
    first social work spell's), every social-work spell (team name, contract, FTE, dates, line
    manager) for the teams' turnover and agency share, the permanent leavings by team, and the
    days a person's line manager changed (a later spell under another manager), and the days a
    panel did not agree a person's progression."""
    from datetime import date as date_type

    from thrive.academy.selectors import progression_not_agreed
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
        "progression_refusals": progression_not_agreed(organisation),
    }
