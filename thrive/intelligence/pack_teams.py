"""The evidence pack's caseloads by team (from the caseloads area's selectors: the Caseloads
page's case holders and caps, counted one way) and the academy's progression by level (plans,
panels and decisions over the pack's five census years). Groups under five people are never
shown, directly or by subtraction (:func:`hide_small`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from thrive.core.charts import Series, line_chart
from thrive.intelligence.pack_sections import FEWER, SMALLEST_GROUP, Part


def hide_small(counts: Sequence[int], hidden_too: Sequence[bool] = ()) -> list[int | None]:
    """Counts of people that together make a whole a reader could know: one to four hidden
    (None), as are those *hidden_too* marks (hidden for another reason); then, while what is
    hidden holds one to four people together, the smallest count shown is hidden with them, so
    no group under five can be worked out by subtraction. Nobody (0) is shown. Every count left
    shown is 0 or at least five, so hiding more only adds five or more to what is hidden."""
    marked = list(hidden_too) or [False] * len(counts)
    shown: list[int | None] = [
        None if m or 0 < n < SMALLEST_GROUP else n for n, m in zip(counts, marked, strict=True)
    ]
    hidden = sum(n for n, s in zip(counts, shown, strict=True) if s is None)
    order = sorted((i for i, s in enumerate(shown) if s), key=lambda i: counts[i])
    for i in order:
        if hidden == 0 or hidden >= SMALLEST_GROUP:
            break
        shown[i] = None
        hidden += counts[i]
    return shown


def _people(value: int | None) -> Any:
    return FEWER if value is None else value


def caseloads_part(organisation: Any, on: date) -> Part:
    """Each team's case holders on *on* against the council's cap, by the one definition the
    Caseloads page and the statutory measures share (:class:`CaseHolders`): social workers in
    post or on agency holding at least one child, the children each holds counted once. A team
    shows its figures only when its case holders are five or more and no smaller team could be
    worked out from the council's total."""
    from thrive.caseloads.selectors.measures import (
        Policies,
        case_holding_spells,
        caseload_trend,
        loads_case_holders,
        worker_loads,
    )

    loads = worker_loads(
        organisation, case_holding_spells(organisation, on), on, keep_children=True
    )
    policies = Policies(organisation)
    by_team: dict[int, list[Any]] = defaultdict(list)
    names: dict[int, str] = {}
    for w in loads:
        by_team[w.spell.team_id].append(w)
        names[w.spell.team_id] = w.spell.team.name
    teams = sorted(by_team, key=lambda t: names[t])

    def figures(ws: list[Any], team_id: int | None) -> list[Any]:
        counted = loads_case_holders(ws)
        holding = [w for w in ws if w.cases]
        return [
            counted.people,
            round(counted.fte, 1),
            counted.children,
            round(sum(w.cases for w in holding) / len(holding), 1) if holding else None,
            counted.average,
            max((w.cases for w in holding), default=None),
            policies.on(team_id, on).full_time_cap,
            len({w.spell.person_id for w in holding if w.colour == "red"}),
        ]

    worked = {t: figures(by_team[t], t) for t in teams}
    people = hide_small([worked[t][0] for t in teams])
    over = hide_small([worked[t][7] for t in teams], [p is None for p in people])
    rows: list[list[Any]] = []
    for t, shown, over_shown in zip(teams, people, over, strict=True):
        f = worked[t]
        if shown is None:
            rows.append([names[t], FEWER, None, None, None, None, None, f[6], None])
        else:
            rows.append([names[t], *f[:7], _people(over_shown)])
    total = figures(loads, None)
    trend = caseload_trend(organisation, on)
    council = total[0] >= SMALLEST_GROUP
    total_over = total[7] if total[7] == 0 or total[7] >= SMALLEST_GROUP else None
    rows.append(
        ["All teams", *total[:7], _people(total_over)]
        if council
        else ["All teams", FEWER, None, None, None, None, None, total[6], None]
    )
    shown_rows = [r for r in rows[:-1] if r[1] != FEWER]
    sentence = (
        "Too few social workers held cases on the day to show."
        if not council
        else f"On {on:%-d %B %Y} {total[0]} social workers held cases: {total[4]} children per "
        f"case-holding FTE against a full-time cap of {total[6]:g}"
        + (
            f"; the highest team average was {max(r[4] for r in shown_rows if r[4])} "
            f"({max(shown_rows, key=lambda r: r[4] or 0)[0]})."
            if any(r[4] for r in shown_rows)
            else "."
        )
    )
    return Part(
        [
            "Team",
            "Case holders",
            "Case-holding FTE",
            "Children held",
            "Children per case holder",
            "Children per case-holding FTE",
            "Highest caseload",
            "Full-time cap",
            "Over their cap",
        ],
        rows,
        sentence,
        chart=line_chart(
            chart_id="pack-caseloads",
            title="Children per case-holding FTE at each month end, against the cap",
            categories=[t["date"].strftime("%b %y") for t in trend],
            series=[
                Series(
                    "Children per case-holding FTE",
                    [t["average"] if t["holders"] >= SMALLEST_GROUP else None for t in trend],
                ),
                Series(
                    "Full-time cap", [policies.on(None, t["date"]).full_time_cap for t in trend]
                ),
            ],
            description="The council's children per case-holding FTE at the end of each of the "
            "last twelve months (the last is the pack's date) against its full-time cap; a "
            "month with fewer than 5 case holders is a gap",
        ),
        notes=[
            "Case holders are social workers in post or on agency holding at least one child "
            "that day, as on the Caseloads page; children per case-holding FTE is the "
            "statutory measure (the profile's caseload on 30 September).",
            "A team with fewer than 5 case holders shows only that (and, if it could be worked "
            "out from the total, the next smallest team too); the cap is the full-time cap in "
            "force for the team that day, lower for part-time and newly qualified workers.",
        ],
    )


