"""A senior leader asks for the projection and for what drives leaving, the worker runs each
job, and the results — the fan charts with their tables, the scenarios, the backtest and where
the academy and agency figures come from; the hazard ratios chart and the team stability table
— are checked with axe at a desktop and at 390 px, as is retention by academy."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.browser.small_council import small_council
from tests.factories import PASSWORD, make_org, make_user
from thrive.core import clock
from thrive.core.roles import Role
from thrive.jobs.models import Job
from thrive.jobs.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)
PROJECTION = "/o/331/workforce/projection/"
DRIVERS = "/o/331/workforce/drivers/"


def _ask_and_run(desktop: Any, path: str, button: str, kind: str) -> BasePage:
    page = BasePage(desktop).open(path).check_accessible()  # before: the button
    page.press(button)
    desktop.wait_for_url("**/o/331/jobs/*/")
    assert run_worker(exit_when_idle=True, poll=0, schedule=False) == 1
    assert Job.objects.get(kind=kind).status == "succeeded"
    desktop.wait_for_selector("#job-see", timeout=20_000)  # the job's page follows it
    desktop.locator("#job-see").click()
    desktop.wait_for_url(lambda url: path in url)
    return page.now(BasePage).check_accessible()


def test_projection_and_drivers_results_are_accessible(browser: Any, live_server: Any) -> None:
    org = small_council(make_org("331", "Coventry"), clock.today())
    make_user(org, Role.SENIOR_LEADER, email="leader@example.test")
    desktop_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    desktop = desktop_context.new_page()
    SignInPage(desktop).open().sign_in("leader@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")

    shown = _ask_and_run(desktop, PROJECTION, "Work out the projection", "projection_page")
    assert desktop.locator("main svg").count() == 6
    for element in ("scenarios-table", "table-inpost_fte", "projection-sources", "backtest"):
        assert desktop.locator(f"#{element}").count() == 1, element
    assert "Agency cost: £80,000 a year" in shown.text_of("projection-sources")
    assert "assumed" in shown.text_of("projection-sources")

    _ask_and_run(desktop, DRIVERS, "Work out what drives leaving", "drivers_page")
    assert desktop.locator("#drivers-chart-title").count() == 1  # the hazard ratios drawn
    assert desktop.locator("#stability-table").count() == 1

    retention = BasePage(desktop).open("/o/331/workforce/retention/", query="by=academy")
    assert "Not through the academy" in retention.check_accessible().main_text
    desktop_context.close()

    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    phone = phone_context.new_page()
    SignInPage(phone).open().sign_in("leader@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    for path in (PROJECTION, DRIVERS, "/o/331/workforce/retention/?by=academy"):
        on_phone = BasePage(phone).open(path).check_accessible()
        assert on_phone.fits_the_screen(), path
    assert phone.locator("main svg").count() >= 1
    phone_context.close()
