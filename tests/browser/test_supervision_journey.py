"""A manager books supervision, writes and signs the record; the supervisee agrees it on a phone;
the compliance and policy pages — axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.pages import (
    CompliancePage,
    DebriefPage,
    SignInPage,
    SupervisionPage,
    SupervisionPolicyPage,
    SupervisionRecordsPage,
)
from tests.factories import PASSWORD, link_user, make_org, make_staff, make_team, make_user
from thrive.caseloads.models import Allocation, Family, FamilyMember
from thrive.caseloads.services import families_sync
from thrive.core import clock
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell
from thrive.supervision.models import Session

pytestmark = pytest.mark.django_db(transaction=True)


def crew() -> None:
    org = make_org("331", "Coventry")
    team = make_team(org, "Assessment Team 1")
    people = {}
    for staff_id, first, role in (("1", "Maya", 3), ("2", "Noor", 5)):
        people[first] = make_staff(
            org,
            staff_id=staff_id,
            first_name=first,
            last_name="Test",
            team=team,
            swe_number=f"SW{staff_id}",
            org_role=role,
        )
    EmploymentSpell.objects.filter(person=people["Noor"]).update(line_manager=people["Maya"])
    Allocation.objects.create(
        organisation=org,
        child_id="K1",
        family_id="FAM1",
        worker=people["Noor"],
        case_type="cp",
        start_date=clock.today() - timedelta(days=90),
    )
    families_sync(organisation=org)
    Family.objects.filter(family_id="FAM1").update(name="The Kent family")
    FamilyMember.objects.filter(member_id="K1").update(first_name="Kit")
    link_user(
        people["Maya"], make_user(org, Role.TEAM_MANAGER, email="maya@example.test", team=team)
    )
    link_user(people["Noor"], make_user(org, Role.PRACTITIONER, email="noor@example.test"))
    make_user(org, Role.PRINCIPAL_SOCIAL_WORKER, email="psw@example.test")


def test_book_record_agree_and_compliance(desktop: Any, phone: Any) -> None:
    crew()
    SignInPage(desktop).open().sign_in("maya@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    home = SupervisionPage(desktop).open().check_accessible()
    booking = home.book().check_accessible()
    booking.book()
    assert "Choose who is being supervised" in booking.error_summary
    booking.check_accessible()
    yesterday = clock.today() - timedelta(days=1)
    booking.book("Noor Test", yesterday, "10:00")
    booking.check_accessible()
    record = booking.write_the_record().check_accessible()
    # The family's questions open under its box once it is ticked (found by typing its name).
    record.discuss_family("Kent", "The Kent family (FAM1): Kit", "Dad is engaging with services.")
    record.check_accessible()
    record.sign(
        "Settling in well.",
        "Eight children; manageable.",
        skills=("A balance of support and challenge",),
    )
    assert "waiting for the supervisee" in record.status
    assert Session.objects.get().families.get().what_changed.startswith("Dad is engaging")
    record.check_accessible()
    CompliancePage(desktop).open().check_accessible()

    SignInPage(phone).open().sign_in("noor@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    mine = SupervisionPage(phone).open().check_accessible()
    record = mine.open_session("One-to-one supervision with Maya Test").check_accessible()
    assert "Settling in well." in record.text_of("wellbeing")
    record.agree("Good to plan the first month.")
    assert "signed by both" in record.status
    record.check_accessible()
    assert record.fits_the_screen()
    assert Session.objects.get().locked


def test_policy_page_for_the_principal_social_worker(desktop: Any) -> None:
    crew()
    SignInPage(desktop).open().sign_in("psw@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    page = SupervisionPolicyPage(desktop).open().check_accessible()
    page.save_rule()
    page.check_accessible()
    SupervisionRecordsPage(desktop).open().check_accessible()


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
    page = DebriefPage(desktop).open(session=debrief.pk)
    page.check_accessible()
    page.fill("Support offered and agreed", "Joint visits for a month.").save()
    assert "There is a problem" in page.error_summary
    assert page.value_of("Support offered and agreed") == "Joint visits for a month."
    page.check_accessible()
    today = timezone.localtime(debrief.starts_at).date()  # the incident was that day
    page.enter_date(today.day, today.month, today.year, group="Date of the incident")
    page.fill("What happened", "A father threatened Noor at the door.").save()
    assert "A father threatened Noor" in page.text_of("incident")
    page.check_accessible()
