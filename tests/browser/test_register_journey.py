"""HR imports a staff file through the upload page, then walks the register and the workforce
dashboard — axe on every page, and the dashboard on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import (
    AccessLogPage,
    BenchmarksPage,
    CaseloadPolicyPage,
    CaseloadsPage,
    CensusPage,
    EstablishmentPage,
    FamiliesPage,
    ImportsPage,
    MyCaseloadPage,
    PersonAddPage,
    RegisterPage,
    SignInPage,
    TeamsPage,
    WorkforcePage,
)
from tests.factories import KNOWN, PASSWORD, import_known, make_org, make_user
from thrive.core.roles import Role
from thrive.people.imports import run_import

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_imports_and_walks_the_register(desktop: Any) -> None:
    org = make_org("331", "Coventry")
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(desktop).open().sign_in("hr@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")

    imports = ImportsPage(desktop).open().check_accessible()
    imports.check_file("Staff: one row per person per employment spell", KNOWN / "staff.csv")
    assert imports.new_count == "7"
    imports.check_accessible()
    imports.confirm()
    assert "Imported staff.csv: 7 new" in imports.banner

    for kind in ["posts", "absences", "allocations"]:
        run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )

    people = RegisterPage(desktop).open(query="status=all").check_accessible()
    person = people.search("Khan").open_person("Khan, Amina")
    assert person.heading == "Amina Khan"
    person.check_accessible()
    TeamsPage(desktop).open().check_accessible().open_team("Assessment Team 1").check_accessible()
    EstablishmentPage(desktop).open(query="on=2025-09-30").check_accessible()
    dashboard = WorkforcePage(desktop).open(query="year=2025").check_accessible()
    assert dashboard.heading == "Workforce measures"
    assert dashboard.measure("turnover_rate_fte") == "53.3"

    from tests.intelligence.test_benchmarks import HEADER, ROWS
    from thrive.intelligence.benchmarks import benchmarks_load

    benchmarks_load(content="\n".join([HEADER, *ROWS]).encode(), filename="indicators.csv")
    dashboard = WorkforcePage(desktop).open(query="year=2025").check_accessible()
    assert dashboard.published("turnover_rate_fte") == "11.3"
    BenchmarksPage(desktop).open(query="measure=caseload_fte").check_accessible()
    census = CensusPage(desktop).open(query="year=2025").check_accessible()
    assert "No problems found" in census.main_text
    assert census.heading.startswith("Children's social work workforce census")


def test_bad_upload_lists_problems_accessibly(desktop: Any) -> None:
    org = make_org("331", "Coventry")
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(desktop).open().sign_in("hr@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    imports = ImportsPage(desktop).open()
    imports.check_file()  # nothing chosen
    assert "There is a problem" in imports.error_summary
    imports.check_accessible()
    bad = (KNOWN / "staff.csv").read_text().replace(",0.5,2024-10-01", ",1.5,2024-10-01")
    imports.check_file(
        "Staff: one row per person per employment spell",
        {"name": "staff.csv", "mimeType": "text/csv", "buffer": bad.encode()},
    )
    assert "row 4, column fte: must be no more than 1" in imports.main_text
    imports.check_accessible()


def test_dashboard_on_a_phone(phone: Any) -> None:
    org = make_org("331", "Coventry")
    make_user(org, Role.SENIOR_LEADER, email="lead@example.test")
    import_known(org)
    SignInPage(phone).open().sign_in("lead@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    dashboard = WorkforcePage(phone).open(query="year=2025").check_accessible()
    assert dashboard.fits_the_screen()


def test_add_a_person_on_a_phone(phone: Any) -> None:
    from tests.factories import make_team

    org = make_org("331", "Coventry")
    make_team(org, "Assessment Team 1")
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(phone).open().sign_in("hr@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    form = PersonAddPage(phone).open().check_accessible()
    form.enter_person(
        staff_id="N1",
        first="Nia",
        last="Jones",
        team="Assessment Team 1",
        fte="0.8",
        start=(31, 2, 2025),
    ).continue_()
    summary = form.error_summary
    assert "The start date must be a real date" in summary
    assert "Enter the Social Work England number" in summary
    assert form.value_of("First name") == "Nia"
    form.check_accessible()
    form.enter_date(28, 2, 2025)
    form.enter_census_role("SW555", "Case holder").continue_()
    check = form
    assert check.heading == "Check your answers"
    assert "28 February 2025" in check.summary_list
    check.check_accessible()
    check.press("Add person")
    assert check.heading == "Nia Jones"
    assert "has been added" in check.banner
    check.check_accessible()
    assert check.fits_the_screen()


def test_caseload_pages_for_a_team_manager(desktop: Any) -> None:
    from thrive.people.models import Team

    org = make_org("331", "Coventry")
    import_known(org)
    team = Team.objects.get(name="Assessment Team 1")
    make_user(org, Role.TEAM_MANAGER, email="tm@example.test", team=team)
    SignInPage(desktop).open().sign_in("tm@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    caseloads = CaseloadsPage(desktop).open(query="on=2025-09-30").check_accessible()
    board = caseloads.open_team("Assessment Team 1").check_accessible()
    assert board.heading == "Assessment Team 1"
    assert "Within cap" in board.board
    CaseloadPolicyPage(desktop).open().check_accessible()
    MyCaseloadPage(desktop).open().check_accessible()
    families = FamiliesPage(desktop).open(query="on=2025-09-30").check_accessible()
    family = families.open_family("F1").check_accessible()
    assert family.heading == "Family F1"

    make_user(org, Role.PRINCIPAL_SOCIAL_WORKER, email="psw@example.test")
    family.sign_out()
    SignInPage(desktop).open().sign_in("psw@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    log = AccessLogPage(desktop).open().check_accessible()
    assert "Read the record of Family F1" in log.main_text
    refused = AccessLogPage(desktop).open(desktop.url.replace("access-log/", "1/"))
    assert refused.heading == "Page not found"
    log.check_accessible()
