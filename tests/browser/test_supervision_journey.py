"""A manager books supervision, writes and signs the record; the supervisee agrees it on a phone;
the compliance and policy pages — axe on every page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_org, make_team, make_user
from thrive.core import clock
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell
from thrive.people.services import staff_add
from thrive.supervision.models import Session

pytestmark = pytest.mark.django_db(transaction=True)


def crew() -> None:
    org = make_org("331", "Coventry")
    team = make_team(org, "Assessment Team 1")
    people = {}
    for staff_id, first, role in (("1", "Maya", 3), ("2", "Noor", 5)):
        people[first] = staff_add(
            organisation=org,
            staff_id=staff_id,
            first_name=first,
            last_name="Test",
            profession="social_worker",
            contract="permanent",
            team=team,
            fte=Decimal(1),
            swe_number=f"SW{staff_id}",
            org_role=role,
            start_date=date(2020, 1, 1),
        )
    EmploymentSpell.objects.filter(person=people["Noor"]).update(line_manager=people["Maya"])
    people["Maya"].user = make_user(org, Role.TEAM_MANAGER, email="maya@example.test", team=team)
    people["Maya"].save()
    people["Noor"].user = make_user(org, Role.PRACTITIONER, email="noor@example.test")
    people["Noor"].save()
    make_user(org, Role.PRINCIPAL_SOCIAL_WORKER, email="psw@example.test")


def test_book_record_agree_and_compliance(desktop: Any, phone: Any) -> None:
    crew()
    SignInPage(desktop).open().sign_in("maya@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    home = BasePage(desktop).open("/o/331/supervision/").check_accessible()
    desktop.get_by_role("link", name="Book a session").click()
    home.check_accessible()
    desktop.get_by_role("button", name="Book").click()
    assert "Choose who is being supervised" in desktop.locator(".govuk-error-summary").inner_text()
    home.check_accessible()
    yesterday = clock.today() - timedelta(days=1)
    desktop.get_by_label("Who is being supervised").select_option(label="Noor Test")
    desktop.get_by_label("Day").fill(str(yesterday.day))
    desktop.get_by_label("Month").fill(str(yesterday.month))
    desktop.get_by_label("Year").fill(str(yesterday.year))
    desktop.get_by_label("Start time").fill("10:00")
    desktop.get_by_role("button", name="Book").click()
    home.check_accessible()
    desktop.get_by_role("link", name="Write the record").click()
    home.check_accessible()
    desktop.get_by_label("Wellbeing").fill("Settling in well.")
    desktop.get_by_label("Workload", exact=True).fill("Eight children; manageable.")
    desktop.get_by_label("A balance of support and challenge").check()
    desktop.get_by_role("button", name="Save and sign").click()
    assert "waiting for the supervisee" in desktop.locator("#record-status").inner_text()
    home.check_accessible()
    BasePage(desktop).open("/o/331/supervision/compliance/").check_accessible()

    SignInPage(phone).open().sign_in("noor@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    mine = BasePage(phone).open("/o/331/supervision/").check_accessible()
    phone.get_by_role("link", name="One-to-one supervision with Maya Test", exact=False).click()
    mine.check_accessible()
    assert "Settling in well." in phone.locator("#wellbeing").inner_text()
    phone.get_by_label("Your reflections").fill("Good to plan the first month.")
    phone.get_by_role("button", name="Agree the record").click()
    assert "signed by both" in phone.locator("#record-status").inner_text()
    mine.check_accessible()
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )
    assert Session.objects.get().locked


def test_policy_page_for_the_principal_social_worker(desktop: Any) -> None:
    crew()
    SignInPage(desktop).open().sign_in("psw@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    page = BasePage(desktop).open("/o/331/supervision/policy/").check_accessible()
    desktop.get_by_role("button", name="Save the rule").click()
    page.check_accessible()
    BasePage(desktop).open("/o/331/supervision/records/").check_accessible()


def test_a_debrief_after_an_incident(desktop: Any) -> None:
    from django.utils import timezone

    from thrive.core.permissions import access_for
    from thrive.people.models import StaffMember
    from thrive.supervision.services import session_book

    crew()
    maya = StaffMember.objects.get(staff_id="1")
    debrief = session_book(
        access=access_for(maya.user, maya.organisation),
        supervisor=maya,
        supervisee=StaffMember.objects.get(staff_id="2"),
        kind="debrief",
        starts_at=clock.now() - timedelta(hours=3),
    )
    SignInPage(desktop).open().sign_in("maya@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    page = BasePage(desktop).open(f"/o/331/supervision/sessions/{debrief.pk}/record/")
    page.check_accessible()
    desktop.get_by_label("Support offered and agreed").fill("Joint visits for a month.")
    desktop.get_by_role("button", name="Save", exact=True).click()
    assert "There is a problem" in desktop.locator(".govuk-error-summary").inner_text()
    assert desktop.get_by_label("Support offered and agreed").input_value() == (
        "Joint visits for a month."
    )
    page.check_accessible()
    today = timezone.localtime(debrief.starts_at).date()  # the incident was that day
    when = desktop.get_by_role("group", name="Date of the incident")
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_label("Year").fill(str(today.year))
    desktop.get_by_label("What happened").fill("A father threatened Noor at the door.")
    desktop.get_by_role("button", name="Save", exact=True).click()
    assert "A father threatened Noor" in desktop.locator("#incident").inner_text()
    page.check_accessible()
