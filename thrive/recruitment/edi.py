"""Equality by stage: each ethnic group's share of the candidates at each stage (applied,
shortlisted, interviewed, offered, started) against the council's population in Census 2021, and
each group's selection rate from applying to the stage against the highest group's rate: the
four-fifths rule (a ratio under 0.8 flags possible adverse impact, a screening rule, reported with
its 95% interval). Groups of one to four are hidden, and where a single group would be hidden
the next smallest is hidden too, so no hidden count follows from the total minus the others; a
group's count fewer than five below its count at the stage before is hidden too, so no count
follows by subtraction between stages either. Those who did not give their group ("not given")
are one more cell of each row under the same rules: the stage's count of everyone is published,
so the given total plus "not given" is known.

Pure functions over counts; the selector gathers the counts. Groups are the five broad ethnic
groups of the census, so the candidates' census codes and ONS's 20 categories compare."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MINIMUM = 5
FOUR_FIFTHS = 0.8
STAGES = ["applied", "shortlisted", "interviewed", "offered", "started"]
STAGE_LABELS = {
    "applied": "Applied",
    "shortlisted": "Shortlisted",
    "interviewed": "Interviewed",
    "offered": "Offered",
    "started": "Started",
}
GROUPS = ["Asian", "Black", "Mixed", "White", "Other"]
NOT_GIVEN = "Not given"  # the row's cell for those who did not give (or preferred not to say)

# The census Ethnicity code's broad group (REFU and NOBT: none, not counted in any group).
CODE_GROUP = {
    **dict.fromkeys(["WBRI", "WIRI", "WOTH"], "White"),
    **dict.fromkeys(["MWBC", "MWBA", "MWAS", "MOTH"], "Mixed"),
    **dict.fromkeys(["AIND", "APKN", "ABAN", "AOTH", "CHNE"], "Asian"),
    **dict.fromkeys(["BCRB", "BAFR", "BOTH"], "Black"),
    "OOTH": "Other",
}
# ONS's 20 categories (by the label's start) to the broad group. The census puts Chinese with
# Asian, as the workforce census's CHNE is counted here.
ONS_PREFIX = [
    ("Asian", "Asian"),
    ("Black", "Black"),
    ("Mixed", "Mixed"),
    ("White", "White"),
    ("Other", "Other"),
]
ONS_FILE = (
    Path(__file__).resolve().parents[1]
    / "intelligence"
    / "data"
    / "published"
    / "ons-ethnicity"
    / "ons-ethnic-population-la.csv"
)


@cache
def _ons_table() -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    with ONS_FILE.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            if not row or not row[0].startswith("E"):
                continue
            code, label, count = row[0], row[3], row[4]
            group = next((g for prefix, g in ONS_PREFIX if label.startswith(prefix)), None)
            if group is None:
                continue
            shares = table.setdefault(code, dict.fromkeys(GROUPS, 0))
            shares[group] += int(count)
    return table


def population_shares(ons_code: str) -> dict[str, float] | None:
    """Each broad group's share of the council's usual residents in Census 2021 (None when the
    council has no ONS code in the published file)."""
    counts = _ons_table().get(ons_code)
    if not counts:
        return None
    total = sum(counts.values())
    return {g: counts[g] / total for g in GROUPS} if total else None


def hidden_groups(counts: dict[str, int]) -> set[str]:
    """The groups to hide: those of one to four, and, if only one would be hidden, the next
    smallest shown group as well (so the total minus the shown groups reveals nothing). When no
    other group has anyone, the whole row is hidden, its empty groups too: a row of noughts
    beside one hidden count gives that count away as the stage's total."""
    hide = {g for g, n in counts.items() if 0 < n < MINIMUM}
    if len(hide) == 1:
        shown = sorted((n, g) for g, n in counts.items() if g not in hide and n > 0)
        if shown:
            hide.add(shown[0][1])
        else:
            hide = set(counts) | set(GROUPS)
    return hide


def _complete(counts: dict[str, int], hide: set[str]) -> set[str]:
    """*hide* with the row rule applied: a stage with a single hidden group hides the next
    smallest shown group too (or the whole row, its empty groups too, when no other has
    anyone)."""
    hide = set(hide)
    hidden_here = {g for g in hide if counts.get(g, 0) > 0}
    if len(hidden_here) == 1:
        shown = sorted((n, g) for g, n in counts.items() if g not in hide and n > 0)
        if shown:
            hide.add(shown[0][1])
        else:
            hide |= set(counts) | set(GROUPS)
    return hide


def hidden_cells(at: dict[str, dict[str, int]]) -> dict[str, set[str]]:
    """For each stage (in :data:`STAGES` order), the groups whose count is hidden: those of one
    to four and their row's complement (:func:`hidden_groups`), and, so that no count follows by
    subtraction between stages, a group's count that is fewer than five below its last shown
    count at an earlier stage (the difference would name those who left between). Hiding one
    may expose another, so the rules repeat until nothing changes."""
    hide = {stage: hidden_groups(at.get(stage, {})) for stage in STAGES}
    while True:
        changed = False
        groups = {g for counts in at.values() for g in counts}
        for g in sorted(groups):
            last: int | None = None
            for stage in STAGES:
                n = at.get(stage, {}).get(g, 0)
                if g in hide[stage]:
                    continue
                if last is not None and 0 < last - n < MINIMUM:
                    hide[stage].add(g)
                    changed = True
                    continue
                last = n
        for stage in STAGES:
            completed = _complete(at.get(stage, {}), hide[stage])
            if completed != hide[stage]:
                hide[stage] = completed
                changed = True
        if not changed:
            return hide


