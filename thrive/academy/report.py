"""The academy report: cohorts, ASYE progress, each cohort's retention at 1, 2 and 3 years beside
comparable colleagues who joined qualified, and the grown-our-own share of the workforce.

Retention
    A cohort's members are the social workers enrolled in it (and, for years before the academy,
    the newly qualified social workers who started that year); each is followed from the day
    their assessed year began to the day they left the council (the end of their last spell,
    when no later spell is open), or to the report's day (censored). The comparison group is the
    social workers who joined the council qualified (an employee whose first social work spell
    did not start their first year) in the same calendar year. Each group's retention at 1, 2
    and 3 years is the Kaplan–Meier estimate (lifelines' ``KaplanMeierFitter``) with its 95%
    confidence interval (lifelines' default, the exponential Greenwood interval); a year not yet
    reached by anyone in the group is blank. A group of fewer than five people shows only its
    size.

Grown our own
    Of the social workers employed on the day, those who came through the council's academy (or
    started with it newly qualified), Step Up, Frontline, an apprenticeship or student placement
    with the council, or who progressed from another role in it (an earlier spell of another
    profession). By team, with teams under five people shown only as a count, and the smallest
    teams shown beside them hidden too when the hidden teams hold fewer than five together (the
    council's figure less the teams shown would otherwise reveal them).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thrive.academy.models import Enrolment
from thrive.people.models import EmploymentSpell, Organisation

SMALLEST_GROUP = 5
YEARS = (1, 2, 3)
DAYS_A_YEAR = 365.25


@dataclass
class Point:
    years: int
    retained: float | None
    low: float | None
    high: float | None


@dataclass
class Survival:
    label: str
    n: int
    left: int
    points: list[Point] = field(default_factory=list)
    suppressed: bool = False


def kaplan_meier(
    label: str, durations: Sequence[float], events: Sequence[int], years: Sequence[int] = YEARS
) -> Survival:
    """Retention at each of *years* (durations in years; event 1 = left) with 95% limits."""
    curve = Survival(label, len(durations), int(sum(events)))
    if len(durations) < SMALLEST_GROUP:
        curve.suppressed = True
        curve.points = [Point(y, None, None, None) for y in years]
        return curve
    from lifelines import KaplanMeierFitter

    km = KaplanMeierFitter().fit(list(durations), list(events), label=label)
    ci = km.confidence_interval_survival_function_
    longest = max(durations)
    for y in years:
        if y > longest:
            curve.points.append(Point(y, None, None, None))
            continue
        upto = ci[ci.index <= y]
        low, high = (float(v) for v in upto.iloc[-1])
        low = 0.0 if math.isnan(low) else low
        high = 1.0 if math.isnan(high) else high
        curve.points.append(Point(y, round(float(km.predict(y)), 4), round(low, 4), round(high, 4)))
    return curve


def _careers(organisation: Organisation) -> dict[int, list[EmploymentSpell]]:
    spells: dict[int, list[EmploymentSpell]] = defaultdict(list)
    for s in (
        EmploymentSpell.objects.for_org(organisation)
        .select_related("person", "team")
        .order_by("person_id", "start_date")
    ):
        spells[s.person_id].append(s)
    return spells


def _left_on(spells: list[EmploymentSpell], on: date) -> date | None:
    """When the person left the council (None: still here on *on*)."""
    ends = [s.end_date for s in spells if s.start_date <= on]
    if not ends or any(e is None or e > on for e in ends):
        return None
    return max(e for e in ends if e is not None)


def _follow(start: date, left: date | None, on: date) -> tuple[float, int]:
    end = left if left is not None else on
    return max((end - start).days, 0) / DAYS_A_YEAR, 1 if left is not None else 0


def retention_by_cohort(organisation: Organisation, on: date) -> list[dict[str, Any]]:
    """Each cohort year's retention beside those who joined qualified that year."""
    from thrive.caseloads.selectors import asye_start

    careers = _careers(organisation)
    enrolled: dict[int, list[tuple[int, date]]] = defaultdict(list)
    members = set()
    for e in Enrolment.objects.for_org(organisation).select_related("cohort"):
        enrolled[e.cohort.starts_on.year].append((e.person_id, e.started_on))
        members.add(e.person_id)
    joined_qualified: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for person_id, spells in careers.items():
        sw = [
            s
            for s in spells
            if s.profession == "social_worker" and s.contract in ("permanent", "fixed_term")
        ]
        if not sw or person_id in members:
            continue
        if asye_start(sw[0]) is not None:
            # Newly qualified but never enrolled (a register from before the academy): the
            # intake of the year they started.
            enrolled[sw[0].start_date.year].append((person_id, sw[0].start_date))
        else:
            joined_qualified[sw[0].start_date.year].append((person_id, sw[0].start_date))
    rows = []
    for year in sorted(enrolled):
        groups = []
        for label, people in (
            (f"{year} academy cohort", enrolled[year]),
            (f"Joined qualified in {year}", joined_qualified.get(year, [])),
        ):
            pairs = [
                _follow(start, _left_on(careers.get(pid, []), on), on)
                for pid, start in people
                if start <= on
            ]
            groups.append(kaplan_meier(label, [d for d, _ in pairs], [e for _, e in pairs]))
        rows.append({"year": year, "cohort": groups[0], "comparators": groups[1]})
    return rows


