"""Imports of the four files: all-or-nothing, idempotent, history kept, real-world spellings."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.factories import KNOWN
from thrive.caseloads.models import Allocation
from thrive.cli import main
from thrive.people.exports import export_staff
from thrive.people.imports import run_import
from thrive.people.models import Absence, EmploymentSpell, Post, RegisterRevision, StaffMember, Team

KINDS = ["staff", "posts", "absences", "allocations"]


def import_known(org: Any, kind: str, content: bytes | None = None, name: str = "") -> Any:
    data = content if content is not None else (KNOWN / f"{kind}.csv").read_bytes()
    return run_import(kind=kind, organisation=org, content=data, filename=name or f"{kind}.csv")


def import_all(org: Any) -> None:
    for kind in KINDS:
        report = import_known(org, kind)
        assert report.ok, report.summary()


def counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (StaffMember, EmploymentSpell, Post, Absence, Allocation, Team, RegisterRevision)
    }


@pytest.mark.django_db
def test_known_council_imports_and_reimport_changes_nothing(org: Any) -> None:
    import_all(org)
    assert StaffMember.objects.count() == 6
    assert EmploymentSpell.objects.count() == 7
    assert Post.objects.count() == 6 and Absence.objects.count() == 4
    assert Allocation.objects.count() == 5
    assert set(Team.objects.values_list("name", flat=True)) == {
        "Assessment Team 1",
        "Children in Care Team",
        "Family Safeguarding North",
    }
    before = counts()
    for kind in KINDS:
        report = import_known(org, kind)
        assert (report.new, report.changed) == (0, 0), kind
        assert report.unchanged == report.rows
    assert counts() == before


@pytest.mark.django_db
def test_a_changed_row_updates_its_record_and_keeps_history(org: Any) -> None:
    import_all(org)
    text = (KNOWN / "staff.csv").read_text()
    changed = text.replace(
        "S2,Ben,Clarke,social_worker,permanent,Assessment Team 1,0.5,",
        "S2,Ben,Clarke,social_worker,permanent,Children in Care Team,0.6,",
    )
    report = import_known(org, "staff", changed.encode())
    assert (report.new, report.changed) == (0, 1), report.summary()
    spell = EmploymentSpell.objects.get(person__staff_id="S2")
    assert float(spell.fte) == 0.6 and spell.team.name == "Children in Care Team"
    revision = RegisterRevision.objects.get(kind="spell", record_id=spell.pk)
    assert set(revision.changed) == {"team", "fte"}
    assert revision.before["fte"] == "0.500000"


@pytest.mark.django_db
def test_dry_run_writes_nothing(org: Any) -> None:
    report = run_import(
        kind="staff",
        organisation=org,
        content=(KNOWN / "staff.csv").read_bytes(),
        filename="staff.csv",
        dry_run=True,
    )
    assert report.ok and report.new == 7
    assert StaffMember.objects.count() == 0 and Team.objects.count() == 0


def _xlsx(csv_text: str) -> bytes:
    import csv

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i, row in enumerate(csv.reader(io.StringIO(csv_text))):
        out: list[Any] = []
        for value in row:
            if i and len(value) == 10 and value[4] == "-" and value[:4].isdigit():
                from datetime import date

                out.append(date.fromisoformat(value))  # a real Excel date cell
            elif i and value.replace(".", "", 1).isdigit():
                out.append(float(value))
            else:
                out.append(value)
        ws.append(out)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_xlsx_gives_the_same_register_as_csv(org: Any, other_org: Any) -> None:
    import_all(org)
    for kind in KINDS:
        content = _xlsx((KNOWN / f"{kind}.csv").read_text())
        report = import_known(other_org, kind, content, f"{kind}.xlsx")
        assert report.ok, report.summary()
    # Re-importing the CSVs into the XLSX-built council changes nothing.
    for kind in KINDS:
        report = import_known(other_org, kind)
        assert (report.new, report.changed) == (0, 0), (kind, report.summary())


@pytest.mark.django_db
def test_real_world_spellings(org: Any) -> None:
    """Excel's Windows-1252, DD/MM/YYYY, words for codes, odd header case and spaces."""
    text = (
        " Staff_ID ,FIRST_NAME,Last_Name,Profession,Contract,Team,FTE,Start_Date,End_Date,"
        "Org_Role,SWE_Number,Gender,Step_Up_Grad,Leaving_Reason\r\n"
        "W1,Zoë,Brontë,social_worker,Permanent,Équipe Une,1,01/10/2024,,case holder,SW9,"
        "female,No,\r\n"
        "W2,Seán,O'Neill,social_worker,fixed_term,Équipe Une,0.5,15/03/2020,30/09/2025,"
        "Senior practitioner,SW10,Male,y,resignation\r\n"
    )
    report = import_known(org, "staff", text.encode("cp1252"), "hr-export.csv")
    assert report.ok, report.summary()
    assert any("Windows-1252" in note for note in report.notes)
    zoe = StaffMember.objects.get(staff_id="W1")
    assert (zoe.first_name, zoe.last_name, zoe.gender) == ("Zoë", "Brontë", 2)
    spell = EmploymentSpell.objects.get(person__staff_id="W2")
    assert spell.org_role == 4 and spell.leaving_reason == 1
    assert str(spell.end_date) == "2025-09-30"
    assert Team.objects.get(organisation=org).name == "Équipe Une"


