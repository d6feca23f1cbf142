"""What drives leaving in a council: the Cox model (``analytics.drivers``) over its own
allocations and supervision records, for the CLI and the page. Findings are about factors,
never about a named person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from analytics.drivers import STANDARD_FACTORS, Finding, drivers, person_months
from analytics.retention import tenures_from_spells
from thrive.intelligence.selectors import drivers_records, register_observed_from, retention_spells


@dataclass
class DriversResult:
    on: date
    people: int
    leavers: int
    findings: list[Finding]

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
        }


def drivers_for(organisation: Any, *, on: date, team_ids: list[int] | None = None) -> DriversResult:
    """Fit the model on the council's permanent social workers (about six queries)."""
    tenures = [
        t for t in tenures_from_spells(retention_spells(organisation, team_ids)) if t.start <= on
    ]
    records = drivers_records(organisation)
    months = person_months(
        tenures,
        allocations=records["allocations"],
        sessions=records["sessions"],
        cap=records["cap"],
        on=on,
        observed_from=register_observed_from(organisation),
    )
    people = int(months["id"].nunique()) if len(months) else 0
    leavers = int(months["event"].sum()) if len(months) else 0
    return DriversResult(on, people, leavers, drivers(months, STANDARD_FACTORS))
