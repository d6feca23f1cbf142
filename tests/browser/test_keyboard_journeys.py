"""The main forms filled with a keyboard only — Tab to each control, type, Space or Enter — as a
team manager on a desktop and a partner on a phone, and each of four more roles doing its main task
in one council (a practitioner's CPD record, an administrator giving a role, the principal social
worker approving it, a senior leader opening a vacancy), then five more (a service manager
recording absence through "check your answers", workforce development adding to the catalogue,
HR shortlisting an application, a panel member scoring that candidate, an adult specialist writing
in a family's workbook): every control is reached in order and shows where the focus is, and
after each action the focus goes where GOV.UK says it should (the error summary after a problem,
the banner after a success). Axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.pages import BasePage
from tests.factories import PASSWORD, link_user, make_org, make_staff, make_team, make_user
from tests.learning.conftest import Org, item, make_council, session
from thrive.accounts.models import RoleAssignment
from thrive.core import clock
from thrive.core.roles import Role
from thrive.learning.models import Booking, CpdRecord
from thrive.learning.services import exchange_offer
from thrive.people.models import EmploymentSpell
from thrive.supervision.models import Session

pytestmark = pytest.mark.django_db(transaction=True)

TABS = 150  # more Tab presses than any of these pages has controls before the one wanted

FOCUSED = "el => el === document.activeElement"
# GOV.UK's focus style: a yellow outline, or a yellow box-shadow and black underline on links.
FOCUS_SHOWN = """el => {
  const s = getComputedStyle(el)
  return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none'
}"""


def tab_to(page: Any, control: Any) -> None:
    """Press Tab until *control* has the focus (failing if it is never reached), and check the
    focus is shown on it."""
    for _ in range(TABS):
        if control.evaluate(FOCUSED):
            assert control.evaluate(FOCUS_SHOWN), "the focus is not shown"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{control} is not reached with the Tab key")


def type_into(page: Any, label: str, text: str, *, exact: bool | None = None) -> None:
    tab_to(page, page.get_by_label(label, exact=exact))
    page.keyboard.type(text)


def press(page: Any, button: str) -> None:
    """Tab to *button* and press Enter: the form is sent and the next page loads."""
    tab_to(page, page.get_by_role("button", name=button))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def focus_is_in(page: Any, selector: str) -> bool:
    return bool(page.evaluate(f"!!document.activeElement.closest('{selector}')"))


def sign_in_by_keyboard(page: Any, email: str) -> None:
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    type_into(page, "Email address", email)
    type_into(page, "Password", PASSWORD)
    press(page, "Sign in")


def test_a_team_manager_books_supervision_by_keyboard(desktop: Any) -> None:
    org = make_org("331", "Coventry")
    team = make_team(org, "Assessment Team 1")
    maya = make_staff(org, staff_id="1", first_name="Maya", last_name="Test", team=team, org_role=3)
    noor = make_staff(org, staff_id="2", first_name="Noor", last_name="Test", team=team, org_role=5)
    EmploymentSpell.objects.filter(person=noor).update(line_manager=maya)
    link_user(maya, make_user(org, Role.TEAM_MANAGER, email="maya@example.test", team=team))
    sign_in_by_keyboard(desktop, "maya@example.test")
    desktop.wait_for_url("**/o/331/")
    page = BasePage(desktop).open("/o/331/supervision/book/").check_accessible()
    # Nothing chosen: the error summary takes the focus and its link leads to the field.
    press(desktop, "Book")
    assert focus_is_in(desktop, ".govuk-error-summary")
    assert "Choose who is being supervised" in page.error_summary
    page.check_accessible()
    tab_to(desktop, desktop.get_by_role("link", name="Choose who is being supervised"))
    desktop.keyboard.press("Enter")
    who = desktop.get_by_label("Who is being supervised")
    assert who.evaluate(FOCUSED)
    desktop.keyboard.type("Noor")  # a focused select chooses by typing, without opening
    on = clock.today() + timedelta(days=7)
    type_into(desktop, "Day", str(on.day))
    type_into(desktop, "Month", str(on.month))
    type_into(desktop, "Year", str(on.year))
    type_into(desktop, "Start time", "14:30")
    press(desktop, "Book")
    assert "You have booked one-to-one supervision with Noor Test" in page.banner
    assert focus_is_in(desktop, ".govuk-notification-banner")
    page.check_accessible()
    assert Session.objects.get().supervisee == noor


def test_a_partner_books_a_colleague_by_keyboard_on_a_phone(phone: Any, org: Any) -> None:
    council: Org = make_council(org)
    offered = session(item(council.org, "Domestic abuse awareness"), capacity=5)
    exchange_offer(session=offered, partner=council.partner, places=2, actor=council.lead)
    sign_in_by_keyboard(phone, "officer@police.example")
    page = BasePage(phone).open("/o/331/learning/exchange/places/").check_accessible()
    tab_to(phone, phone.locator("summary", has_text="Book a place for a colleague"))
    phone.keyboard.press("Enter")  # opens the details
    type_into(phone, "Your colleague's full name", "Jo Bloggs")
    type_into(phone, "Their email address", "not an address")
    press(phone, "Book for them on Domestic abuse awareness")
    assert focus_is_in(phone, ".govuk-error-summary")
    assert "Enter their email address in the correct format" in page.error_summary
    page.check_accessible()
    # What was typed is kept; only the address needs changing.
    assert phone.get_by_label("Your colleague's full name").input_value() == "Jo Bloggs"
    email = phone.get_by_label("Their email address")
    tab_to(phone, email)
    phone.keyboard.press("Control+A")
    phone.keyboard.type("jo@police.example")
    press(phone, "Book for them on Domestic abuse awareness")
    assert "Jo Bloggs has a place" in page.banner
    assert focus_is_in(phone, ".govuk-notification-banner")
    page.check_accessible()
    assert Booking.objects.get().guest_email == "jo@police.example"


def test_four_more_roles_each_do_their_main_task_by_keyboard(desktop: Any) -> None:
    from tests.recruitment.helpers import raise_vacancy
    from thrive.recruitment.models import Vacancy
    from thrive.recruitment.services import vacancy_submit

    org = make_org("331", "Coventry")
    team = make_team(org, "Assessment Team 1")
    sam = make_staff(org, staff_id="3", first_name="Sam", last_name="Test", team=team, org_role=4)
    link_user(sam, make_user(org, Role.PRACTITIONER, email="sam@example.test"))
    make_user(org, Role.SYSTEM_ADMIN, email="admin@example.test")
    make_user(org, Role.PRINCIPAL_SOCIAL_WORKER, email="psw@example.test")
    make_user(org, Role.SENIOR_LEADER, email="leader@example.test")
    hr = make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    vacancy = raise_vacancy(
        org, hr, team=team, title="Social worker", closing_date=clock.today() + timedelta(30)
    )
    vacancy_submit(vacancy=vacancy, actor=hr)

    def done(page: BasePage, said: str) -> None:
        assert said in page.banner
        assert focus_is_in(desktop, ".govuk-notification-banner")
        page.check_accessible()

    # A practitioner records their CPD: a problem first, then what was missing.
    sign_in_by_keyboard(desktop, "sam@example.test")
    page = BasePage(desktop).open("/o/331/cpd/new/").check_accessible()
    press(desktop, "Save")
    assert focus_is_in(desktop, ".govuk-error-summary")
    assert desktop.title().startswith("Error: ")
    type_into(desktop, "What it was", "Contextual safeguarding reading")
    type_into(desktop, "Hours", "2", exact=True)
    type_into(desktop, "What I learned", "How peer groups shape risk")
    type_into(desktop, "The difference it makes to my practice", "I map peers in assessments")
    press(desktop, "Save")
    done(page, "Your CPD record is saved.")
    assert CpdRecord.objects.get().hours == 2

    # The administrator gives a new colleague a role that opens families: it waits for approval.
    desktop.context.clear_cookies()
    sign_in_by_keyboard(desktop, "admin@example.test")
    page = BasePage(desktop).open("/o/331/users/").check_accessible()
    type_into(desktop, "Email address", "pat@example.test", exact=True)
    type_into(desktop, "Full name", "Pat New")
    type_into(desktop, "Role", "Practitioner", exact=True)  # a focused select chooses by typing
    press(desktop, "Give role")
    done(page, "pat@example.test gets it once a principal social worker")

    # The principal social worker approves it.
    desktop.context.clear_cookies()
    sign_in_by_keyboard(desktop, "psw@example.test")
    page = BasePage(desktop).open("/o/331/users/approvals/").check_accessible()
    tab_to(desktop, desktop.get_by_role("link", name="Decide on pat@example.test as Practitioner"))
    with desktop.expect_navigation():
        desktop.keyboard.press("Enter")
    tab_to(desktop, desktop.get_by_label("Approve"))
    desktop.keyboard.press("Space")
    press(desktop, "Save decision")
    assert focus_is_in(desktop, ".govuk-notification-banner")
    page.check_accessible()
    assert RoleAssignment.objects.filter(user__email="pat@example.test").exists()

    # A senior leader approves the vacancy, which opens it.
    desktop.context.clear_cookies()
    sign_in_by_keyboard(desktop, "leader@example.test")
    page = BasePage(desktop).open(f"/o/331/recruitment/vacancies/{vacancy.pk}/approve/")
    page.check_accessible()
    press(desktop, "Approve and open the vacancy")
    done(page, "The vacancy is approved and open.")
    assert Vacancy.objects.get().status == "open"


def test_five_more_roles_each_do_their_main_task_by_keyboard(desktop: Any) -> None:
    """One council (the known import), each role signed in by keyboard in turn; a few pages each."""
    from tests.factories import import_known, linked_user
    from tests.recruitment.helpers import apply, open_vacancy
    from thrive.caseloads.models import Family
    from thrive.caseloads.services import family_assign
    from thrive.learning.models import LearningItem
    from thrive.people.models import Absence, Service, StaffMember, Team
    from thrive.recruitment.models import PanellistKind, Score, Stage
    from thrive.recruitment.services import panel_add, panellist_add, question_add
    from thrive.workbook.models import WorkbookEntry

    org = import_known(make_org("331", "Coventry"))
    today = clock.today()
    team = Team.objects.get(name="Assessment Team 1")
    team.service = Service.objects.create(organisation=org, name="Safeguarding")
    team.save()
    make_user(org, Role.SERVICE_MANAGER, email="sm@example.test", service=team.service)
    make_user(org, Role.WORKFORCE_DEVELOPMENT, email="wd@example.test")
    hr = make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    leader = make_user(org, Role.SENIOR_LEADER, email="leader@example.test")
    panellist = make_user(org, Role.PANEL_MEMBER, email="young@example.test")
    specialist = StaffMember.objects.get(staff_id="S5")
    linked_user(org, "S5", Role.ADULT_SPECIALIST, email="dana@example.test")
    family = Family.objects.get(family_id="F3")
    family_assign(family=family, person=specialist, role="probation", start_date=today)
    amina = StaffMember.objects.get(staff_id="S1")
    vacancy = open_vacancy(
        org, hr, leader, team=team, title="Social worker", closing_date=today + timedelta(30)
    )
    application = apply(vacancy, hr, 1)

    def sign_in_as(email: str) -> None:
        desktop.context.clear_cookies()
        sign_in_by_keyboard(desktop, email)
        desktop.wait_for_url("**/o/331/")

    def done(page: BasePage, said: str) -> None:
        assert said in page.banner
        assert focus_is_in(desktop, ".govuk-notification-banner")
        page.check_accessible()

    def type_at(selector: str, text: str) -> None:
        tab_to(desktop, desktop.locator(selector))
        desktop.keyboard.type(text)

    # A service manager records a day's sickness for someone in their service: the form, then
    # "check your answers", then the person's page.
    sign_in_as("sm@example.test")
    page = BasePage(desktop).open(f"/o/331/people/{amina.pk}/absence/").check_accessible()
    tab_to(desktop, desktop.get_by_label("Sickness"))
    desktop.keyboard.press("Space")
    for name in ("start_date", "end_date"):
        type_at(f"[name={name}_0]", str(today.day))
        type_at(f"[name={name}_1]", str(today.month))
        type_at(f"[name={name}_2]", str(today.year))
    type_into(desktop, "Working days lost", "1")
    press(desktop, "Continue")
    page.check_accessible()
    press(desktop, "Record absence")
    done(page, f"The absence for {amina.full_name} has been recorded.")
    assert Absence.objects.get(person=amina, start_date=today).working_days == 1

    # Workforce development adds a course to the catalogue: a problem first, then the rest.
    sign_in_as("wd@example.test")
    page = BasePage(desktop).open("/o/331/learning/new/").check_accessible()
    type_into(desktop, "Title", "Contextual safeguarding")
    press(desktop, "Save")
    assert focus_is_in(desktop, ".govuk-error-summary")
    page.check_accessible()
    assert desktop.get_by_label("Title").input_value() == "Contextual safeguarding"
    tab_to(desktop, desktop.get_by_label("In-house"))
    desktop.keyboard.press("Space")
    press(desktop, "Save")
    done(page, "Contextual safeguarding is saved.")
    assert LearningItem.objects.get(organisation=org).provider_kind == "in_house"

    # HR shortlists the application.
    sign_in_as("hr@example.test")
    page = BasePage(desktop).open(f"/o/331/recruitment/applications/{application.pk}/")
    page.check_accessible()
    tab_to(desktop, desktop.get_by_label("Shortlisted", exact=True))
    desktop.keyboard.press("Space")
    press(desktop, "Move")
    done(page, "The application has moved on.")
    application.refresh_from_db()
    assert application.stage == Stage.SHORTLISTED

    # A lived-experience panellist scores the candidate on their own sheet.
    question = question_add(
        organisation=org,
        actor=hr,
        text="A family tells you something worrying. What do you do?",
        value="Curiosity",
        rubric="1: no curiosity; 3: asks; 5: asks, checks and records",
        role="any",
        effective_from=today - timedelta(days=30),
    )
    panel = panel_add(
        vacancy=vacancy, actor=hr, sits_on=today, questions=[question], candidates=[application]
    )
    panellist_add(
        panel=panel,
        actor=hr,
        user=panellist,
        kind=PanellistKind.LIVED_EXPERIENCE,
        represents="Children in Care Council",
        trained_on=today - timedelta(days=7),
    )
    sign_in_as("young@example.test")
    url = f"/o/331/recruitment/my-panels/{panel.pk}/candidates/{application.pk}/"
    page = BasePage(desktop).open(url).check_accessible()
    # Tab reaches a radio group once (its first radio); the arrow keys move along it.
    tab_to(desktop, desktop.get_by_label("1", exact=True))
    for _ in range(3):
        desktop.keyboard.press("ArrowDown")
    assert desktop.get_by_label("4", exact=True).is_checked()
    type_into(desktop, "Curiosity: your note", "Asked what the child thought")
    press(desktop, "Send your scores")
    done(page, "Your scores are sent.")
    assert Score.objects.get(panellist__user=panellist).score == 4

    # An adult specialist writes in their chapter of the family's workbook.
    sign_in_as("dana@example.test")
    page = BasePage(desktop).open(f"/o/331/families/{family.pk}/workbook/entries/new/")
    page.check_accessible()
    # Their one chapter (probation) is chosen for them: nothing to pick.
    assert desktop.get_by_role("radio").count() == 0
    type_into(desktop, "What happened", "Met dad at the probation office; he is engaging.")
    press(desktop, "Add to the workbook")
    done(page, "Your entry is in")
    entry = WorkbookEntry.objects.get(family=family, author__email="dana@example.test")
    assert "probation office" in entry.body