@pytest.mark.django_db
def test_utf8_bom_is_accepted(org: Any) -> None:
    report = import_known(org, "staff", b"\xef\xbb\xbf" + (KNOWN / "staff.csv").read_bytes())
    assert report.ok and not any("Windows-1252" in n for n in report.notes)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_staff_round_trips(org: Any, fmt: str) -> None:
    import_all(org)
    data = export_staff(org, fmt)
    report = import_known(org, "staff", data, f"export.{fmt}")
    assert report.ok, report.summary()
    assert (report.new, report.changed, report.unchanged) == (0, 0, 7)
    if fmt == "xlsx":
        ws = load_workbook(io.BytesIO(data)).worksheets[0]
        header = [c.value for c in next(ws.iter_rows(max_row=1))]
        assert header[:3] == ["staff_id", "first_name", "last_name"]


@pytest.mark.django_db
def test_export_neutralises_formulas(org: Any) -> None:
    text = (KNOWN / "staff.csv").read_text().replace("Amina,Khan", "=HYPERLINK(1),Khan")
    assert import_known(org, "staff", text.encode()).ok
    exported = export_staff(org, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in exported
    assert "\n=HYPERLINK" not in exported and ",=HYPERLINK" not in exported


@pytest.mark.django_db
def test_cli_import_dry_run_and_export(org: Any, tmp_path: Path, capsys: Any) -> None:
    assert main(["import", "staff", str(KNOWN / "staff.csv"), "--org", org.code, "--dry-run"]) == 0
    assert "dry run" in capsys.readouterr().out
    assert StaffMember.objects.count() == 0
    for kind in KINDS:
        assert main(["import", kind, str(KNOWN / f"{kind}.csv"), "--org", org.code]) == 0
    out = tmp_path / "staff.xlsx"
    assert main(["export", "staff", "--org", org.code, "--format", "xlsx", "--out", str(out)]) == 0
    assert main(["import", "staff", str(out), "--org", org.code]) == 0
    assert "0 new, 0 changed, 7 unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_cli_as_a_person_without_permission_is_refused(org: Any, capsys: Any) -> None:
    from tests.factories import KNOWN, make_user
    from thrive.core.roles import Role

    make_user(org, Role.PRACTITIONER, email="p@example.test")
    code = main(
        ["import", "staff", str(KNOWN / "staff.csv"), "--org", org.code, "--as", "p@example.test"]
    )
    assert code == 1 and "not allowed" in capsys.readouterr().err
    assert StaffMember.objects.count() == 0


@pytest.mark.django_db
def test_dfe_wording_for_codes_is_accepted(org: Any) -> None:
    text = (
        "staff_id,first_name,last_name,profession,contract,team,fte,start_date,end_date,"
        "org_role,swe_number,ethnicity,qualification_level,start_origin,leaving_reason,"
        "leaver_destination\n"
        "D1,Ade,Obi,Social worker,Fixed term,Team A,1,01/04/2021,30/06/2025,Senior Practicioner,"
        "SW1,Black African,Post-graduate,Newly Qualified Social Workers,Resignation,"
        "Agency or Consultancy in Social Work (in England)\n"
    )
    report = import_known(org, "staff", text.encode(), "dfe-words.csv")
    assert report.ok, report.summary()
    spell = EmploymentSpell.objects.get(person__staff_id="D1")
    person = spell.person
    assert (spell.contract, spell.org_role, spell.start_origin, spell.leaver_destination) == (
        "fixed_term",
        4,
        1,
        3,
    )
    assert (person.ethnicity, person.qualification_level) == ("BAFR", 2)


@pytest.mark.django_db
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files(org: Any, delimiter: str) -> None:
    text = (KNOWN / "staff.csv").read_text().replace(",", delimiter)
    report = import_known(org, "staff", text.encode(), "staff.csv")
    assert report.ok, report.summary()
    assert report.new == 7
