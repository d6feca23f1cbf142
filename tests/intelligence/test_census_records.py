"""Several records per SWE number where DfE allows them; only real conflicts refused; the five
further rules; the export checked against the schema that ships with Thrive."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from analytics.census_xml import (
    CensusHeader,
    LAVacancies,
    build_census_xml,
    validate_census,
    validate_workers,
)
from tests.intelligence.test_census import _worker
from thrive.cli import main
from thrive.intelligence.census import census_return, schema_path
from thrive.people.models import EmploymentSpell, StaffMember

YEAR = 2025


def _messages(*workers: Any) -> str:
    return " | ".join(str(p) for p in validate_workers(list(workers), YEAR))


SCHEMA = schema_path()
needs_schema = pytest.mark.skipif(
    SCHEMA is None, reason="the CSWW schema is read from ../shared/specs, which is not here"
)


def test_agency_then_permanent_a_return_and_two_roles_are_allowed() -> None:
    agency = _worker(
        agency_worker=1,
        role_start_date=date(2024, 11, 4),
        role_end_date=date(2025, 3, 3),
        contract_weeks=17.0,
        fte30=0.0,
    )
    permanent = _worker(role_start_date=date(2025, 3, 3))  # starts the day the agency one ends
    assert _messages(agency, permanent) == ""
    left = _worker(
        role_start_date=date(2019, 4, 1),
        role_end_date=date(2024, 12, 20),
        fte30=0.0,
        reason_leave=1,
        leaver_destination=1,
    )
    back = _worker(role_start_date=date(2025, 6, 2), start_origin=2)
    assert _messages(left, back) == ""
    # Two part-time roles at once are an employed and an agency record, or two employed ones
    # DfE counts once: the same kind overlapping is the conflict (below).
    both = _worker(agency_worker=1, fte=0.4, fte30=0.4, contract_weeks=52.0)
    assert _messages(_worker(fte=0.6, fte30=0.6), both) == ""


def test_real_conflicts_are_refused() -> None:
    other_birthday = _worker(person_birth_date=date(1991, 2, 2), role_start_date=date(2025, 3, 3))
    first = _worker(role_end_date=date(2025, 3, 3), fte30=0.0, reason_leave=1, leaver_destination=1)
    assert "with another date of birth (1990-01-01)" in _messages(first, other_birthday)
    overlapping = _worker(role_start_date=date(2025, 1, 6))
    assert "the two employed records overlap" in _messages(_worker(), overlapping)
    agency_a = _worker(agency_worker=1, contract_weeks=10.0)
    agency_b = _worker(agency_worker=1, role_start_date=date(2025, 2, 1), contract_weeks=10.0)
    assert "the two agency records overlap" in _messages(agency_a, agency_b)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"role_end_date": date(2024, 9, 30), "fte30": 0.0, "reason_leave": 1},
            "RoleEndDate",
            "outside the census year (2024-10-01 to 2025-09-30)",
        ),
        ({"role_start_date": date(2005, 12, 31)}, "RoleStartDate", "before their 16th birthday"),
        ({"reason_leave": 1}, "ReasonLeave", "needs the date they left"),
        ({"reason_absence": "SIC", "absat30_sept": 0}, "ReasonAbsence", "Absat30Sept = 1"),
        ({"reason_absence": "SIC"}, "ReasonAbsence", "Absat30Sept = 1"),
        ({"cases30": -1}, "Cases30", "-1 is negative"),
        ({"working_days_lost": -2.5}, "WorkingDaysLost", "-2.5 is negative"),
        ({"fte": -0.5}, "FTE", "-0.5 is negative"),
        ({"agency_worker": 1, "contract_weeks": -1.0}, "ContractWeeks", "negative"),
    ],
)
def test_the_five_further_rules(change: dict[str, Any], field: str, words: str) -> None:
    problems = validate_workers([_worker(**change)], YEAR)
    assert any(p.field == field and words in p.message for p in problems), problems


def test_the_rules_hold_at_their_edges() -> None:
    # Born 1 Jan 1990: 16 on 1 Jan 2006, a start allowed that day and not the day before;
    # 1 Oct and 30 Sep are inside the year.
    early = _worker(role_start_date=date(2005, 12, 31))
    assert "before their 16th birthday" in _messages(early)
    assert _messages(_worker(role_start_date=date(2006, 1, 1))) == ""
    for end in (date(2024, 10, 1), date(2025, 9, 30)):
        leaver = _worker(role_end_date=end, fte30=0.0, reason_leave=1, leaver_destination=1)
        assert _messages(leaver) == "", end
    absent = _worker(reason_absence="SIC", absat30_sept=1)
    assert _messages(absent) == ""


@needs_schema
def test_a_valid_return_with_several_records_meets_the_schema() -> None:
    agency = _worker(
        agency_worker=1, role_start_date=date(2024, 11, 4), role_end_date=date(2025, 3, 3)
    )
    agency.fte30, agency.contract_weeks = 0.0, 17.0
    permanent = _worker(role_start_date=date(2025, 3, 3), start_origin=4)
    xml = build_census_xml(CensusHeader(YEAR, "331"), LAVacancies(1, 0, 0), [agency, permanent])
    assert validate_census(xml, SCHEMA) == []


@pytest.mark.django_db
def test_plain_export_of_an_agency_worker_made_permanent(
    known: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    """Dev (S4) was agency from 1 Jan 2025; made permanent from 1 Jul 2025: two records."""
    spell = EmploymentSpell.objects.get(person__staff_id="S4")
    spell.end_date = date(2025, 7, 1)
    spell.save()
    spell.pk = None
    spell.contract, spell.start_date, spell.end_date = "permanent", date(2025, 7, 1), None
    spell.start_origin = 4
    spell.save()
    dev = StaffMember.objects.get(staff_id="S4")
    records = [w for w in census_return(known, YEAR).workers if w.ref == str(dev.pk)]
    assert [(w.agency_worker, w.role_end_date) for w in records] == [
        (1, date(2025, 7, 1)),
        (0, None),
    ]
    assert not [p for p in census_return(known, YEAR).problems if p.ref == str(dev.pk)]
    monkeypatch.chdir(tmp_path)
    code = main(["census", "export", "--org", known.code, "--year", str(YEAR)])
    written = tmp_path / f"CSWW_{known.code}_{YEAR}.xml"
    assert code == 0 and written.exists()
    assert main(["census", "validate", str(written)]) == 0
    assert validate_census(written.read_bytes(), SCHEMA) == []
