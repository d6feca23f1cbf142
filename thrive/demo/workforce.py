"""Write a generated register (``analytics.synth``) for the demo, through the register imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction

from thrive.core.errors import ThriveError
from thrive.people.imports.allocations import AllocationsImporter
from thrive.people.imports.base import Importer, ImportReport
from thrive.people.imports.establishment import AbsencesImporter, PostsImporter
from thrive.people.imports.reading import Table
from thrive.people.imports.staff import STAFF_COLUMNS, StaffImporter
from thrive.people.models import Organisation
from thrive.people.services import service_get_or_create, team_get_or_create

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


def _cells(value: Any) -> Any:
    """A generated value as an import cell: blanks as None, numpy scalars as Python values."""
    found = _v(value)
    return found.date() if isinstance(found, pd.Timestamp) else found


def _table(frame: pd.DataFrame, columns: dict[str, str]) -> Table:
    """A generated table as the file an import reads: *columns* maps the import's header to the
    frame's column; row numbers as a spreadsheet shows them (header = row 1)."""
    records = frame.to_dict("records")
    rows = [
        (number, {header: _cells(r[source]) for header, source in columns.items()})
        for number, r in enumerate(records, start=2)
    ]
    return Table(headers=list(columns), rows=rows)


def _imported(importer: Importer, table: Table) -> ImportReport:
    report = importer.run(table)
    if not report.ok:
        raise ThriveError(report.summary())
    return report


def import_rows(
    importer: type[Importer],
    organisation: Organisation,
    rows: list[dict[str, Any]],
    source: str = "demo register",
) -> ImportReport:
    """Import *rows* (each an import file's row, by column) as a file of that kind would be."""
    table = Table(headers=list(rows[0]), rows=[(n, row) for n, row in enumerate(rows, start=2)])
    return _imported(importer(organisation, source=source), table)


def _write_hours_changes(organisation: Organisation, reg: Any, staff_ids: dict[Any, str]) -> None:
    """The generator's changes of hours, as the change form records them: a dated revision of
    the spell holding the FTE before the change (the spell's own FTE is its latest)."""
    from thrive.intelligence.selectors import DATED_CHANGE_SOURCE
    from thrive.people.revisions import spell_fte_history_add

    changes = getattr(reg, "fte_changes", None)
    if changes is None or changes.empty:
        return
    spell_fte_history_add(
        organisation=organisation,
        changes=[
            (staff_ids[row.person_key], row.start_date, row.effective_date, row.fte)
            for row in changes.itertuples(index=False)
        ],
        source=DATED_CHANGE_SOURCE,
    )


@transaction.atomic
def write_register(organisation: Organisation, reg: Any) -> dict[str, int]:
    """Write a generated register for *organisation* through the register imports (the same
    set-based path, checks and audit trail as ``thrive import``), teams first with their
    service and type."""
    services = {
        name: service_get_or_create(organisation=organisation, name=name)
        for name in sorted(set(reg.teams["service"]))
    }
    team_names = {}
    for row in reg.teams.to_dict("records"):
        team = team_get_or_create(
            organisation=organisation,
            name=row["name"],
            service=services[row["service"]],
            team_type=row["team_type"],
        )
        team_names[row["team_key"]] = team.name

    staff_ids = dict(zip(reg.people["person_key"], reg.people["staff_id"], strict=True))
    people = reg.people.set_index("person_key")
    spells = reg.spells.assign(
        staff_id=reg.spells["person_key"].map(staff_ids),
        team=reg.spells["team_key"].map(team_names),
    ).join(people.drop(columns="staff_id"), on="person_key")
    source = "demo register"
    staff = {c.name: c.name for c in STAFF_COLUMNS if c.name in spells.columns}
    _imported(StaffImporter(organisation, source=source), _table(spells, staff))
    _write_hours_changes(organisation, reg, staff_ids)

    posts = reg.posts.assign(
        team=reg.posts["team_key"].map(team_names),
        holder_staff_id=reg.posts["holder_person_key"].map(staff_ids),
    )
    post_columns = ["post_id", "team", "title", "fte", "social_work_post", "funded_from"]
    post_columns += ["funded_to", "holder_staff_id"]
    _imported(
        PostsImporter(organisation, source=source), _table(posts, {c: c for c in post_columns})
    )

    absences = reg.absences.drop_duplicates(["person_key", "reason", "start_date"])
    absences = absences.assign(staff_id=absences["person_key"].map(staff_ids))
    absence_columns = ["staff_id", "reason", "start_date", "end_date", "working_days"]
    _imported(
        AbsencesImporter(organisation, source=source),
        _table(absences, {c: c for c in absence_columns}),
    )

    allocations = reg.allocations.drop_duplicates(["child_id", "person_key", "start_date"])
    allocations = allocations.assign(staff_id=allocations["person_key"].map(staff_ids))
    allocation_columns = ["child_id", "family_id", "staff_id", "case_type", "start_date"]
    allocation_columns += ["end_date"]
    _imported(
        AllocationsImporter(organisation, source=source),
        _table(allocations, {c: c for c in allocation_columns}),
    )
    return {
        "people": len(reg.people),
        "spells": len(spells),
        "posts": len(posts),
        "absences": len(absences),
        "allocations": len(allocations),
    }
