"""Agency and cover: a service manager reads the agency pages (the shared rules read only), fills
and publishes a children's home's rota (draft first), and checks the working-time rules; then a
home worker reads their shifts on a phone, and the region's partnership lead changes a rule of the
region's set on a phone — axe on every page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_staff, make_team, make_user
from thrive.agency.demo import build_sample_home
from thrive.agency.services import rota_solve, rule_sets_ensure
from thrive.core.roles import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.today("2026-06-17")]


def test_a_rota_is_filled_published_and_read_on_a_phone(org: Any, desktop: Any, phone: Any) -> None:
    team = make_team(org, "Residential Hub", service="Children in Care")
    rosa = make_staff(org, first_name="Rosa", last_name="Hale")
    home = build_sample_home(
        org,
        code="hub",
        name="No Wrong Door hub",
        own_staff=8,
        start=date(2026, 6, 15),
        weeks=1,
        shortage=True,
        team=team,
        link_first_to=rosa,
    )
    rota_solve(home=home, starts=date(2026, 6, 15), weeks=1, actor=None, time_limit=3)
    rule_sets_ensure()
    manager = make_user(org, Role.SERVICE_MANAGER, service=team.service)
    worker = make_user(org, Role.PRACTITIONER)
    rosa.user = worker
    rosa.save()

    SignInPage(desktop).open().sign_in(manager.email, PASSWORD)
    desktop.wait_for_url("**/o/331/")
    BasePage(desktop).open("/o/331/agency/placements/").check_accessible()
    rules = BasePage(desktop).open("/o/331/agency/rules/").check_accessible()
    assert "Read only" in rules.main_text and "Change a rule from a date" not in rules.main_text
    region = BasePage(desktop).open("/o/331/agency/against-region/").check_accessible()
    assert "Spend, agency FTE and conversions by quarter" in region.main_text
    homes = BasePage(desktop).open("/o/331/agency/homes/").check_accessible()
    rota = homes.follow("No Wrong Door hub").check_accessible()
    assert "Draft" in rota.main_text and "Cover chosen and why" in rota.main_text
    rota.press("Publish this rota")
    assert "Rota published" in rota.check_accessible().banner
    # A mistake on the fill form is kept as typed and named.
    rota.fill("Weeks", "12").press("Fill the rota")
    assert "Weeks must be a whole number from 1 to 8" in rota.check_accessible().error_summary
    assert rota.value_of("Weeks") == "12"
    BasePage(desktop).open("/o/331/agency/working-time/").check_accessible()
    # The set-up page: workers' register link, leave and time off in lieu, and their forms.
    setup = BasePage(desktop).open(f"/o/331/agency/homes/{home.pk}/set-up/").check_accessible()
    assert "Link a worker to the register" in setup.main_text

    SignInPage(phone).open().sign_in(worker.email, PASSWORD)
    phone.wait_for_url("**/o/331/")
    mine = BasePage(phone).open("/o/331/agency/my-shifts/").check_accessible()
    assert "No Wrong Door hub" in mine.main_text
    assert mine.fits_the_screen()
    # Asking to swap a shift, on the phone.
    mine.page.get_by_role("link", name="Ask to swap").first.click()
    assert mine.check_accessible().heading == "Ask to swap a shift"
    assert mine.fits_the_screen()

    # The region's partnership lead changes the West Midlands memorandum's cool-off, on a phone.
    lead = make_user(org, Role.PARTNERSHIP_LEAD)
    BasePage(phone).sign_out()
    SignInPage(phone).open().sign_in(lead.email, PASSWORD)
    phone.wait_for_url("**/o/331/")
    region = BasePage(phone).open("/o/331/agency/region-rules/").check_accessible()
    assert region.fits_the_screen()
    region.select("Rule set", "West Midlands memorandum of understanding", exact=True)
    region.select(
        "Rule", "Cool-off after leaving a permanent post in the region (months)", exact=True
    )
    region.fill("Value", "6").enter_date(1, 9, 2026, group="In force from").press("Save the rule")
    assert "Saved" in region.check_accessible().banner
