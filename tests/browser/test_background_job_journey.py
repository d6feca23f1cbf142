"""HR prepares the register export in the background: the jobs page, the job's own page while it
waits, and the same page once the worker has run it (it follows the job without reloading), with
its download — axe on every page, at a desktop and a phone width."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_org, make_staff, make_team, make_user
from thrive.core.roles import Role
from thrive.jobs.models import Job
from thrive.jobs.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_register_export_prepared_in_the_background(desktop: Any, phone: Any) -> None:
    org = make_org("331", "Coventry")
    team = make_team(org, "Assessment Team 1")
    make_staff(org, staff_id="SW100", first_name="Maya", last_name="Test", team=team)
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(desktop).open().sign_in("hr@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    jobs = BasePage(desktop).open("/o/331/jobs/").check_accessible()
    jobs.press("Export the register (CSV)")
    desktop.wait_for_url("**/o/331/jobs/*/")
    waiting = jobs.now(BasePage).check_accessible()
    assert Job.objects.get().status == "queued"
    assert desktop.locator("#job-download").count() == 0
    job_path = urlsplit(desktop.url).path
    assert run_worker(exit_when_idle=True, schedule=False) == 1
    # The open page follows the job by itself (it fetches its progress; it never reloads).
    desktop.wait_for_selector("#job-download", timeout=20_000)
    waiting.check_accessible()
    download = desktop.locator("#job-download")
    assert download.is_visible()
    response = desktop.request.get(download.get_attribute("href"))
    assert response.status == 200 and "SW100" in response.text()
    # The same job's page on a phone.
    SignInPage(phone).open().sign_in("hr@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    on_phone = BasePage(phone).open(job_path).check_accessible()
    assert on_phone.fits_the_screen()
