"""The DfE children's social work workforce census return (CSWW): build, parse and validate XML.

Element names and order follow the 2022 schema (``shared/specs/csww_2022.xsd``, no namespace):
``Message`` → ``Header`` → ``LALevelVacancies`` → one ``CSWWWorker`` per social worker employed at
any time in the year, agency included. Business rules from ``domain-facts.md`` §2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from analytics.codes import (
    CFKSS_STATUS,
    ETHNICITY,
    GENDER,
    LEAVER_DESTINATION,
    ORG_ROLE,
    QUAL_LEVEL,
    REASON_ABSENCE,
    REASON_LEAVE,
    START_ORIGIN,
)

SWE_PATTERN = re.compile(r"^[A-Za-z]{2}\d{10}$")


@dataclass
class CensusHeader:
    year: int
    la_code: str
    software_code: str = "Thrive"
    generated_at: datetime | None = None


@dataclass
class LAVacancies:
    number_of_vacancies: float
    agency_fte: float
    agency_headcount: int


@dataclass
class CensusWorker:
    """One ``CSWWWorker``; field order is the schema's element order."""

    agency_worker: int
    swe_no: str
    fte: float | None = None
    person_birth_date: date | None = None
    gender_current: int | None = None
    ethnicity: str | None = None
    qual_inst: str | None = None
    qual_level: int | None = None
    step_up_grad: int | None = None
    org_role: int | None = None
    role_start_date: date | None = None
    start_origin: int | None = None
    role_end_date: date | None = None
    leaver_destination: int | None = None
    reason_leave: int | None = None
    fte30: float | None = None
    cases30: int | None = None
    working_days_lost: float | None = None
    contract_weeks: float | None = None
    frontline_grad: int | None = None
    absat30_sept: int | None = None
    reason_absence: str | None = None
    cfkss_status: int | None = None
    # Not exported: who this is in the app, so a problem can link to the person (and the spell).
    ref: str = ""
    display_name: str = ""
    spell_ref: str = ""


ELEMENTS: list[tuple[str, str, str]] = [
    # (dataclass field, XML element, format)
    ("agency_worker", "AgencyWorker", "int"),
    ("swe_no", "SWENo", "str"),
    ("fte", "FTE", "6dp"),
    ("person_birth_date", "PersonBirthDate", "date"),
    ("gender_current", "GenderCurrent", "int"),
    ("ethnicity", "Ethnicity", "str"),
    ("qual_inst", "QualInst", "str"),
    ("qual_level", "QualLevel", "int"),
    ("step_up_grad", "StepUpGrad", "int"),
    ("org_role", "OrgRole", "int"),
    ("role_start_date", "RoleStartDate", "date"),
    ("start_origin", "StartOrigin", "int"),
    ("role_end_date", "RoleEndDate", "date"),
    ("leaver_destination", "LeaverDestination", "int"),
    ("reason_leave", "ReasonLeave", "int"),
    ("fte30", "FTE30", "6dp"),
    ("cases30", "Cases30", "int"),
    ("working_days_lost", "WorkingDaysLost", "2dp"),
    ("contract_weeks", "ContractWeeks", "1dp"),
    ("frontline_grad", "FrontlineGrad", "int"),
    ("absat30_sept", "Absat30Sept", "int"),
    ("reason_absence", "ReasonAbsence", "str"),
    ("cfkss_status", "CFKSSstatus", "int"),
]
LABELS = {
    "PersonBirthDate": "date of birth",
    "GenderCurrent": "gender",
    "Ethnicity": "ethnicity",
    "QualInst": "qualifying institution",
    "StepUpGrad": "Step Up to Social Work graduate (yes or no)",
    "OrgRole": "role (OrgRole)",
    "RoleStartDate": "start date",
    "StartOrigin": "where they came from (StartOrigin)",
    "FTE30": "FTE on 30 September",
    "WorkingDaysLost": "working days lost to sickness",
    "FrontlineGrad": "Frontline graduate (yes or no)",
    "ReasonLeave": "reason for leaving (ReasonLeave)",
    "LeaverDestination": "leaver's destination (LeaverDestination)",
}
MANDATORY_NON_AGENCY = [
    "person_birth_date",
    "gender_current",
    "ethnicity",
    "qual_inst",
    "step_up_grad",
    "org_role",
    "role_start_date",
    "start_origin",
    "fte30",
    "working_days_lost",
    "frontline_grad",
]
CODE_LISTS: dict[str, dict[Any, str]] = {
    "gender_current": GENDER,
    "ethnicity": ETHNICITY,
    "qual_level": QUAL_LEVEL,
    "org_role": ORG_ROLE,
    "start_origin": START_ORIGIN,
    "leaver_destination": LEAVER_DESTINATION,
    "reason_leave": REASON_LEAVE,
    "reason_absence": REASON_ABSENCE,
    "cfkss_status": CFKSS_STATUS,
    "agency_worker": {0: "no", 1: "yes"},
    "step_up_grad": {0: "no", 1: "yes"},
    "frontline_grad": {0: "no", 1: "yes"},
    "absat30_sept": {0: "no", 1: "yes"},
}


