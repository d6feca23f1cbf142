"""The regional view: every council in a region side by side on the published DfE measures, with
the region and England, each council's rank and the spread; the councils in the partnership that
use Thrive, with their own register's figures where the viewer holds a role there (a regional
lead with roles in several councils), and the partnership's register figures added together only
where no one council's can be worked out; the region's agency price caps and recruitment across
the councils' vacancies (small numbers hidden).

Ranks run from the lowest value (1 = lowest turnover, agency share, vacancies, caseload or
absence); tied values share a rank."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from analytics.measures import rates_from_components, round_half_up
from thrive.core.roles import Cap, Scope
from thrive.intelligence.benchmarks import ENGLAND
from thrive.intelligence.dashboard import LABELS
from thrive.intelligence.models import PublishedFigure

REGION_MEASURES = [
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
]
# The counts the partnership's register figures are added up from, and each rate's parts.
SUMMED = [
    "inpost_fte",
    "leavers_fte",
    "agency_cover_fte",
    "agency_fte",
    "vacancy_fte",
    "cases",
    "case_holders_fte",
    "working_days_lost_fte",
]
SMALLEST_GROUP = 5


@dataclass
class CouncilRow:
    la_code: str
    name: str
    member: bool  # in the partnership (uses Thrive)
    published: dict[str, float | None]
    ranks: dict[str, int | None] = field(default_factory=dict)
    register: dict[str, float | None] | None = None  # only where the viewer may see it
    note: str = ""


@dataclass
class LearningRow:
    """One session of the regional learning offer: what, whose, when and the places free."""

    council: str
    title: str
    kind: str
    starts: Any
    online: bool
    places: int
    free: int


@dataclass
class Spread:
    measure: str
    councils: int
    low: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    high: float | None


@dataclass
class RegionalView:
    region: str
    partnership: str
    year: int | None
    councils: list[CouncilRow]
    region_values: dict[str, float | None]
    england: dict[str, float | None]
    spreads: list[Spread]
    trend_years: list[int]
    trend: dict[str, dict[int, float | None]]  # "Region", "England", "Councils' median"
    partnership_register: dict[str, float | None] | None
    partnership_note: str
    caps: list[Any]
    recruitment: list[Any]
    notes: list[str] = field(default_factory=list)
    learning: list[LearningRow] = field(default_factory=list)
    learning_by_council: list[tuple[str, int, int, int]] = field(default_factory=list)

    @property
    def labels(self) -> list[tuple[str, str]]:
        return [(m, LABELS[m]) for m in REGION_MEASURES]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """The councils' table as the page and the workbook give it."""
        header = ["Council", "In the partnership"]
        for m in REGION_MEASURES:
            header += [f"{LABELS[m]} (published)", "Rank"]
        header += [f"{LABELS[m]} (Thrive register)" for m in REGION_MEASURES]
        rows: list[list[Any]] = []
        for c in self.councils:
            row: list[Any] = [c.name, "Yes" if c.member else ""]
            for m in REGION_MEASURES:
                row += [c.published.get(m), c.ranks.get(m)]
            row += [None if c.register is None else c.register.get(m) for m in REGION_MEASURES]
            rows.append(row)
        for label, values in (
            (self.region or "Region", self.region_values),
            ("England", self.england),
        ):
            row = [label, ""]
            for m in REGION_MEASURES:
                row += [values.get(m), None]
            rows.append(row + [None] * len(REGION_MEASURES))
        return header, rows


def _ranks(values: dict[str, float | None]) -> dict[str, int | None]:
    present = sorted(v for v in values.values() if v is not None)
    return {k: (None if v is None else present.index(v) + 1) for k, v in values.items()}


def _quartiles(values: list[float]) -> tuple[float | None, ...]:
    if not values:
        return (None,) * 5
    if len(values) < 2:
        return (values[0],) * 5
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return (min(values), round(q1, 1), round(q2, 1), round(q3, 1), max(values))


def _rates(t: dict[str, float]) -> dict[str, float | None]:
    """The DfE rates from the summed counts (``analytics.measures``), rounded as published."""
    rates = rates_from_components(t)
    return {
        m: (None if v is None or v != v else round_half_up(v))
        for m, v in rates.items()
        if m in REGION_MEASURES
    }


