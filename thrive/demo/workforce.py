"""Write a generated register (``analytics.synth``) into the database in bulk, for the demo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction

from thrive.caseloads.models import Allocation
from thrive.people.models import (
    Absence,
    EmploymentSpell,
    Organisation,
    Post,
    Service,
    StaffMember,
    Team,
)

NATIONAL_2025: dict[str, float] = {
    "turnover_rate_fte": 11.8,
    "agency_rate_fte": 13.0,
    "vacancy_rate_fte": 14.2,
    "agency_cover_rate_fte": 81.1,
    "caseload_fte": 15.2,
    "absence_rate_fte": 3.5,
}


def published_targets(dfe_dir: Path | None, la_code: str, year: int = 2025) -> dict[str, Any]:
    """The LA's published figures for *year* (DfE column names), or {} when not available."""
    if dfe_dir is None:
        return {}
    path = dfe_dir / "csww_indicators_2017_to_2025.csv"
    if not path.exists():
        return {}
    from analytics.published import indicators_wide, parse_indicators

    wide = indicators_wide(parse_indicators(path))
    rows = wide[(wide["area_code"] == la_code) & (wide["time_period"] == year)]
    if rows.empty:
        return {}
    return {str(k): (None if pd.isna(v) else v) for k, v in rows.iloc[0].to_dict().items()}


def published_history(dfe_dir: Path | None, la_code: str) -> dict[int, dict[str, Any]]:
    """The LA's published rows for every year, by census year (as the generator's ``history=``
    takes them), or {} when not available."""
    if dfe_dir is None:
        return {}
    path = dfe_dir / "csww_indicators_2017_to_2025.csv"
    if not path.exists():
        return {}
    from analytics.published import indicators_wide, parse_indicators

    wide = indicators_wide(parse_indicators(path))
    rows = wide[wide["area_code"] == la_code].set_index("time_period")
    return {
        int(str(year)): {str(k): v for k, v in row.to_dict().items()}
        for year, row in rows.iterrows()
    }


def _day(value: Any) -> date:
    """A required date."""
    result = _d(value)
    assert result is not None
    return result


def _d(value: Any) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value  # type: ignore[no-any-return]


def _v(value: Any) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


@transaction.atomic
def write_register(organisation: Organisation, reg: Any) -> dict[str, int]:
    """Bulk-write every table of a generated register for *organisation* (replacing none)."""
    services = {}
    for name in sorted(set(reg.teams["service"])):
        services[name], _ = Service.objects.get_or_create(organisation=organisation, name=name)
    existing = {t.name: t for t in Team.objects.for_org(organisation)}
    teams: dict[Any, Team] = {}
    for row in reg.teams.to_dict("records"):
        team = existing.get(row["name"])
        if team is None:
            team = Team.objects.create(
                organisation=organisation,
                name=row["name"],
                team_type=row["team_type"],
                service=services[row["service"]],
            )
        teams[row["team_key"]] = team

    people = [
        StaffMember(
            organisation=organisation,
            staff_id=r["staff_id"],
            first_name=r["first_name"],
            last_name=r["last_name"],
            date_of_birth=_d(r.get("date_of_birth")),
            gender=_v(r.get("gender")),
            ethnicity=_v(r.get("ethnicity")) or "",
            qualification_level=_v(r.get("qualification_level")),
            qualification_institution=_v(r.get("qualification_institution")) or "",
            qualified_on=_d(r.get("qualified_on")),
            step_up_grad=_v(r.get("step_up_grad")),
            frontline_grad=_v(r.get("frontline_grad")),
            swe_number=_v(r.get("swe_number")) or "",
        )
        for r in reg.people.to_dict("records")
    ]
    StaffMember.objects.bulk_create(people, batch_size=2000)
    by_key = dict(zip(reg.people["person_key"], people, strict=True))

    spells = [
        EmploymentSpell(
            organisation=organisation,
            person=by_key[r["person_key"]],
            start_date=_day(r["start_date"]),
            end_date=_d(r.get("end_date")),
            profession=r["profession"],
            contract=r["contract"],
            team=teams[r["team_key"]],
            fte=Decimal(str(round(float(r["fte"]), 6))),
            job_title=_v(r.get("job_title")) or "",
            org_role=_v(r.get("org_role")),
            start_origin=_v(r.get("start_origin")),
            leaving_reason=_v(r.get("leaving_reason")),
            leaver_destination=_v(r.get("leaver_destination")),
            agency_name=_v(r.get("agency_name")) or "",
            hourly_rate=None
            if _v(r.get("hourly_rate")) is None
            else Decimal(str(round(float(r["hourly_rate"]), 2))),
        )
        for r in reg.spells.to_dict("records")
    ]
    EmploymentSpell.objects.bulk_create(spells, batch_size=2000)

    posts = [
        Post(
            organisation=organisation,
            post_id=str(r["post_id"]),
            team=teams[r["team_key"]],
            title=r["title"],
            fte=Decimal(str(round(float(r["fte"]), 6))),
            social_work_post=bool(r["social_work_post"]),
            funded_from=_day(r["funded_from"]),
            funded_to=_d(r.get("funded_to")),
            holder=by_key.get(_v(r.get("holder_person_key"))),
        )
        for r in reg.posts.to_dict("records")
    ]
    Post.objects.bulk_create(posts, batch_size=2000)

    absences = [
        Absence(
            organisation=organisation,
            person=by_key[r["person_key"]],
            reason=r["reason"],
            start_date=_day(r["start_date"]),
            end_date=_day(r["end_date"]),
            working_days=Decimal(str(round(float(r["working_days"]), 2))),
        )
        for r in reg.absences.drop_duplicates(["person_key", "reason", "start_date"]).to_dict(
            "records"
        )
    ]
    Absence.objects.bulk_create(absences, batch_size=5000)

    allocations = [
        Allocation(
            organisation=organisation,
            child_id=str(r["child_id"]),
            family_id=str(_v(r.get("family_id")) or ""),
            worker=by_key[r["person_key"]],
            case_type=_v(r.get("case_type")) or "",
            start_date=_day(r["start_date"]),
            end_date=_d(r.get("end_date")),
        )
        for r in reg.allocations.drop_duplicates(["child_id", "person_key", "start_date"]).to_dict(
            "records"
        )
    ]
    Allocation.objects.bulk_create(allocations, batch_size=5000)
    return {
        "people": len(people),
        "spells": len(spells),
        "posts": len(posts),
        "absences": len(absences),
        "allocations": len(allocations),
    }
