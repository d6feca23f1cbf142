"""A practitioner writes a workbook entry on a phone between visits (draft, then added), writes a
monthly summary; a manager reads the workbook and uses the allocation assistant — axe on every
page; the access log shows each read and write."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_org, make_user
from thrive.caseloads.models import Allocation
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.imports import run_import
from thrive.people.models import StaffMember, Team

pytestmark = pytest.mark.django_db(transaction=True)
KNOWN = Path(__file__).resolve().parents[1] / "data" / "known"


def known_council() -> Any:
    org = make_org("331", "Coventry")
    for kind in ["staff", "posts", "absences", "allocations"]:
        run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )
    worker = make_user(org, Role.PRACTITIONER, email="amina@example.test")
    StaffMember.objects.filter(staff_id="S1").update(user=worker)
    team = Team.objects.get(name="Assessment Team 1")
    make_user(org, Role.TEAM_MANAGER, email="tm@example.test", team=team)
    make_user(org, Role.PRINCIPAL_SOCIAL_WORKER, email="psw@example.test")
    # Chloe (S3) left the Children in Care Team on 30 Sep 2025 still holding C60.
    Allocation.objects.create(
        organisation=org,
        child_id="C60",
        family_id="F60",
        worker=StaffMember.objects.get(staff_id="S3"),
        case_type="cp",
        start_date=date(2025, 1, 1),
    )
    return org


def test_quick_note_on_a_phone_then_the_manager_reads_it(phone: Any, browser: Any) -> None:
    known_council()
    SignInPage(phone).open().sign_in("amina@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    note = BasePage(phone).open("/o/331/capture/").check_accessible()
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )
    phone.get_by_label("Family", exact=True).select_option(label="Family F1")
    phone.get_by_label("Heading (optional)").fill("Home visit")
    phone.get_by_label("What happened").fill("Saw both children; mum used scaling well.")
    phone.get_by_label("Scaling questions").check()
    phone.get_by_role("button", name="Save as draft").click()
    assert "Your draft is saved" in phone.locator(".govuk-notification-banner").inner_text()
    note.check_accessible()
    phone.get_by_role("button", name="Add to the workbook").click()
    assert note.heading == "Family F1"
    assert "Saw both children" in phone.locator("#chapter-social_worker").inner_text()
    note.check_accessible()
    phone.get_by_role("link", name="Write a monthly summary").click()
    phone.get_by_label("Strengths").fill("Grandmother helps every day.")
    phone.get_by_role("button", name="Save the summary").click()
    errors = phone.locator(".govuk-error-summary").inner_text()
    assert "Concerns" in errors or "This field is required" in errors
    assert phone.get_by_label("Strengths").input_value() == "Grandmother helps every day."
    note.check_accessible()
    phone.get_by_label("Concerns").fill("Arguments at home.")
    phone.get_by_label("Partly").check()
    phone.get_by_label("Improving").check()
    phone.get_by_label("Next steps").fill("Meet the school.")
    phone.get_by_role("button", name="Save the summary").click()
    assert (
        "The monthly summary is saved" in phone.locator(".govuk-notification-banner").inner_text()
    )
    note.check_accessible()

    base = phone.url.split("/o/")[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    desktop = context.new_page()
    SignInPage(desktop).open().sign_in("tm@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    family = BasePage(desktop).open("/o/331/families/").check_accessible()
    desktop.get_by_role("link", name="Family F1").click()
    family.check_accessible()
    desktop.get_by_role("link", name="Add an adult").click()
    family.check_accessible()
    desktop.get_by_role("button", name="Save").click()
    assert "There is a problem" in desktop.locator(".govuk-error-summary").inner_text()
    family.check_accessible()
    desktop.get_by_label("First name").fill("Dana")
    desktop.get_by_label("Parent").check()
    desktop.get_by_role("button", name="Save").click()
    expect(desktop.locator("body")).to_contain_text("Dana")
    desktop.get_by_role("link", name="Assign a specialist").click()
    desktop.get_by_role("button", name="Save").click()
    assert "There is a problem" in desktop.locator(".govuk-error-summary").inner_text()
    family.check_accessible()
    desktop.get_by_label("Who").select_option(label="Ellie Evans")
    desktop.get_by_label("Domestic abuse (victim) worker").check()
    desktop.get_by_role("button", name="Save").click()
    assert "Ellie Evans is assigned" in desktop.locator(".govuk-notification-banner").inner_text()
    family.check_accessible()
    desktop.get_by_role("link", name="Details of C1").click()
    desktop.get_by_label("First name (optional)").fill("Maya")
    desktop.get_by_role("button", name="Save").click()
    expect(desktop.locator("body")).to_contain_text("The details of Maya are saved")
    desktop.get_by_role("link", name="Open the workbook").click()
    expect(desktop.locator("body")).to_contain_text("Saw both children")
    family.check_accessible()
    desktop.goto("/o/331/caseloads/allocate/")
    family.check_accessible()
    desktop.get_by_label("Family ID").fill("F50")
    desktop.get_by_label("Child 1: case system ID").fill("C50")
    desktop.get_by_label("Child 1: case status").select_option(label="Child in need")
    desktop.get_by_label("Team", exact=True).select_option(label="Assessment Team 1")
    desktop.get_by_role("button", name="Show suggestions").click()
    assert "to spare" in desktop.locator("#suggestions ~ div").first.inner_text()
    family.check_accessible()
    desktop.get_by_label("1.", exact=False).first.check()
    desktop.get_by_role("button", name="Allocate", exact=True).click()
    assert "allocated to" in desktop.locator(".govuk-notification-banner").inner_text()
    family.check_accessible()
    context.close()
    context = browser.new_context(base_url=base)
    psw = context.new_page()
    SignInPage(psw).open().sign_in("psw@example.test", PASSWORD)
    psw.wait_for_url("**/o/331/")
    tools = BasePage(psw).open("/o/331/workbook/tools/").check_accessible()
    psw.get_by_role("button", name="Add to the list").click()
    tools.check_accessible()
    BasePage(psw).open("/o/331/families/access-log/").check_accessible()
    expect(psw.locator("body")).to_contain_text("Added")
    BasePage(psw).open("/o/331/caseloads/?on=2025-09-30").check_accessible()
    assert psw.locator("#caseload-trend-table").is_visible()
    care = Team.objects.get(name="Children in Care Team")
    BasePage(psw).open(f"/o/331/caseloads/teams/{care.pk}/").check_accessible()
    assert "Chloe Davies" in psw.locator("#leaver-cases").inner_text()
    context.close()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "family.workbook.draft_saved",
        "family.workbook.entry_added",
        "family.workbook.summary_added",
        "family.workbook.read",
        "family.read",
        "family.allocated",
    } <= actions