# A plan's place on *on*: the decisions and the two stages before one, in the table's order.
STAGES = ("planning", "applied", "progressed", "not_yet", "declined")


def _stage_on(plan: tuple[Any, ...], on: date) -> tuple[str, date | None]:
    """The plan's stage on *on* and the day it ended (a panel's decision or the person
    declining), from its dates: a decision made after *on* was then still to come."""
    _, _, status, applied_on, panel_on, declined_on = plan
    if status in ("progressed", "not_yet") and panel_on is not None and panel_on <= on:
        return status, panel_on
    if status == "declined" and declined_on is not None and declined_on <= on:
        return "declined", declined_on
    if applied_on is not None and applied_on <= on:
        return "applied", None
    return "planning", None


def progression_part(organisation: Any, on: date, years: list[int]) -> Part:
    """For each level of the progression framework: the plans open at some time in the pack's
    five census years (to *on*) and where each stood on *on* — still planning, applied for a
    panel, progressed or "not yet" at panel, or declined by the person — and, each census year,
    the panels' decisions. Counts of one to four are hidden, with the next smallest where the
    hidden ones could be worked out by subtraction."""
    from thrive.academy.models import ProgressionPlan
    from thrive.academy.selectors import progression_levels

    start = date(years[0] - 1, 10, 1)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    yearly: dict[str, dict[int, int]] = {"progressed": {}, "not_yet": {}}
    for plan in ProgressionPlan.objects.for_org(organisation).values_list(
        "level__name", "created_at", "status", "applied_on", "panel_on", "declined_on"
    ):
        made = plan[1]
        made_on = timezone.localdate(made) if timezone.is_aware(made) else made.date()
        if made_on > on:
            continue
        stage, ended = _stage_on(plan, on)
        if ended is not None and ended < start:
            continue
        counts[plan[0]][stage] += 1
        if stage in yearly and ended is not None:
            y = ended.year + (1 if ended > date(ended.year, 9, 30) else 0)
            yearly[stage][y] = yearly[stage].get(y, 0) + 1
    ranks = {lv.name: lv.rank for lv in progression_levels(organisation, on)}
    levels = sorted(counts, key=lambda n: (ranks.get(n, 999), n))
    grid = [[counts[n][s] for s in STAGES] for n in levels]
    # A level's plans: hidden under five. Their total is never shown, so a hidden level cannot
    # be worked out from the others; the decisions' total is (the yearly series), below.
    plans = [n if n >= SMALLEST_GROUP else None for n in (sum(g) for g in grid)]
    cells: list[list[int | None]] = [
        hide_small(g) if p is not None else [None] * len(STAGES)
        for g, p in zip(grid, plans, strict=True)
    ]
    # The decisions across the levels too (their total is the yearly series'); hiding more
    # only adds five or more, so a row once safe stays safe.
    for j in (STAGES.index("progressed"), STAGES.index("not_yet")):
        column = hide_small([g[j] for g in grid], [row[j] is None for row in cells])
        for i, v in enumerate(column):
            if v is None:
                cells[i][j] = None
    rows = [
        [n, _people(p), *[_people(c) for c in row]]
        for n, p, row in zip(levels, plans, cells, strict=True)
    ]
    series = {
        k: dict(zip(years, hide_small([v.get(y, 0) for y in years]), strict=True))
        for k, v in yearly.items()
    }
    shown = [r for r in rows if r[1] != FEWER]
    sentence = (
        "No progression plan was open in these five years."
        if not rows
        else "Each level had fewer than 5 plans in these years, too few to show."
        if not shown
        else "Over the five census years "
        + "; ".join(f"{r[1]} plans towards {r[0]}, {r[4]} progressed at panel" for r in shown)
        + "."
    )
    return Part(
        [
            "Level",
            "Plans",
            "Still planning",
            "Applied for a panel",
            "Progressed at panel",
            "Not yet (panel)",
            "Declined by the person",
        ],
        rows,
        sentence,
        chart=line_chart(
            chart_id="pack-progression",
            title="Panel decisions each census year",
            categories=[str(y) for y in years],
            series=[
                Series("Progressed", [series["progressed"][y] for y in years]),
                Series("Not yet", [series["not_yet"][y] for y in years]),
            ],
            description="Progression panels' decisions each year to 30 September; a year "
            "with one to four decisions of a kind is a gap",
        )
        if rows
        else "",
        notes=[
            f"Plans open at some time from {start:%-d %B %Y} to {on:%-d %B %Y}, where each "
            "stood on the pack's date (a decision made after it counts as still to come).",
            "Counts of 1 to 4 show \u201cfewer than 5\u201d, and the next smallest too where "
            "they could be worked out by subtraction.",
            "Panel decisions each census year: "
            + "; ".join(
                f"{y}: {_people(series['progressed'][y])} progressed, "
                f"{_people(series['not_yet'][y])} not yet"
                for y in years
            )
            + ".",
        ],
    )
