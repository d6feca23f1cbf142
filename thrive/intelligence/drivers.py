"""What drives leaving in a council: the Cox model (``analytics.drivers``) over its own
allocations and supervision records, for the CLI and the page. Findings are about factors,
never about a named person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analytics.drivers import ALL_FACTORS, Factor, Finding, drivers, person_months, team_context
from analytics.retention import tenures_from_spells
from thrive.intelligence.selectors import (
    drivers_more_records,
    drivers_records,
    register_observed_from,
    retention_spells,
)


@dataclass
class TeamStability:
    """A team's leaving rate from the model, relative to the council's (1.0: the same), and how
    many of its people now have each factor the model found; never about a named person."""

    team: str
    team_id: int | None
    people: int | None
    relative_rate: float | None
    exposed: dict[str, int | str]
    note: str = ""


@dataclass
class DriversResult:
    on: date
    people: int
    leavers: int
    findings: list[Finding]
    teams: list[TeamStability] = field(default_factory=list)

    @property
    def claimed(self) -> list[Finding]:
        return [f for f in self.findings if f.claimed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "people": self.people,
            "leavers": self.leavers,
            "factors": [
                {
                    "factor": f.factor.column,
                    "words": f.factor.words,
                    "status": f.status,
                    "hazard_ratio": f.hazard_ratio,
                    "low": f.low,
                    "high": f.high,
                    "p_value": f.p_value,
                    "proportional_hazards_p_value": f.ph_p_value,
                    "people_with": f.people_with,
                    "people_without": f.people_without,
                    "sentence": f.sentence(),
                }
                for f in self.findings
            ],
            "teams": [
                {
                    "team": t.team,
                    "team_id": t.team_id,
                    "people": t.people,
                    "relative_leaving_rate": t.relative_rate,
                    "people_with_factor": t.exposed,
                    "note": t.note or None,
                }
                for t in self.teams
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DriversResult:
        """The result again from :meth:`as_dict` (what the page's background job kept)."""
        factors = {f.column: f for f in ALL_FACTORS}
        findings = [
            Finding(
                factors.get(f["factor"]) or Factor(f["factor"], f["words"]),
                hazard_ratio=f["hazard_ratio"],
                low=f["low"],
                high=f["high"],
                p_value=f["p_value"],
                ph_p_value=f["proportional_hazards_p_value"],
                people_with=f["people_with"],
                people_without=f["people_without"],
                status=f["status"],
            )
            for f in data["factors"]
        ]
        teams = [
            TeamStability(
                t["team"],
                t.get("team_id"),
                t["people"],
                t["relative_leaving_rate"],
                dict(t["people_with_factor"]),
                t["note"] or "",
            )
            for t in data["teams"]
        ]
        return cls(date.fromisoformat(data["on"]), data["people"], data["leavers"], findings, teams)


def drivers_for(
    organisation: Any,
    *,
    on: date,
    team_ids: list[int] | None = None,
    stability_teams: list[Any] | None = None,
) -> DriversResult:
    """Fit the model on the council's permanent social workers (about ten queries); with
    *stability_teams*, each of those teams' stability from the fitted model."""
    tenures = [
        t for t in tenures_from_spells(retention_spells(organisation, team_ids)) if t.start <= on
    ]
    months = council_months(organisation, tenures, on)
    people = int(months["id"].nunique()) if len(months) else 0
    leavers = int(months["event"].sum()) if len(months) else 0
    result = DriversResult(on, people, leavers, drivers(months, ALL_FACTORS))
    if stability_teams is not None:
        result.teams = team_stability(result, months, tenures, stability_teams, on)
    return result


SMALLEST_GROUP = 5


def team_stability(
    result: DriversResult, months: Any, tenures: list[Any], teams: list[Any], on: date
) -> list[TeamStability]:
    """Each team's people in post on *on* (their latest month), their mean relative hazard from
    the factors the model found (exp of the sum of log hazard ratio × factor), against the
    council's mean; teams under five people show only that."""
    import math

    import numpy as np

    team_of = {f"{t.person}:{t.start}": t.team for t in tenures}
    current = {
        f"{t.person}:{t.start}" for t in tenures if t.start <= on and (t.end is None or t.end > on)
    }
    latest = months[months["id"].isin(current)].sort_values("start").groupby("id").tail(1)
    claimed = result.claimed
    if len(latest):
        score = np.zeros(len(latest))
        for f in claimed:
            assert f.hazard_ratio is not None
            x = latest[f.factor.column].to_numpy(dtype=float)
            score += math.log(f.hazard_ratio) * (x if f.factor.binary else x / f.factor.scale)
        latest = latest.assign(hazard=np.exp(score), team=latest["id"].map(team_of))
    council = float(latest["hazard"].mean()) if len(latest) else 0.0
    rows = []
    for team in teams:
        mine = latest[latest["team"] == team.name] if len(latest) else latest
        n = len(mine)
        if n < SMALLEST_GROUP:
            rows.append(
                TeamStability(
                    team.name, team.pk, None, None, {}, "Fewer than 5 in post: not shown."
                )
            )
            continue
        exposed: dict[str, int | str] = {}
        for f in claimed:
            if not f.factor.binary:
                continue
            k = int((mine[f.factor.column] > 0).sum())
            exposed[f.factor.column] = "fewer than 5" if 0 < k < 5 or 0 < n - k < 5 else k
        rate = round(float(mine["hazard"].mean()) / council, 2) if claimed and council else None
        rows.append(
            TeamStability(
                team.name,
                team.pk,
                n,
                rate,
                exposed,
                "" if claimed else "The model found no factor, so no team stands apart.",
            )
        )
    return rows


def council_months(organisation: Any, tenures: list[Any], on: date) -> Any:
    """Each tenure's months with every factor the council's records give (about ten queries)."""
    records = drivers_records(organisation)
    more = drivers_more_records(organisation)
    observed_from = register_observed_from(organisation)
    first = min((t.start for t in tenures), default=on)
    if observed_from:
        first = max(first, observed_from)
    calendar = [
        (y, m)
        for y in range(first.year, on.year + 1)
        for m in range(1, 13)
        if (y, m) >= (first.year, first.month) and (y, m) <= (on.year, on.month)
    ]
    return person_months(
        tenures,
        allocations=records["allocations"],
        sessions=records["sessions"],
        cap=records["cap"],
        on=on,
        observed_from=observed_from,
        learning=more["learning"],
        asye_starts=more["asye_starts"],
        team_context=team_context(more["spells"], more["leavings"], calendar),
        manager_changes=more["manager_changes"],
        progression_refusals=more["progression_refusals"],
    )
