"""Regenerate the bad-input corpus: `.venv/bin/python tests/data/bad/make_corpus.py`.

Each file is realistic (good rows and a bad one) and must be refused with the reasons listed in
expected.json, leaving nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
H = (
    "staff_id,first_name,last_name,profession,contract,team,fte,start_date,end_date,org_role,"
    "swe_number,leaving_reason,gender,step_up_grad,line_manager_staff_id,agency_name,hourly_rate"
)
G1 = "B1,Ann,Lee,social_worker,permanent,Team A,1,2020-01-01,,5,SW1,,2,no,,,"
G2 = "B2,Bob,Ray,social_worker,permanent,Team A,0.5,2021-01-01,,5,SW2,,1,no,B1,,"
SW3 = "B3,Cy,Tan,social_worker,permanent,Team A"
files: dict[str, tuple[str, str, list[str]]] = {}


def staff(name: str, bad: list[str], problems: list[str], header: str = H) -> None:
    files[name] = ("staff", "\n".join([header, G1, G2, *bad]) + "\n", problems)


staff(
    "staff_fte_over_one.csv",
    [f"{SW3},1.5,2022-01-01,,5,SW3,,2,no,,,"],
    ["row 4, column fte: must be no more than 1"],
)
staff(
    "staff_fte_zero.csv",
    [f"{SW3},0,2022-01-01,,5,SW3,,2,no,,,"],
    ["row 4, column fte: must be more than 0"],
)
staff(
    "staff_fte_not_a_number.csv",
    [f"{SW3},full,2022-01-01,,5,SW3,,2,no,,,"],
    ["row 4, column fte: 'full' is not a number"],
)
staff(
    "staff_impossible_date.csv",
    [f"{SW3},1,31/02/2022,,5,SW3,,2,no,,,"],
    ["row 4, column start_date: '31/02/2022' is not a real date"],
)
staff(
    "staff_unreadable_date.csv",
    [f"{SW3},1,2022/13/01,,5,SW3,,2,no,,,"],
    ["row 4, column start_date: '2022/13/01' is not a date"],
)
staff(
    "staff_end_before_start.csv",
    [f"{SW3},1,2022-01-01,2021-12-31,5,SW3,1,2,no,,,"],
    ["row 4, column end_date: 2021-12-31 is before start_date 2022-01-01"],
)
staff(
    "staff_leaver_without_reason.csv",
    [f"{SW3},1,2022-01-01,2023-03-31,5,SW3,,2,no,,,"],
    ["row 4, column leaving_reason: is required when there is an end_date"],
)
staff(
    "staff_sw_without_swe_number.csv",
    [f"{SW3},1,2022-01-01,,5,,,2,no,,,"],
    ["row 4, column swe_number: is required for a social worker"],
)
staff(
    "staff_sw_without_org_role.csv",
    [f"{SW3},1,2022-01-01,,,SW3,,2,no,,,"],
    ["row 4, column org_role: is required for a social worker"],
)
staff(
    "staff_bad_gender_code.csv",
    [f"{SW3},1,2022-01-01,,5,SW3,,7,no,,,"],
    ["row 4, column gender: '7' is not a census gender code"],
)
staff(
    "staff_bad_org_role.csv",
    [f"{SW3},1,2022-01-01,,manager,SW3,,2,no,,,"],
    ["row 4, column org_role: 'manager' is not a census OrgRole code"],
)
staff(
    "staff_bad_boolean.csv",
    [f"{SW3},1,2022-01-01,,5,SW3,,2,maybe,,,"],
    ["row 4, column step_up_grad: 'maybe' is not yes or no"],
)
staff(
    "staff_bad_profession.csv",
    ["B3,Cy,Tan,nurse,permanent,Team A,1,2022-01-01,,,,,2,no,,,"],
    ["row 4, column profession: 'nurse' is not a profession"],
)
staff(
    "staff_bad_contract.csv",
    ["B3,Cy,Tan,social_worker,zero_hours,Team A,1,2022-01-01,,5,SW3,,2,no,,,"],
    ["row 4, column contract: 'zero_hours' is not a contract"],
)
staff(
    "staff_non_agency_with_hourly_rate.csv",
    [f"{SW3},1,2022-01-01,,5,SW3,,2,no,,,45.00"],
    ["row 4, column hourly_rate: is only for agency contracts"],
)
staff(
    "staff_line_manager_unknown.csv",
    [f"{SW3},1,2022-01-01,,5,SW3,,2,no,ZZ9,,"],
    ["row 4, column line_manager_staff_id: 'ZZ9' is not a staff_id in this file or the register"],
)
staff(
    "staff_duplicate_spell.csv",
    ["B1,Ann,Lee,social_worker,permanent,Team B,1,2020-01-01,,5,SW1,,2,no,,,"],
    ["row 4, column start_date: the same staff_id and start_date (one spell) repeats row 2"],
)
staff(
    "staff_missing_required_value.csv",
    ["B3,,Tan,social_worker,permanent,,1,2022-01-01,,5,SW3,,2,no,,,"],
    ["row 4, column first_name: is required", "row 4, column team: is required"],
)
staff(
    "staff_unknown_column_typo.csv",
    [],
    ["row 1, column leaving_reasn: unknown column"],
    header=H.replace("leaving_reason", "leaving_reasn"),
)
staff(
    "staff_missing_required_column.csv",
    [],
    ["row 1, column fte: this required column is missing"],
    header=H.replace(",fte,", ",full_time,"),
)
staff(
    "staff_duplicated_column.csv",
    [],
    ["row 1, column gender: the column appears twice"],
    header=H.replace("step_up_grad", "gender"),
)
staff("staff_blank_header.csv", [], ["the header is blank"], header=H.replace(",gender,", ",,"))
files["staff_extra_cells.csv"] = (
    "staff",
    "\n".join([H, G1, G2 + ",surprise"]) + "\n",
    ["row 3, column (beyond the last header): has values but no column name"],
)
files["staff_empty_file.csv"] = ("staff", "", ["The file is empty"])
files["staff_header_only.csv"] = ("staff", H + "\n", ["the file has a header but no rows of data"])

PH = "post_id,team,title,fte,social_work_post,funded_from,funded_to,holder_staff_id"
PG = "P1,Team A,Social worker,1,yes,2020-01-01,,B1"


def posts(name: str, bad: str, problems: list[str]) -> None:
    files[name] = ("posts", "\n".join([PH, PG, bad]) + "\n", problems)


posts(
    "posts_unknown_holder.csv",
    "P2,Team A,Social worker,1,yes,2020-01-01,,NOPE",
    ["row 3, column holder_staff_id: 'NOPE' is not in the register"],
)
posts(
    "posts_funded_to_before_from.csv",
    "P2,Team A,Social worker,1,yes,2020-01-01,2019-12-31,",
    ["row 3, column funded_to: 2019-12-31 is before funded_from 2020-01-01"],
)
posts(
    "posts_bad_boolean.csv",
    "P2,Team A,Social worker,1,perhaps,2020-01-01,,",
    ["row 3, column social_work_post: 'perhaps' is not yes or no"],
)
posts(
    "posts_fte_zero.csv",
    "P2,Team A,Social worker,0,yes,2020-01-01,,",
    ["row 3, column fte: must be more than 0"],
)
posts(
    "posts_duplicate_post_id.csv",
    "P1,Team A,Social worker,1,yes,2021-01-01,,",
    ["row 3, column post_id: the same post_id repeats row 2"],
)

AH = "staff_id,reason,start_date,end_date,working_days"
AG = "B1,SIC,2024-01-08,2024-01-10,3"


def absences(name: str, bad: str, problems: list[str]) -> None:
    files[name] = ("absences", "\n".join([AH, AG, bad]) + "\n", problems)


absences(
    "absences_bad_reason.csv",
    "B1,HOL,2024-02-01,2024-02-02,2",
    ["row 3, column reason: 'HOL' is not a census ReasonAbsence code"],
)
absences(
    "absences_end_before_start.csv",
    "B1,SIC,2024-02-05,2024-02-01,2",
    ["row 3, column end_date: 2024-02-01 is before start_date 2024-02-05"],
)
absences(
    "absences_negative_days.csv",
    "B1,SIC,2024-02-01,2024-02-02,-1",
    ["row 3, column working_days: must be at least 0"],
)
absences(
    "absences_more_days_than_the_absence.csv",
    "B1,SIC,2024-02-01,2024-02-02,5",
    ["row 3, column working_days: 5.00 is more than the absence's 2 calendar days"],
)
absences(
    "absences_unknown_staff.csv",
    "ZZ1,SIC,2024-02-01,2024-02-02,2",
    ["row 3, column staff_id: 'ZZ1' is not in the register (import staff first)"],
)
absences(
    "absences_missing_end_date.csv", "B1,SIC,2024-02-01,,2", ["row 3, column end_date: is required"]
)

LH = "child_id,family_id,staff_id,case_type,start_date,end_date"
LG = "C1,F1,B1,cin,2024-01-01,"


def allocations(name: str, bad: str, problems: list[str]) -> None:
    files[name] = ("allocations", "\n".join([LH, LG, bad]) + "\n", problems)


allocations(
    "allocations_unknown_staff.csv",
    "C2,F1,ZZ1,cin,2024-01-01,",
    ["row 3, column staff_id: 'ZZ1' is not in the register (import staff first)"],
)
allocations(
    "allocations_end_before_start.csv",
    "C2,F1,B1,cin,2024-03-01,2024-02-01",
    ["row 3, column end_date: 2024-02-01 is before start_date 2024-03-01"],
)
allocations(
    "allocations_bad_case_type.csv",
    "C2,F1,B1,adoption,2024-01-01,",
    ["row 3, column case_type: 'adoption' is not a case type"],
)
allocations(
    "allocations_duplicate_row.csv",
    LG,
    ["row 3, column start_date: the same child_id, staff_id and start_date repeats row 2"],
)
allocations(
    "allocations_bad_date.csv",
    "C2,F1,B1,cin,yesterday,",
    ["row 3, column start_date: 'yesterday' is not a date"],
)
allocations(
    "allocations_missing_child.csv",
    ",F1,B1,cin,2024-01-01,",
    ["row 3, column child_id: is required"],
)


def main() -> None:
    expected: dict[str, dict[str, object]] = {}
    for name, (kind, text, problems) in files.items():
        (HERE / name).write_text(text, encoding="utf-8")
        expected[name] = {"kind": kind, "problems": problems}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in [LH.split(","), LG.split(","), ["C2", "F1", "B1", "cin", "not a date", None]]:
        ws.append(row)
    wb.save(HERE / "allocations_bad_date.xlsx")
    expected["allocations_bad_date.xlsx"] = {
        "kind": "allocations",
        "problems": ["row 3, column start_date: 'not a date' is not a date"],
    }
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(H.split(","))
    ws.append(G1.split(","))
    ws.append(
        [
            "B3",
            "Cy",
            "Tan",
            "social_worker",
            "permanent",
            "Team A",
            2,
            "2022-01-01",
            None,
            5,
            "SW3",
            None,
            2,
            "no",
            None,
            None,
            None,
        ]
    )
    wb.save(HERE / "staff_fte_over_one.xlsx")
    expected["staff_fte_over_one.xlsx"] = {
        "kind": "staff",
        "problems": ["row 3, column fte: must be no more than 1"],
    }
    (HERE / "staff_not_really_a_workbook.xlsx").write_bytes(b"PK\x03\x04 not a zip file at all")
    expected["staff_not_really_a_workbook.xlsx"] = {
        "kind": "staff",
        "problems": ["not a readable Excel"],
    }
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(f"{len(expected)} files")


if __name__ == "__main__":
    main()