def impact_interval(
    rate_count: int, rate_base: int, top_count: int, top_base: int
) -> tuple[float, float] | None:
    """95% interval of a ratio of two selection rates (Katz's log method); None when a rate is
    zero or one (the interval is not defined there)."""
    if not (rate_count > 0 and top_count > 0 and rate_base and top_base):
        return None
    p1, p2 = rate_count / rate_base, top_count / top_base
    var = (1 - p1) / rate_count + (1 - p2) / top_count
    ratio = p1 / p2
    half = 1.96 * math.sqrt(var)
    return (ratio * math.exp(-half), ratio * math.exp(half))


@dataclass(frozen=True)
class Cell:
    group: str
    count: int | None  # None: hidden
    share: float | None  # of the stage's candidates who gave their ethnic group
    population: float | None  # of the council's residents
    rate: float | None  # reaching this stage, of the group's applicants
    ratio: float | None  # rate over the highest shown group's rate
    interval: tuple[float, float] | None
    adverse: bool  # ratio under four-fifths
    # The group's share at the stage before (None at applying, or where either is not shown):
    # each stage against the previous one.
    previous_share: float | None = None


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    total: int | None  # everyone at the stage who gave their group; None when under five
    cells: list[Cell]
    not_given: int | None  # prefer not to say or blank (hidden as a group is: see by_stage)


def by_stage(
    counts: dict[str, dict[str, int]],
    not_given: dict[str, int],
    population: dict[str, float] | None,
    groups: list[str] = GROUPS,
) -> list[StageRow]:
    """The table: *counts* is each stage's count by group (candidates who reached the stage);
    *groups* the characteristic's groups, in the order shown (ethnic group unless given)."""
    applied = counts.get("applied", {})
    every = {stage: {g: counts.get(stage, {}).get(g, 0) for g in groups} for stage in STAGES}
    # "Not given" is one more cell of each stage's row: the stage's count of everyone is
    # published (the stage counts), so the row's cells, not given among them, sum to a known
    # total, and "not given" falls between stages like any group.
    hidden_at = hidden_cells(
        {stage: {**every[stage], NOT_GIVEN: not_given.get(stage, 0)} for stage in STAGES}
    )
    rows = []
    before: dict[str, float | None] = {}  # each group's share at the stage before
    for stage in STAGES:
        at = every[stage]
        total = sum(at.values())
        hide = hidden_at[stage]
        other_hidden = NOT_GIVEN in hide
        # The total is shown from five, unless it would give away the one group hidden at the
        # stage (every other group has no one), or the hidden "not given" (the stage's count of
        # everyone less this total): then it is hidden too, and the shares with it.
        total_shown = (
            total >= MINIMUM
            and not other_hidden
            and len({g for g in hide if g in at and at[g] > 0}) != 1
        )
        rates = {
            g: at[g] / applied[g]
            for g in groups
            if g not in hide and applied.get(g, 0) >= MINIMUM and g not in hidden_at["applied"]
        }
        # The highest rate; of equal rates, the group with more applicants (the surer yardstick).
        top_group = max(rates, key=lambda g: (rates[g], applied[g])) if rates else None
        top = rates.get(top_group) if top_group else None
        cells = []
        for g in groups:
            hidden = g in hide
            share = None if hidden or not total_shown else at[g] / total
            rate = rates.get(g)
            ratio = rate / top if rate is not None and top else None
            interval = (
                impact_interval(at[g], applied[g], at[top_group], applied[top_group])
                if ratio is not None and top_group and g != top_group
                else None
            )
            cells.append(
                Cell(
                    group=g,
                    count=None if hidden else at[g],
                    share=share,
                    population=population.get(g) if population else None,
                    rate=None if stage == "applied" else rate,
                    ratio=None if stage == "applied" else ratio,
                    interval=None if stage == "applied" else interval,
                    adverse=stage != "applied" and ratio is not None and ratio < FOUR_FIFTHS,
                    previous_share=before.get(g) if share is not None else None,
                )
            )
        before = {c.group: c.share for c in cells}
        other = not_given.get(stage, 0)
        rows.append(
            StageRow(
                stage=stage,
                label=STAGE_LABELS[stage],
                total=total if total_shown else None,
                cells=cells,
                not_given=None if other_hidden else other,
            )
        )
    return rows


# The other characteristics candidates may give. Thrive ships no comparator for these (DfE's
# social worker characteristics tables are not in its data package, and DfE's census does not
# collect disability), so they are compared stage with stage only, and each table says why
# rather than invent a comparator.
GENDER_GROUPS = ["Woman", "Man"]
GENDER_CODE = {2: "Woman", 1: "Man"}  # 9 (prefer not to say, or in another way): not given
AGE_GROUPS = ["16 to 24", "25 to 34", "35 to 49", "50 to 64", "65 and over"]
DISABILITY_GROUPS = ["Disabled", "Not disabled"]
DISABILITY_CODE = {"yes": "Disabled", "no": "Not disabled"}


def age_band(born: object, on: object) -> str | None:
    """The age band on *on* of someone born on *born* (None when either is missing)."""
    from datetime import date

    if not isinstance(born, date) or not isinstance(on, date):
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < 16:
        return None
    for low, band in ((65, "65 and over"), (50, "50 to 64"), (35, "35 to 49"), (25, "25 to 34")):
        if age >= low:
            return band
    return "16 to 24"


@dataclass(frozen=True)
class Characteristic:
    key: str
    title: str  # "Ethnic group"
    rows: list[StageRow]
    comparator: str  # where the population figures come from, or why there are none
