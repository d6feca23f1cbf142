"""HR fixes the census return on screen: the problem's Fix link, a form for exactly the missing
items (empty first, then filled), and back to a return with no problems — axe on every page, on a
desktop and a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, make_org, make_user
from thrive.core.roles import Role
from thrive.people.imports import run_import
from thrive.people.models import StaffMember

pytestmark = pytest.mark.django_db(transaction=True)
KNOWN = Path(__file__).resolve().parents[1] / "data" / "known"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_hr_fixes_a_census_problem(device: str, request: Any) -> None:
    page = request.getfixturevalue(device)
    org = make_org("331", "Coventry")
    for kind in ["staff", "posts", "absences", "allocations"]:
        run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )
    StaffMember.objects.filter(staff_id="S2").update(ethnicity="", step_up_grad=None)
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(page).open().sign_in("hr@example.test", PASSWORD)
    page.wait_for_url("**/o/331/")

    census = BasePage(page).open("/o/331/census/?year=2025").check_accessible()
    assert "2 problems to fix for 1 person" in page.locator("main").inner_text()
    page.get_by_role("link", name="Fix Ben Clarke's Ethnicity").click()
    form = BasePage(page).check_accessible()
    assert form.heading == "Fill in the census items"
    assert page.get_by_label("Ethnicity").count() == 1
    assert page.get_by_label("Gender (census GenderCurrent)").count() == 0
    page.get_by_role("button", name="Save the census items").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select the ethnicity" in summary
    assert "Select whether they qualified through Step Up to Social Work" in summary
    form.check_accessible()
    page.get_by_label("Ethnicity").select_option("WBRI")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save the census items").click()
    assert "census items are saved" in page.locator(".govuk-notification-banner").inner_text()
    assert "No problems found" in page.locator("main").inner_text()
    census.check_accessible()
