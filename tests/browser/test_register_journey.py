"""HR imports a staff file through the upload page, then walks the register and the workforce
dashboard — axe on every page, and the dashboard on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_org, make_user
from thrive.core.roles import Role
from thrive.people.imports import run_import

pytestmark = pytest.mark.django_db(transaction=True)
KNOWN = Path(__file__).resolve().parents[1] / "data" / "known"


def test_hr_imports_and_walks_the_register(desktop: Any) -> None:
    org = make_org("331", "Coventry")
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(desktop).open().sign_in("hr@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")

    imports = BasePage(desktop).open("/o/331/imports/").check_accessible()
    desktop.get_by_label("Staff: one row per person per employment spell").check()
    desktop.get_by_label("Upload a file").set_input_files(str(KNOWN / "staff.csv"))
    desktop.get_by_role("button", name="Check the file").click()
    assert desktop.locator("#count-new").inner_text() == "7"
    imports.check_accessible()
    desktop.get_by_role("button", name="Confirm import").click()
    assert "Imported staff.csv: 7 new" in desktop.locator(".govuk-notification-banner").inner_text()

    for kind in ["posts", "absences", "allocations"]:
        run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )

    people = BasePage(desktop).open("/o/331/people/?status=all").check_accessible()
    desktop.get_by_role("searchbox", name="Search").fill("Khan")
    desktop.get_by_role("button", name="Apply").click()
    desktop.get_by_role("link", name="Khan, Amina").click()
    assert people.heading == "Amina Khan"
    people.check_accessible()
    BasePage(desktop).open("/o/331/teams/").check_accessible()
    desktop.get_by_role("link", name="Assessment Team 1").click()
    BasePage(desktop).check_accessible()
    BasePage(desktop).open("/o/331/establishment/?on=2025-09-30").check_accessible()
    dashboard = BasePage(desktop).open("/o/331/workforce/?year=2025").check_accessible()
    assert dashboard.heading == "Workforce measures"
    assert desktop.locator('[data-measure="turnover_rate_fte"]').inner_text() == "53.3"

    from tests.intelligence.test_benchmarks import HEADER, ROWS
    from thrive.intelligence.benchmarks import benchmarks_load

    benchmarks_load(content="\n".join([HEADER, *ROWS]).encode(), filename="indicators.csv")
    BasePage(desktop).open("/o/331/workforce/?year=2025").check_accessible()
    assert desktop.locator('[data-published="turnover_rate_fte"]').inner_text() == "11.3"
    BasePage(desktop).open("/o/331/workforce/benchmarks/?measure=caseload_fte").check_accessible()
    census = BasePage(desktop).open("/o/331/census/?year=2025").check_accessible()
    assert "No problems found" in desktop.locator("main").inner_text()
    assert census.heading.startswith("Children's social work workforce census")


def test_bad_upload_lists_problems_accessibly(desktop: Any) -> None:
    org = make_org("331", "Coventry")
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(desktop).open().sign_in("hr@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    BasePage(desktop).open("/o/331/imports/")
    desktop.get_by_role("button", name="Check the file").click()  # nothing chosen
    assert "There is a problem" in desktop.locator(".govuk-error-summary").first.inner_text()
    BasePage(desktop).check_accessible()
    bad = (KNOWN / "staff.csv").read_text().replace(",0.5,2024-10-01", ",1.5,2024-10-01")
    desktop.get_by_label("Staff: one row per person per employment spell").check()
    desktop.get_by_label("Upload a file").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    desktop.get_by_role("button", name="Check the file").click()
    assert "row 4, column fte: must be no more than 1" in desktop.locator("main").inner_text()
    BasePage(desktop).check_accessible()


def test_dashboard_on_a_phone(phone: Any) -> None:
    org = make_org("331", "Coventry")
    make_user(org, Role.SENIOR_LEADER, email="lead@example.test")
    for kind in ["staff", "posts", "absences", "allocations"]:
        run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )
    SignInPage(phone).open().sign_in("lead@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    BasePage(phone).open("/o/331/workforce/?year=2025").check_accessible()
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def test_add_a_person_on_a_phone(phone: Any) -> None:
    from tests.factories import make_team

    org = make_org("331", "Coventry")
    make_team(org, "Assessment Team 1")
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(phone).open().sign_in("hr@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    form = BasePage(phone).open("/o/331/people/add/").check_accessible()
    phone.get_by_label("Staff ID").fill("N1")
    phone.get_by_label("First name").fill("Nia")
    phone.get_by_label("Last name").fill("Jones")
    phone.get_by_label("Team", exact=True).select_option(label="Assessment Team 1")
    phone.get_by_label("Full-time equivalent (FTE)").fill("0.8")
    phone.get_by_label("Day").first.fill("31")
    phone.get_by_label("Month").first.fill("2")
    phone.get_by_label("Year").first.fill("2025")
    phone.get_by_role("button", name="Continue").click()
    summary = phone.locator(".govuk-error-summary").inner_text()
    assert "The start date must be a real date" in summary
    assert "Enter the Social Work England number" in summary
    assert phone.get_by_label("First name").input_value() == "Nia"
    form.check_accessible()
    phone.get_by_label("Day").first.fill("28")
    phone.get_by_label("Social Work England number").fill("SW555")
    phone.get_by_label("Role (census OrgRole)").select_option(label="Case holder")
    phone.get_by_role("button", name="Continue").click()
    check = BasePage(phone)
    assert check.heading == "Check your answers"
    assert "28 February 2025" in phone.locator(".govuk-summary-list").inner_text()
    check.check_accessible()
    phone.get_by_role("button", name="Add person").click()
    assert check.heading == "Nia Jones"
    assert "has been added" in phone.locator(".govuk-notification-banner").inner_text()
    check.check_accessible()
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def test_caseload_pages_for_a_team_manager(desktop: Any) -> None:
    from thrive.people.models import Team

    org = make_org("331", "Coventry")
    for kind in ["staff", "posts", "absences", "allocations"]:
        run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )
    team = Team.objects.get(name="Assessment Team 1")
    make_user(org, Role.TEAM_MANAGER, email="tm@example.test", team=team)
    SignInPage(desktop).open().sign_in("tm@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    BasePage(desktop).open("/o/331/caseloads/?on=2025-09-30").check_accessible()
    desktop.get_by_role("link", name="Assessment Team 1").click()
    board = BasePage(desktop).check_accessible()
    assert board.heading == "Assessment Team 1"
    assert "Within cap" in desktop.locator("#team-board").inner_text()
    BasePage(desktop).open("/o/331/caseloads/policy/").check_accessible()
    BasePage(desktop).open("/o/331/caseloads/mine/").check_accessible()
    BasePage(desktop).open("/o/331/families/?on=2025-09-30").check_accessible()
    desktop.get_by_role("link", name="Family F1").click()
    family = BasePage(desktop).check_accessible()
    assert family.heading == "Family F1"

    make_user(org, Role.PRINCIPAL_SOCIAL_WORKER, email="psw@example.test")
    desktop.get_by_role("button", name="Sign out").click()
    SignInPage(desktop).open().sign_in("psw@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    log = BasePage(desktop).open("/o/331/families/access-log/").check_accessible()
    assert "Read the record of Family F1" in desktop.locator("main").inner_text()
    refused = BasePage(desktop).open(desktop.url.replace("access-log/", "1/"))
    assert refused.heading == "Page not found"
    log.check_accessible()