GROWN_ROUTES = ("academy", "step_up", "frontline", "apprentice", "internal")


def grown_our_own(
    organisation: Organisation,
    on: date,
    *,
    careers: dict[int, list[EmploymentSpell]] | None = None,
    members: set[int] | None = None,
) -> dict[str, Any]:
    """The share of the social workers employed on *on* who were grown by the council."""
    from thrive.caseloads.selectors import asye_start

    if careers is None:
        careers = _careers(organisation)
    if members is None:
        members = set(Enrolment.objects.for_org(organisation).values_list("person_id", flat=True))
    teams: dict[str, list[bool]] = defaultdict(list)
    routes: dict[str, int] = defaultdict(int)
    total = grown = 0
    for person_id, spells in careers.items():
        now = [
            s
            for s in spells
            if s.profession == "social_worker"
            and s.contract in ("permanent", "fixed_term")
            and s.start_date <= on
            and (s.end_date is None or s.end_date > on)
        ]
        if not now:
            continue
        person = now[0].person
        first_sw = next(s for s in spells if s.profession == "social_worker")
        earlier = [s for s in spells if s.start_date < first_sw.start_date]
        route = ""
        if person_id in members or (
            asye_start(first_sw) is not None and first_sw.contract != "agency"
        ):
            route = "academy"
        elif person.step_up_grad:
            route = "step_up"
        elif person.frontline_grad:
            route = "frontline"
        elif any(s.contract in ("apprentice", "student") for s in earlier):
            route = "apprentice"
        elif any(s.profession != "social_worker" for s in earlier):
            route = "internal"
        total += 1
        if route:
            grown += 1
            routes[route] += 1
        teams[now[-1].team.name].append(bool(route))
    by_team = []
    for name in sorted(teams):
        flags = teams[name]
        shown = len(flags) >= SMALLEST_GROUP
        by_team.append(
            {
                "team": name,
                "social_workers": len(flags),
                "grown": sum(flags) if shown else None,
                "share": round(sum(flags) / len(flags), 3) if shown else None,
            }
        )
    if total >= SMALLEST_GROUP:
        _hide_by_difference(by_team)
    return {
        "on": on.isoformat(),
        "social_workers": total,
        "grown": grown if total >= SMALLEST_GROUP else None,
        "share": round(grown / total, 3) if total >= SMALLEST_GROUP else None,
        "routes": _route_counts(routes) if total >= SMALLEST_GROUP else {},
        "by_team": by_team,
    }


def _route_counts(routes: dict[str, int]) -> dict[str, int | None]:
    """How many came by each route, a count of one to four hidden (None), and, as the council's
    grown count is shown, the smallest counts shown hidden with them until the hidden routes hold
    none or at least five together: no route under five can be worked out by subtraction. A
    route nobody came by shows 0."""
    counts = {r: routes.get(r, 0) for r in GROWN_ROUTES}
    shown: dict[str, int | None] = {
        r: (n if n == 0 or n >= SMALLEST_GROUP else None) for r, n in counts.items()
    }
    hidden = sum(counts[r] for r, n in shown.items() if n is None)
    for route in sorted((r for r, n in shown.items() if n), key=lambda r: (counts[r], r)):
        if hidden == 0 or hidden >= SMALLEST_GROUP:
            break
        shown[route] = None
        hidden += counts[route]
    return shown


def _hide_by_difference(by_team: list[dict[str, Any]]) -> None:
    """With the council's figure shown, the hidden teams' grown count together is the council's
    less the teams shown: when the hidden teams hold between one and four social workers, the
    smallest teams shown are hidden too until they hold at least five (complementary
    suppression), so no team under five can be worked out by subtraction."""
    hidden = sum(t["social_workers"] for t in by_team if t["grown"] is None)
    shown = sorted(
        (t for t in by_team if t["grown"] is not None),
        key=lambda t: (t["social_workers"], t["team"]),
    )
    while 0 < hidden < SMALLEST_GROUP and shown:
        team = shown.pop(0)
        team["grown"] = team["share"] = None
        hidden += team["social_workers"]


def grown_our_own_over_time(
    organisation: Organisation, on: date, *, since: int = 2021
) -> list[dict[str, Any]]:
    """The grown-our-own share on each 30 September (the census day) from *since*, and on *on*:
    two queries whatever the span (the register's careers and the academy's members read once)."""
    careers = _careers(organisation)
    members = set(Enrolment.objects.for_org(organisation).values_list("person_id", flat=True))
    days = [date(y, 9, 30) for y in range(since, on.year + 1) if date(y, 9, 30) < on] + [on]
    rows = []
    for day in days:
        g = grown_our_own(organisation, day, careers=careers, members=members)
        rows.append(
            {
                "on": day.isoformat(),
                "social_workers": g["social_workers"],
                "grown": g["grown"],
                "share": g["share"],
            }
        )
    return rows


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _shown_curve(curve: Survival) -> dict[str, Any]:
    """One group's row for the page: its size (or "Fewer than five") and, for each of 1, 2 and 3
    years, the retention with its 95% interval in words, blank for a year not yet reached."""
    if curve.suppressed:
        return {"n": "Fewer than five" if curve.n else "None", "years": ["", "", ""]}
    years = []
    for p in curve.points:
        years.append(
            ""
            if p.retained is None
            else f"{_percent(p.retained)} ({_percent(p.low)} to {_percent(p.high)})"
        )
    return {"n": curve.n, "years": years}