@dataclass
class CensusProblem:
    """One thing to fix, tied to a worker where it can be."""

    message: str
    field: str = ""
    worker_index: int | None = None
    ref: str = ""
    swe_no: str = ""
    display_name: str = ""
    spell_ref: str = ""

    def __str__(self) -> str:
        who = f"{self.display_name or self.swe_no or 'worker'}"
        where = f"worker {self.worker_index + 1} ({who}), " if self.worker_index is not None else ""
        return f"{where}{self.field + ': ' if self.field else ''}{self.message}"


def normalise_swe(number: str) -> str:
    """Social Work England numbers as the schema wants them: two letters and ten digits."""
    raw = re.sub(r"\s+", "", number or "").upper()
    match = re.fullmatch(r"([A-Z]{2})(\d{1,10})", raw)
    return f"{match.group(1)}{int(match.group(2)):010d}" if match else raw


def _fmt(value: Any, kind: str) -> str:
    if kind == "date":
        return str(value.isoformat())
    if kind.endswith("dp"):
        places = int(kind[0])
        quantum = Decimal(1).scaleb(-places)
        return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))
    return str(value)


def build_census_xml(
    header: CensusHeader, vacancies: LAVacancies, workers: list[CensusWorker]
) -> bytes:
    """The return as XML bytes (UTF-8), elements in the schema's order."""
    message = etree.Element("Message")
    head = etree.SubElement(message, "Header")
    details = etree.SubElement(head, "CollectionDetails")
    etree.SubElement(details, "Collection").text = "CSWW"
    etree.SubElement(details, "Year").text = str(header.year)
    etree.SubElement(details, "ReferenceDate").text = f"{header.year}-09-30"
    source = etree.SubElement(head, "Source")
    etree.SubElement(source, "SourceLevel").text = "L"
    etree.SubElement(source, "LEA").text = header.la_code
    etree.SubElement(source, "SoftwareCode").text = header.software_code
    generated = header.generated_at or datetime.now().replace(microsecond=0)
    etree.SubElement(source, "DateTime").text = generated.replace(tzinfo=None).isoformat(
        timespec="seconds"
    )
    vac = etree.SubElement(message, "LALevelVacancies")
    etree.SubElement(vac, "NumberOfVacancies").text = _fmt(vacancies.number_of_vacancies, "2dp")
    etree.SubElement(vac, "NoAgencyFTE").text = _fmt(vacancies.agency_fte, "2dp")
    etree.SubElement(vac, "NoAgencyHeadcount").text = str(int(vacancies.agency_headcount))
    for worker in workers:
        node = etree.SubElement(message, "CSWWWorker")
        for attr, element, kind in ELEMENTS:
            value = getattr(worker, attr)
            if value is None or value == "":
                continue
            etree.SubElement(node, element).text = _fmt(value, kind)
    return bytes(etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def parse_census_xml(xml: bytes) -> tuple[CensusHeader, LAVacancies, list[CensusWorker]]:
    root = etree.fromstring(xml)  # noqa: S320 — our own or a council's file, no entities resolved
    text = {el.tag: el.text for el in root.iter() if len(el) == 0}
    header = CensusHeader(
        year=int(text.get("Year") or 0),
        la_code=text.get("LEA") or "",
        software_code=text.get("SoftwareCode") or "",
    )
    vac = LAVacancies(
        number_of_vacancies=float(text.get("NumberOfVacancies") or 0),
        agency_fte=float(text.get("NoAgencyFTE") or 0),
        agency_headcount=int(text.get("NoAgencyHeadcount") or 0),
    )
    by_element = {element: (attr, kind) for attr, element, kind in ELEMENTS}
    workers = []
    for node in root.findall("CSWWWorker"):
        values: dict[str, Any] = {}
        for child in node:
            if child.tag not in by_element:
                continue
            attr, kind = by_element[child.tag]
            raw = child.text or ""
            if kind == "date":
                values[attr] = date.fromisoformat(raw)
            elif kind.endswith("dp"):
                values[attr] = float(raw)
            elif kind == "int":
                values[attr] = int(raw)
            else:
                values[attr] = raw
        values.setdefault("agency_worker", 0)
        values.setdefault("swe_no", "")
        workers.append(CensusWorker(**values))
    return header, vac, workers


NON_NEGATIVE = ["fte", "fte30", "cases30", "working_days_lost", "contract_weeks"]
"""Figures that can never be below zero."""


def sixteenth_birthday(born: date) -> date:
    """The day someone born on *born* turns 16 (1 March for a 29 February birthday)."""
    try:
        return born.replace(year=born.year + 16)
    except ValueError:  # 29 February
        return date(born.year + 16, 3, 1)


def _overlap(a: CensusWorker, b: CensusWorker) -> bool:
    """Whether two records' roles overlap: each runs from RoleStartDate up to (not including)
    RoleEndDate, the leaving day, so a permanent post starting the day an agency assignment
    ends does not overlap it. A record with no start date is not compared."""
    if a.role_start_date is None or b.role_start_date is None:
        return False
    a_end, b_end = a.role_end_date or date.max, b.role_end_date or date.max
    return a.role_start_date < b_end and b.role_start_date < a_end


def validate_workers(workers: list[CensusWorker], year: int) -> list[CensusProblem]:
    """The business rules, on the records before (or after) they become XML.

    One SWE number may have several records, as DfE allows (an agency assignment then a
    permanent post, a leaver who returns within the year, two roles); only real conflicts are
    refused: two dates of birth for one number, or two records of the same kind (agency, or
    not) whose roles overlap.
    """
    problems: list[CensusProblem] = []
    reference = date(year, 9, 30)
    year_start = date(year - 1, 10, 1)
    seen: dict[str, list[int]] = {}

    def add(i: int, w: CensusWorker, element: str, message: str) -> None:
        problems.append(
            CensusProblem(
                message=message,
                field=element,
                worker_index=i,
                ref=w.ref,
                swe_no=w.swe_no,
                display_name=w.display_name,
                spell_ref=w.spell_ref,
            )
        )

    elements = {attr: element for attr, element, _ in ELEMENTS}
    for i, w in enumerate(workers):
        if not SWE_PATTERN.match(w.swe_no or ""):
            add(
                i,
                w,
                "SWENo",
                f"'{w.swe_no}' is not a Social Work England number (two letters "
                "and up to ten digits, like SW123456)",
            )
        else:
            for j in seen.get(w.swe_no, []):
                other = workers[j]
                if (
                    w.person_birth_date
                    and other.person_birth_date
                    and w.person_birth_date != other.person_birth_date
                ):
                    add(
                        i,
                        w,
                        "PersonBirthDate",
                        f"the same number as worker {j + 1} with another date of birth "
                        f"({other.person_birth_date}): one person has one",
                    )
                if w.agency_worker == other.agency_worker and _overlap(w, other):
                    kind = "agency" if w.agency_worker else "employed"
                    add(
                        i,
                        w,
                        "RoleStartDate",
                        f"the same number as worker {j + 1}, and the two {kind} records "
                        "overlap: one person cannot hold two at once",
                    )
            seen.setdefault(w.swe_no, []).append(i)
        if w.agency_worker == 0:
            for attr in MANDATORY_NON_AGENCY:
                if getattr(w, attr) in (None, ""):
                    element = elements[attr]
                    add(i, w, element, f"the {LABELS.get(element, element)} is missing")
        if not w.qual_inst and w.agency_worker == 1:
            add(
                i,
                w,
                "QualInst",
                "the qualifying institution is missing (the schema needs "
                "it for agency workers too)",
            )
        for attr, codes in CODE_LISTS.items():
            value = getattr(w, attr)
            if value not in (None, "") and value not in codes:
                add(i, w, elements[attr], f"'{value}' is not one of the census codes")
        if w.role_end_date is not None:
            if w.agency_worker == 0:
                if w.fte30 not in (None, 0, 0.0):
                    add(i, w, "FTE30", "a leaver's FTE on 30 September must be 0")
                if w.reason_leave is None:
                    add(i, w, "ReasonLeave", "a leaver needs a reason for leaving (ReasonLeave)")
                if w.leaver_destination is None:
                    add(
                        i,
                        w,
                        "LeaverDestination",
                        "a leaver needs a destination (LeaverDestination)",
                    )
            if w.role_start_date and w.role_end_date < w.role_start_date:
                add(i, w, "RoleEndDate", "the end date is before the start date")
            if not year_start <= w.role_end_date <= reference:
                add(
                    i,
                    w,
                    "RoleEndDate",
                    f"the end date {w.role_end_date} is outside the census year "
                    f"({year_start} to {reference})",
                )
        elif w.reason_leave is not None:
            add(
                i,
                w,
                "ReasonLeave",
                "a reason for leaving (ReasonLeave) needs the date they left (RoleEndDate)",
            )
        if w.reason_absence and w.absat30_sept != 1:
            add(
                i,
                w,
                "ReasonAbsence",
                "a reason for absence needs them absent on 30 September (Absat30Sept = 1)",
            )
        for attr in NON_NEGATIVE:
            value = getattr(w, attr)
            if value is not None and value < 0:
                add(i, w, elements[attr], f"{value} is negative: figures cannot be below 0")
        if (
            w.person_birth_date
            and w.role_start_date
            and w.role_start_date < sixteenth_birthday(w.person_birth_date)
        ):
            add(
                i,
                w,
                "RoleStartDate",
                f"the start date {w.role_start_date} is before their 16th birthday",
            )
        for attr in ("fte", "fte30"):
            value = getattr(w, attr)
            if value is not None and value > 1:
                add(i, w, elements[attr], f"{value} is not between 0 and 1")
        if w.person_birth_date:
            age = (reference - w.person_birth_date).days / 365.25
            if not 18 <= age <= 80:
                add(
                    i,
                    w,
                    "PersonBirthDate",
                    f"{w.person_birth_date} makes them {int(age)} on the census date",
                )
        if w.role_start_date and w.role_start_date > reference:
            add(i, w, "RoleStartDate", "starts after the census date")
    return problems


def validate_census(
    xml: bytes, xsd_path: Path | None = None, *, rules: bool = True
) -> list[CensusProblem]:
    """Every problem in a return: the schema's (when *xsd_path* is given) and, unless *rules* is
    false, the business rules' (:func:`validate_workers`)."""
    try:
        root = etree.fromstring(xml)  # noqa: S320
    except etree.XMLSyntaxError as exc:
        return [CensusProblem(message=f"not well-formed XML: {exc}")]
    problems: list[CensusProblem] = []
    if xsd_path is not None and xsd_path.exists():
        schema = etree.XMLSchema(etree.parse(str(xsd_path)))  # noqa: S320
        if not schema.validate(root):
            workers_nodes = root.findall("CSWWWorker")
            for error in list(schema.error_log):  # type: ignore[call-overload]
                index = None
                for n, node in enumerate(workers_nodes):
                    last = node[-1] if len(node) else node
                    if node.sourceline <= error.line <= (last.sourceline or error.line):
                        index = n
                        break
                problems.append(
                    CensusProblem(
                        message=f"schema: {error.message} (line {error.line})", worker_index=index
                    )
                )
    if not rules:
        return problems
    try:
        header, _, workers = parse_census_xml(xml)
    except (ValueError, TypeError) as exc:
        problems.append(CensusProblem(message=f"a value could not be read: {exc}"))
        return problems
    problems.extend(validate_workers(workers, header.year))
    return problems


__all__ = [
    "CensusHeader",
    "CensusProblem",
    "CensusWorker",
    "LAVacancies",
    "build_census_xml",
    "normalise_swe",
    "parse_census_xml",
    "validate_census",
    "validate_workers",
]
