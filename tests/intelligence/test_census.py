"""The census return: export, validate, and the page that links each problem to a person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from analytics.census_xml import (
    ELEMENTS,
    CensusHeader,
    CensusWorker,
    LAVacancies,
    build_census_xml,
    normalise_swe,
    parse_census_xml,
    validate_census,
    validate_workers,
)
from tests.factories import KNOWN, make_user
from thrive.cli import main
from thrive.core.roles import Role
from thrive.intelligence.census import census_return, schema_path
from thrive.people.models import StaffMember

XSD = schema_path()


def test_swe_numbers_are_padded_to_the_schema_pattern() -> None:
    assert normalise_swe("SW 12345") == "SW0000012345"
    assert normalise_swe("sw0000012345") == "SW0000012345"


@pytest.mark.django_db
def test_export_matches_the_measures_and_the_schema(known: Any, tmp_path: Path) -> None:
    out = tmp_path / "csww.xml"
    assert main(["census", "export", "--org", known.code, "--year", "2025", "--out", str(out)]) == 0
    xml = out.read_bytes()
    header, vacancies, workers = parse_census_xml(xml)
    assert (header.year, header.la_code) == (2025, "331")
    # S1, S2, S3 (leaver), S4 (agency); not the secondee nor the domestic abuse worker.
    assert len(workers) == 4
    assert (vacancies.number_of_vacancies, vacancies.agency_fte, vacancies.agency_headcount) == (
        2.0,
        1.0,
        1,
    )
    leaver = next(w for w in workers if w.swe_no == "SW0000100003")
    assert (leaver.fte30, leaver.reason_leave, leaver.leaver_destination) == (0.0, 1, 1)
    assert str(leaver.role_end_date) == "2025-09-30"
    amina = next(w for w in workers if w.swe_no == "SW0000100001")
    assert (amina.cases30, amina.working_days_lost, amina.fte30) == (2, 5.0, 1.0)
    # FTE on 30 Sept summed over the non-agency workers equals inpost_fte.
    assert sum(w.fte30 or 0 for w in workers if w.agency_worker == 0) == 1.5
    text = xml.decode()
    assert "<FTE>0.500000</FTE>" in text and "<NumberOfVacancies>2.00</NumberOfVacancies>" in text
    if XSD:
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        assert schema.validate(etree.fromstring(xml)), schema.error_log
    assert main(["census", "validate", str(out)]) == 0


@pytest.mark.django_db
def test_element_order_is_the_schemas(known: Any) -> None:
    result = census_return(known, 2025)
    root = etree.fromstring(result.xml())
    assert [c.tag for c in root][:2] == ["Header", "LALevelVacancies"]
    order = [element for _, element, _ in ELEMENTS]
    for worker in root.findall("CSWWWorker"):
        tags = [c.tag for c in worker]
        assert tags == sorted(tags, key=order.index)


@pytest.mark.django_db
def test_export_refuses_while_problems_remain(known: Any, tmp_path: Path, capsys: Any) -> None:
    person = StaffMember.objects.get(staff_id="S2")
    person.date_of_birth = None
    person.save()
    out = tmp_path / "csww.xml"
    assert main(["census", "export", "--org", known.code, "--year", "2025", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Ben Clarke" in err and "date of birth is missing" in err
    assert not out.exists()
    assert (
        main(
            [
                "census",
                "export",
                "--org",
                known.code,
                "--year",
                "2025",
                "--out",
                str(out),
                "--allow-errors",
            ]
        )
        == 0
    )
    assert main(["census", "validate", str(out)]) == 1
    assert "date of birth is missing" in capsys.readouterr().out


def _worker(**kw: Any) -> CensusWorker:
    base: dict[str, Any] = {
        "agency_worker": 0,
        "swe_no": "SW0000000001",
        "fte": 1.0,
        "person_birth_date": None,
        "gender_current": 2,
        "ethnicity": "WBRI",
        "qual_inst": "Uni",
        "qual_level": 1,
        "step_up_grad": 0,
        "org_role": 5,
        "role_start_date": None,
        "start_origin": 1,
        "fte30": 1.0,
        "working_days_lost": 0.0,
        "frontline_grad": 0,
    }
    from datetime import date

    base["person_birth_date"] = date(1990, 1, 1)
    base["role_start_date"] = date(2020, 1, 1)
    base.update(kw)
    return CensusWorker(**base)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"gender_current": None}, "gender is missing"),
        ({"ethnicity": "XXXX"}, "not one of the census codes"),
        ({"swe_no": "12345"}, "not a Social Work England number"),
        ({"step_up_grad": None}, "Step Up"),
        ({"frontline_grad": None}, "Frontline"),
        ({"start_origin": None}, "StartOrigin"),
        ({"working_days_lost": None}, "working days lost"),
    ],
)
def test_business_rules(change: dict[str, Any], message: str) -> None:
    problems = validate_workers([_worker(**change)], 2025)
    assert any(message in str(p) for p in problems), problems


def test_leaver_rules() -> None:
    from datetime import date

    leaver = _worker(role_end_date=date(2025, 6, 30), fte30=0.5)
    messages = " ".join(str(p) for p in validate_workers([leaver], 2025))
    assert "must be 0" in messages and "ReasonLeave" in messages
    assert "LeaverDestination" in messages
    agency = _worker(agency_worker=1, gender_current=None, step_up_grad=None)
    assert validate_workers([agency], 2025) == []


def test_duplicate_swe_numbers() -> None:
    problems = validate_workers([_worker(), _worker()], 2025)
    assert any("same number as worker 1" in str(p) for p in problems)


@pytest.mark.skipif(XSD is None, reason="schema not present")
def test_schema_problems_are_reported() -> None:
    xml = build_census_xml(
        CensusHeader(2025, "331"), LAVacancies(1, 0, 0), [_worker(gender_current=7)]
    )
    problems = validate_census(xml, XSD)
    assert any("schema" in str(p) for p in problems)
    assert any(p.worker_index == 0 for p in problems)


@pytest.mark.django_db
def test_census_page_links_problems_to_people(client: Client, known: Any) -> None:
    person = StaffMember.objects.get(staff_id="S2")
    person.qualification_institution = ""
    person.save()
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    url = reverse("intelligence:census", args=[known.code])
    page = client.get(url, {"year": 2025}).content.decode()
    assert "1 problem to fix for 1 person" in page
    assert reverse("people:person", args=[known.code, person.pk]) in page
    assert client.get(url, {"year": 2025, "download": 1}).status_code == 403
    download = client.get(url, {"year": 2025, "download": 1, "allow_errors": 1})
    assert download["Content-Type"] == "application/xml"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.PANEL_MEMBER])
def test_census_is_refused_to_roles_without_it(client: Client, known: Any, role: str) -> None:
    client.force_login(make_user(known, role))
    assert client.get(reverse("intelligence:census", args=[known.code])).status_code == 403


@pytest.mark.django_db
def test_cfkss_status_and_agency_contract_weeks(org: Any, tmp_path: Path) -> None:
    text = (KNOWN / "staff.csv").read_text().splitlines()
    text[0] += ",cfkss_status"
    text = [text[0]] + [
        line + ("," + ("practice supervisor" if line.startswith("S1,") else ""))
        for line in text[1:]
    ]
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(text) + "\n")
    assert main(["import", "staff", str(path), "--org", org.code]) == 0
    for kind in ["posts", "absences", "allocations"]:
        assert main(["import", kind, str(KNOWN / f"{kind}.csv"), "--org", org.code]) == 0
    workers = census_return(org, 2025).workers
    amina = next(w for w in workers if w.swe_no == "SW0000100001")
    agency = next(w for w in workers if w.agency_worker == 1)
    assert amina.cfkss_status == 3
    assert agency.contract_weeks == 39.0  # 1 Jan to 30 Sep 2025: 273 days
    xml = census_return(org, 2025).xml().decode()
    assert "<CFKSSstatus>3</CFKSSstatus>" in xml and "<ContractWeeks>39.0</ContractWeeks>" in xml