def regional_view(organisation: Any, user: Any, *, on: Any) -> RegionalView:
    """The region of *organisation* as *user* may see it, for the latest published year."""
    from thrive.core.permissions import access_for
    from thrive.intelligence.dashboard import latest_census_year
    from thrive.intelligence.services import measures_all_councils
    from thrive.people.models import Organisation

    region = organisation.region
    regional = PublishedFigure.objects.filter(geographic_level="Regional", area_name=region)
    region_code = regional.values_list("area_code", flat=True).first()
    latest = latest_census_year(on)
    year = (
        PublishedFigure.objects.filter(time_period__lte=latest, measure__in=REGION_MEASURES)
        .order_by("-time_period")
        .values_list("time_period", flat=True)
        .first()
    )
    years = [] if year is None else list(range(year - 4, year + 1))
    figures = PublishedFigure.objects.filter(
        measure__in=REGION_MEASURES, time_period__in=years
    ).filter(geographic_level="Local authority", region_code=region_code or "-") | (
        PublishedFigure.objects.filter(
            measure__in=REGION_MEASURES,
            time_period__in=years,
            area_code__in=[ENGLAND, region_code or "-"],
        )
    )
    names: dict[str, str] = {}
    la: dict[str, dict[str, float | None]] = {}
    by_year: dict[int, dict[str, list[float]]] = {}
    region_values: dict[str, float | None] = {}
    england: dict[str, float | None] = {}
    trend: dict[str, dict[int, float | None]] = {"Region": {}, "England": {}}
    for f in figures.values_list(
        "time_period", "geographic_level", "area_code", "area_name", "measure", "value"
    ):
        period, level, code, name, measure, value = f
        if level == "National":
            if measure == "turnover_rate_fte":
                trend["England"][period] = value
            if period == year:
                england[measure] = value
        elif level == "Regional":
            if measure == "turnover_rate_fte":
                trend["Region"][period] = value
            if period == year:
                region_values[measure] = value
        else:
            names[code] = name
            if code == organisation.code and measure == "turnover_rate_fte":
                trend.setdefault(organisation.name, {})[period] = value
            if value is not None:
                by_year.setdefault(period, {}).setdefault(measure, []).append(value)
            if period == year:
                la.setdefault(code, {})[measure] = value
    trend["Councils' median"] = {
        y: round(statistics.median(v["turnover_rate_fte"]), 1)
        if v.get("turnover_rate_fte")
        else None
        for y, v in by_year.items()
    }
    partnership = organisation.partnership
    members = list(
        Organisation.objects.filter(partnership=partnership).order_by("name")
        if partnership is not None
        else Organisation.objects.filter(pk=organisation.pk)
    )
    member_codes = {m.code for m in members}
    councils = [
        CouncilRow(code, names.get(code, code), code in member_codes, la.get(code, {}))
        for code in sorted(la, key=lambda c: names.get(c, c))
    ]
    for m in members:  # a member the published file does not have (a new council, say)
        if m.code not in la:
            councils.append(CouncilRow(m.code, m.name, True, {}, note="Not in the published file."))
    for measure in REGION_MEASURES:
        ranks = _ranks({c.la_code: c.published.get(measure) for c in councils})
        for c in councils:
            c.ranks[measure] = ranks[c.la_code]
    spreads = [
        Spread(
            measure,
            len([c for c in councils if c.published.get(measure) is not None]),
            *_quartiles([v for c in councils if (v := c.published.get(measure)) is not None]),
        )
        for measure in REGION_MEASURES
    ]
    # The register's figures: a member's own where the viewer holds a whole-council role there.
    # The same census year as the published figures, so the two sit side by side.
    register_year = year or latest
    totals = dict.fromkeys(SUMMED, 0.0)
    contributing, unseen = 0, 0
    by_code = {c.la_code: c for c in councils}
    # The members' measures as every other page and command has them: one pass over their
    # registers read together, each kept under its council's data version.
    year_measures = measures_all_councils(members, register_year)
    for m in members:
        access = access_for(user, m)
        measures = year_measures[m.pk].measures
        headcount = measures.get("inpost_headcount") or 0
        if headcount < SMALLEST_GROUP:
            continue
        contributing += 1
        for k in SUMMED:
            totals[k] += float(measures.get(k) or 0)
        row = by_code[m.code]
        if access.scope(Cap.MEASURES_VIEW) >= Scope.ORG:
            row.register = {k: measures.get(k) for k in REGION_MEASURES}
        else:
            unseen += 1
            row.note = "Its own register's figures are for its own staff."
    # Added together only where taking away the councils one may see leaves two or more.
    if contributing and (unseen == 0 or unseen >= 2):
        partnership_register: dict[str, float | None] | None = _rates(totals)
        partnership_note = (
            f"The registers of {contributing} council{'s' if contributing != 1 else ''} in the "
            f"partnership added together, census year {register_year}."
        )
    else:
        partnership_register = None
        partnership_note = (
            "Not shown: too few councils' registers to add together without showing one "
            "council's own figures."
            if contributing
            else "No council in the partnership has five or more in post on its register yet."
        )
    from thrive.agency.selectors import caps_for
    from thrive.recruitment.selectors.applications import region_channel_report

    recruitment, _ = region_channel_report(organisation)
    learning, by_council = regional_learning(members)
    notes = []
    if year is None:
        notes.append("The published DfE figures are not loaded, so there is nothing to compare.")
    return RegionalView(
        region=region,
        partnership=str(partnership) if partnership else "",
        year=year,
        councils=councils,
        region_values=region_values,
        england=england,
        spreads=spreads,
        trend_years=years,
        trend=trend,
        partnership_register=partnership_register,
        partnership_note=partnership_note,
        caps=caps_for(region),
        recruitment=recruitment,
        notes=notes,
        learning=learning,
        learning_by_council=by_council,
    )


LEARNING_DAYS = 90


def regional_learning(
    members: list[Any],
) -> tuple[list[LearningRow], list[tuple[str, int, int, int]]]:
    """The partnership's learning offer: every member council's sessions in the next
    LEARNING_DAYS days with places free, and per council its sessions, places and places free
    (titles and counts only, never who booked)."""
    from thrive.learning.selectors import regional_offer

    rows = [
        LearningRow(
            s.organisation.name,
            s.item.title,
            s.item.get_item_type_display(),
            s.starts_at,
            s.online,
            s.capacity,
            max(s.capacity - s.taken, 0),  # type: ignore[attr-defined]
        )
        for s in regional_offer(members, days=LEARNING_DAYS)
    ]
    by_council = []
    for m in members:
        mine = [r for r in rows if r.council == m.name]
        by_council.append(
            (m.name, len(mine), sum(r.places for r in mine), sum(r.free for r in mine))
        )
    return rows, by_council
