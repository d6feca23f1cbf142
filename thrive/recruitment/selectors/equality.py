"""Counts for equality by stage: candidates' broad ethnic group (and gender, age band and
disability) at each stage they reached, read from the equality monitoring table only here, and
only as counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.recruitment import edi
from thrive.recruitment.models import Application, EqualityMonitoring


def equality_by_stage(
    access: Access, *, start: date | None = None, end: date | None = None
) -> list[edi.StageRow]:
    """The equality table for the applications *access* sees (applied between *start* and *end*
    when given), against the council's Census 2021 population."""
    return equality_tables(access, start=start, end=end)[0].rows


def _count(
    rows: list[tuple[str | None, list[bool]]],
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    counts: dict[str, dict[str, int]] = {s: {} for s in edi.STAGES}
    not_given: dict[str, int] = dict.fromkeys(edi.STAGES, 0)
    for group, reached in rows:
        for stage, got_there in zip(edi.STAGES, reached, strict=True):
            if not got_there:
                continue
            if group is None:
                not_given[stage] += 1
            else:
                counts[stage][group] = counts[stage].get(group, 0) + 1
    return counts, not_given


def equality_tables(
    access: Access | None,
    *,
    start: date | None = None,
    end: date | None = None,
    organisation: Any = None,
) -> list[edi.Characteristic]:
    """Ethnic group (against the council's Census 2021 residents), gender, age band on applying
    and disability (stage against stage, each saying why it has no comparator), by stage, for
    the applications *access* sees (with no access, the operator's: every application of
    *organisation*), applied between *start* and *end* when given. One query."""
    apps = (
        Application.objects.visible_to(access, Cap.RECRUITMENT_VIEW)
        if access is not None
        else Application.objects.for_org(organisation)
    )
    if start:
        apps = apps.filter(applied_on__gte=start)
    if end:
        apps = apps.filter(applied_on__lte=end)
    raw = EqualityMonitoring.objects.filter(application__in=apps.values("pk")).values_list(
        "ethnicity",
        "gender",
        "date_of_birth",
        "disability",
        "application__applied_on",
        "application__shortlisted_on",
        "application__interviewed_on",
        "application__offered_on",
        "application__start_date",
    )
    people = []
    for ethnicity, gender, born, disabled, applied, short, inter, offered, started in raw:
        reached = [True, bool(short), bool(inter), bool(offered), bool(started)]
        people.append((ethnicity, gender, born, disabled, applied, reached))
    org = access.organisation if access is not None else organisation
    population = edi.population_shares(org.ons_code) if org.ons_code else None
    # Why each of the others has no comparator beside it (a gap says why, never a made-up one).
    not_shipped = (
        "No comparator: DfE's workforce census collects social workers' {what}, but DfE's "
        "tables of social workers by {by} are not among the published files Thrive ships (the "
        "workforce indicators, statistical neighbours and Census 2021 ethnic groups), nor is a "
        "Census 2021 table of residents by {by}. Each stage is compared with the stage before "
        "and by the four-fifths ratio only."
    )
    no_disability = (
        "No comparator: DfE's workforce census does not collect disability, so there is no "
        "published figure for social workers, and Thrive ships no Census 2021 table of residents "
        "by disability. Each stage is compared with the stage before and by the four-fifths "
        "ratio only."
    )
    specs: list[tuple[str, str, list[str], Any, dict[str, float] | None, str]] = [
        (
            "ethnicity",
            "Ethnic group",
            edi.GROUPS,
            lambda p: edi.CODE_GROUP.get(p[0]),
            population,
            "Residents: the council's usual residents of all ages in Census 2021 (ONS, shipped "
            "with Thrive)."
            if population
            else "This council has no ONS code, so the residents are not shown.",
        ),
        (
            "gender",
            "Gender",
            edi.GENDER_GROUPS,
            lambda p: edi.GENDER_CODE.get(p[1]),
            None,
            not_shipped.format(what="gender", by="gender"),
        ),
        (
            "age",
            "Age band when applying",
            edi.AGE_GROUPS,
            lambda p: edi.age_band(p[2], p[4]),
            None,
            not_shipped.format(what="dates of birth", by="age"),
        ),
        (
            "disability",
            "Disability",
            edi.DISABILITY_GROUPS,
            lambda p: edi.DISABILITY_CODE.get(p[3]),
            None,
            no_disability,
        ),
    ]
    tables = []
    for key, title, groups, group_of, shares, comparator in specs:
        counts, not_given = _count([(group_of(p), p[5]) for p in people])
        rows = edi.by_stage(counts, not_given, shares, groups)
        tables.append(edi.Characteristic(key, title, rows, comparator))
    return tables


def equality_rows(tables: list[edi.Characteristic]) -> list[dict[str, Any]]:
    """The tables flat, one row a characteristic, stage and group, as the CLI prints them: hidden
    counts and shares ``None``, as on the page."""

    def r(x: float | None) -> float | None:
        return round(x, 4) if x is not None else None

    out = []
    for table in tables:
        for row in table.rows:
            for c in row.cells:
                out.append(
                    {
                        "characteristic": table.key,
                        "stage": row.stage,
                        "group": c.group,
                        "count": c.count,
                        "share": r(c.share),
                        "share_stage_before": r(c.previous_share),
                        "residents": r(c.population),
                        "selection_rate": r(c.rate),
                        "ratio": r(c.ratio),
                        "ratio_low": r(c.interval[0]) if c.interval else None,
                        "ratio_high": r(c.interval[1]) if c.interval else None,
                        "under_four_fifths": c.adverse,
                    }
                )
            out.append(
                {
                    "characteristic": table.key,
                    "stage": row.stage,
                    "group": "Not given",
                    "count": row.not_given,
                    "share": None,
                    "share_stage_before": None,
                    "residents": None,
                    "selection_rate": None,
                    "ratio": None,
                    "ratio_low": None,
                    "ratio_high": None,
                    "under_four_fifths": False,
                }
            )
    return out


@dataclass(frozen=True)
class GradeRow:
    """One grade of the workforce (the census role): its people by group of one characteristic
    (against the council's residents for ethnic group), with the stages' hiding (cells of one to
    four, and the next smallest when only one would be hidden, "not given" being one more cell
    of the row)."""

    grade: str
    total: int | None  # who have the characteristic recorded; None when under five or when it
    # would give a hidden cell away (a hidden "not given", or the one group hidden in the row)
    cells: list[edi.Cell]
    not_given: int | None  # not recorded: a cell of the row, hidden by the same rules


@dataclass(frozen=True)
class WorkforceTable:
    """The workforce by grade for one characteristic the register records."""

    key: str  # "ethnicity", "gender", "age"
    title: str  # "Ethnic group"
    comparator: str  # where the residents' figures come from, or why there are none
    rows: list[GradeRow]


# What the register records about each person (the census items), read as a group of each
# characteristic: a person with none recorded is "not given". Disability is not recorded.
_WORKFORCE: list[tuple[str, str, list[str]]] = [
    ("ethnicity", "Ethnic group", edi.GROUPS),
    ("gender", "Gender", edi.GENDER_GROUPS),
    ("age", "Age band", edi.AGE_GROUPS),
]


def workforce_by_grade(organisation: Any, on: date) -> list[GradeRow]:
    """The council's employees in post on *on* by grade and broad ethnic group, against its
    residents (the first of :func:`workforce_tables`)."""
    return workforce_tables(organisation, on)[0].rows


def workforce_tables(organisation: Any, on: date) -> list[WorkforceTable]:
    """The council's employees in post on *on* (permanent and fixed term, as the census
    counts), by grade (the census role) and then every grade together: each broad ethnic
    group's count and share against its share of the council's residents, then the same by
    gender and by age band on *on* (the register records both; no comparator ships for them,
    and each table says why). Disability is not in the register. One query."""
    from analytics.codes import ORG_ROLE
    from thrive.people.models import EMPLOYEE_CONTRACTS, EmploymentSpell

    found = (
        EmploymentSpell.objects.for_org(organisation)
        .current(on)
        .filter(contract__in=EMPLOYEE_CONTRACTS)
        .values_list(
            "person_id", "org_role", "person__ethnicity", "person__gender", "person__date_of_birth"
        )
    )
    seen: set[int] = set()
    people: list[tuple[int | None, dict[str, str | None]]] = []  # grade, each one's groups
    for person, role, ethnicity, gender, born in found:
        if person in seen:  # two spells at once: counted once, in the first
            continue
        seen.add(person)
        people.append(
            (
                role,
                {
                    "ethnicity": edi.CODE_GROUP.get(ethnicity or ""),
                    "gender": edi.GENDER_CODE.get(gender) if gender is not None else None,
                    "age": edi.age_band(born, on),
                },
            )
        )
    population = edi.population_shares(organisation.ons_code) if organisation.ons_code else None
    comparators = {
        "ethnicity": "Residents: the council's usual residents of all ages in Census 2021 (ONS, "
        "shipped with Thrive)."
        if population
        else "This council has no ONS code, so the residents are not shown.",
        "gender": "No comparator: Thrive ships no table of residents or of social workers by "
        "gender (only the Census 2021 ethnic groups), so none is shown.",
        "age": "No comparator: Thrive ships no table of residents or of social workers by age "
        "(only the Census 2021 ethnic groups), so none is shown.",
    }
    roles = sorted({r for r, _ in people}, key=lambda r: (r is None, r or 0))
    labels = [ORG_ROLE.get(r, "Role not recorded") if r else "Role not recorded" for r in roles]
    tables = []
    for key, title, groups in _WORKFORCE:
        columns: list[str | None] = [*groups, None]  # None: not recorded
        counted = Counter((r, g[key]) for r, g in people)
        table = [{c: counted[(role, c)] for c in columns} for role in roles]
        rows: list[GradeRow] = []
        if table:
            every = {c: sum(row[c] for row in table) for c in columns}
            hidden = _suppress(table, every, columns)
            shares = population if key == "ethnicity" else None
            rows = [
                _grade_row(label, counts, hidden[i], shares, groups)
                for i, (label, counts) in enumerate(zip(labels, table, strict=True))
            ]
            rows.append(_grade_row("Every grade", every, hidden[-1], shares, groups))
        tables.append(WorkforceTable(key, title, comparators[key], rows))
    return tables


def _suppress(
    table: list[dict[Any, int]], every: dict[Any, int], columns: list[Any]
) -> list[set[Any]]:
    """Which cells to hide in each grade's row and (last) in every grade's row, so that no
    count of one to four can be worked out: in a row, from the grade's headcount (the stages'
    rule: "not given", the ``None`` column, is one more cell of the row, so a row never has
    exactly one hidden cell with anyone in it while another cell has someone); in a column, from
    every grade's count less the grades shown ("not given" too). Repeated until nothing
    changes."""
    rows = [*table, every]
    hidden = [{c for c in columns if 0 < row[c] < edi.MINIMUM} for row in rows]

    def name(c: Any) -> str:
        return edi.NOT_GIVEN if c is None else str(c)

    changed = True
    while changed:
        changed = False
        for i, row in enumerate(rows):  # a grade's headcount less its shown cells
            if len({c for c in hidden[i] if row[c]}) == 1:
                shown = [c for c in columns if c not in hidden[i] and row[c]]
                more = sorted((row[c], name(c), c) for c in shown)
                if more:
                    hidden[i].add(more[0][2])
                    changed = True
        for c in columns:  # every grade's count less the grades shown
            if c in hidden[-1]:
                continue
            gone = [i for i in range(len(table)) if c in hidden[i]]
            if len(gone) == 1:
                rest = sorted(
                    (table[i][c], i) for i in range(len(table)) if i not in gone and table[i][c]
                )
                if rest:
                    hidden[rest[0][1]].add(c)
                else:
                    hidden[-1].add(c)
                changed = True
    return hidden


def _grade_row(
    label: str,
    counts: dict[Any, int],
    hide: set[Any],
    population: dict[str, float] | None,
    groups: list[str],
) -> GradeRow:
    at = {g: counts[g] for g in groups}
    total = sum(at.values())
    # As on the stages' rows: the total of those whose group is recorded is shown from five,
    # unless it gives away a hidden "not given" (the grade's headcount less it) or the one group
    # hidden in the row; the shares go with it (a share and a shown count give the total).
    total_shown = (
        total >= edi.MINIMUM
        and None not in hide
        and len({g for g in hide if g in at and at[g] > 0}) != 1
    )
    cells = [
        edi.Cell(
            group=g,
            count=None if g in hide else at[g],
            share=None if g in hide or not total_shown else at[g] / total,
            population=population.get(g) if population else None,
            rate=None,
            ratio=None,
            interval=None,
            adverse=False,
        )
        for g in groups
    ]
    return GradeRow(
        grade=label,
        total=total if total_shown else None,
        cells=cells,
        not_given=None if None in hide else counts[None],
    )