def retention_table(organisation: Organisation, on: date) -> list[dict[str, Any]]:
    """Retention by cohort as the cohorts page shows it: each intake's year, the cohort and those
    who joined qualified that year, each retained at 1, 2 and 3 years with the 95% interval, and
    the two 1-year figures (per cent, None where not shown) for the chart."""
    rows = []
    for r in retention_by_cohort(organisation, on):
        cohort, joined = r["cohort"], r["comparators"]
        rows.append(
            {
                "year": r["year"],
                "cohort": _shown_curve(cohort),
                "comparators": _shown_curve(joined),
                "cohort_1y": _one_year(cohort),
                "comparators_1y": _one_year(joined),
            }
        )
    return rows


def _one_year(curve: Survival) -> float | None:
    if curve.suppressed or not curve.points or curve.points[0].retained is None:
        return None
    return round(100 * curve.points[0].retained, 1)


def _curve_dict(curve: Survival) -> dict[str, Any]:
    return {
        "label": curve.label,
        "n": curve.n,
        "left": None if curve.suppressed else curve.left,
        "suppressed": curve.suppressed,
        "retention": {
            f"{p.years}y": {"retained": p.retained, "low": p.low, "high": p.high}
            for p in curve.points
        },
    }


def academy_report(organisation: Organisation, on: date) -> dict[str, Any]:
    """Everything the report command prints, as plain data."""
    from thrive.academy.selectors import _with_parts, cohorts, progress

    cohort_rows = []
    for c in cohorts(organisation):
        enrolments = list(
            _with_parts(
                Enrolment.objects.for_org(organisation).filter(cohort=c, outcome="in_progress")
            )
        )
        glance = progress(organisation, enrolments, on)
        cohort_rows.append(
            {
                "cohort": c.name,
                "starts_on": c.starts_on.isoformat(),
                "enrolled": c.enrolled,  # type: ignore[attr-defined]
                "in_progress": c.in_progress,  # type: ignore[attr-defined]
                "evidence_done": sum(g.evidence_have for g in glance),
                "evidence_needed": sum(g.evidence_need for g in glance),
                "reviews_overdue": sum(len(g.overdue) for g in glance),
            }
        )
    outcomes: dict[str, int] = defaultdict(int)
    for outcome in Enrolment.objects.for_org(organisation).values_list("outcome", flat=True):
        outcomes[outcome] += 1
    return {
        "organisation": organisation.code,
        "on": on.isoformat(),
        "cohorts": cohort_rows,
        "asye_outcomes": dict(sorted(outcomes.items())),
        "retention": [
            {
                "year": r["year"],
                "cohort": _curve_dict(r["cohort"]),
                "comparators": _curve_dict(r["comparators"]),
            }
            for r in retention_by_cohort(organisation, on)
        ],
        "grown_our_own": grown_our_own(organisation, on),
        "grown_our_own_over_time": grown_our_own_over_time(organisation, on),
    }


def report_csv_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The report as CSV rows: one section after another, each with its own header."""
    rows: list[list[Any]] = [["section", "name", "measure", "value", "low", "high"]]
    for c in data["cohorts"]:
        for key in (
            "enrolled",
            "in_progress",
            "evidence_done",
            "evidence_needed",
            "reviews_overdue",
        ):
            rows.append(["cohort", c["cohort"], key, c[key], "", ""])
    for outcome, n in data["asye_outcomes"].items():
        rows.append(["asye_outcome", outcome, "people", n, "", ""])
    for r in data["retention"]:
        for group in ("cohort", "comparators"):
            curve = r[group]
            rows.append(["retention", curve["label"], "n", curve["n"], "", ""])
            for years, p in curve["retention"].items():
                rows.append(
                    [
                        "retention",
                        curve["label"],
                        f"retained_{years}",
                        p["retained"],
                        p["low"],
                        p["high"],
                    ]
                )
    g = data["grown_our_own"]
    rows.append(["grown_our_own", "council", "social_workers", g["social_workers"], "", ""])
    rows.append(["grown_our_own", "council", "share", g["share"], "", ""])
    for route, n in g["routes"].items():
        rows.append(["grown_our_own", route, "people", "" if n is None else n, "", ""])
    for t in g["by_team"]:
        rows.append(["grown_our_own", t["team"], "share", t["share"], "", ""])
    for t in data.get("grown_our_own_over_time", []):
        rows.append(["grown_our_own_over_time", t["on"], "share", t["share"], "", ""])
    return rows
