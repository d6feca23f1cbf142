"""A practitioner writes a workbook entry on a phone between visits (draft, then added), writes a
monthly summary; a manager reads the workbook and uses the allocation assistant — axe on every
page; the access log shows each read and write."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    AccessLogPage,
    AllocatePage,
    CaseloadsPage,
    FamiliesPage,
    QuickNotePage,
    SignInPage,
    TeamBoardPage,
    WorkbookToolsPage,
)
from tests.factories import PASSWORD, import_known, linked_user, make_org, make_user
from thrive.caseloads.models import Allocation
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import StaffMember, Team

pytestmark = pytest.mark.django_db(transaction=True)


def known_council() -> Any:
    org = import_known(make_org("331", "Coventry"))
    linked_user(org, "S1", Role.PRACTITIONER, email="amina@example.test")
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
    note = QuickNotePage(phone).open().check_accessible()
    assert note.fits_the_screen()
    note.write(
        "Family F1",
        "Home visit",
        "Saw both children; mum used scaling well.",
        tools=("Scaling questions",),
    ).save_draft()
    assert "Your draft is saved" in note.banner
    note.check_accessible()
    workbook = note.add_to_workbook()
    assert workbook.heading == "Family F1"
    assert "Saw both children" in workbook.chapter("social_worker")
    workbook.check_accessible()
    summary = workbook.write_summary()
    summary.enter(strengths="Grandmother helps every day.").save()
    errors = summary.error_summary
    assert "Enter concerns" in errors
    assert summary.value_of("Strengths") == "Grandmother helps every day."
    summary.check_accessible()
    summary.enter(
        concerns="Arguments at home.",
        shared="Partly",
        direction="Improving",
        next_steps="Meet the school.",
    ).save()
    assert "The monthly summary is saved" in summary.banner
    summary.check_accessible()

    base = phone.url.split("/o/")[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    desktop = context.new_page()
    SignInPage(desktop).open().sign_in("tm@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    families = FamiliesPage(desktop).open().check_accessible()
    family = families.open_family("F1").check_accessible()
    family.follow("Add an adult").check_accessible()
    family.add_adult(None, None)
    assert "There is a problem" in family.error_summary
    family.check_accessible()
    family.add_adult("Dana", "Parent")
    expect(desktop.locator("body")).to_contain_text("Dana")
    family.follow("Assign a specialist").assign_specialist(None, None)
    assert "There is a problem" in family.error_summary
    family.check_accessible()
    family.assign_specialist("Ellie Evans", "Domestic abuse (victim) worker")
    assert "Ellie Evans is assigned" in family.banner
    family.check_accessible()
    family.name_child("C1", "Maya")
    expect(desktop.locator("body")).to_contain_text("The details of Maya are saved")
    family.open_workbook()
    expect(desktop.locator("body")).to_contain_text("Saw both children")
    family.check_accessible()
    allocate = AllocatePage(desktop).open().check_accessible()
    allocate.ask(family_id="F50", child_id="C50", status="Child in need", team="Assessment Team 1")
    assert "to spare" in allocate.first_suggestion
    allocate.check_accessible()
    allocate.allocate_to_first()
    assert "allocated to" in allocate.banner
    allocate.check_accessible()
    context.close()
    context = browser.new_context(base_url=base)
    psw = context.new_page()
    SignInPage(psw).open().sign_in("psw@example.test", PASSWORD)
    psw.wait_for_url("**/o/331/")
    tools = WorkbookToolsPage(psw).open().check_accessible()
    tools.press("Add to the list")
    tools.check_accessible()
    AccessLogPage(psw).open().check_accessible()
    expect(psw.locator("body")).to_contain_text("Added")
    caseloads = CaseloadsPage(psw).open(query="on=2025-09-30").check_accessible()
    assert caseloads.trend_table_shown
    care = Team.objects.get(name="Children in Care Team")
    board = TeamBoardPage(psw).open(team=care.pk).check_accessible()
    assert "Chloe Davies" in board.leaver_cases
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
