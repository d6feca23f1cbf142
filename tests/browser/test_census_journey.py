"""HR fixes the census return on screen: the problem's Fix link, a form for exactly the missing
items (empty first, then filled), and back to a return with no problems — axe on every page, on a
desktop and a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import CensusPage, SignInPage
from tests.factories import PASSWORD, import_known, make_org, make_user
from thrive.core.roles import Role
from thrive.people.models import StaffMember

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_hr_fixes_a_census_problem(device: str, request: Any) -> None:
    page = request.getfixturevalue(device)
    org = make_org("331", "Coventry")
    import_known(org)
    StaffMember.objects.filter(staff_id="S2").update(ethnicity="", step_up_grad=None)
    make_user(org, Role.HR_RECRUITMENT, email="hr@example.test")
    SignInPage(page).open().sign_in("hr@example.test", PASSWORD)
    page.wait_for_url("**/o/331/")

    census = CensusPage(page).open(query="year=2025").check_accessible()
    assert "2 problems to fix for 1 person" in census.main_text
    form = census.fix("Fix Ben Clarke's Ethnicity").check_accessible()
    assert form.heading == "Fill in the census items"
    assert form.field_count("Ethnicity") == 1
    assert form.field_count("Gender (census GenderCurrent)") == 0
    form.save()
    summary = form.error_summary
    assert "Select the ethnicity" in summary
    assert "Select whether they qualified through Step Up to Social Work" in summary
    form.check_accessible()
    form.select_code("Ethnicity", "WBRI").choose("No").save()
    assert "census items are saved" in census.banner
    assert "No problems found" in census.main_text
    census.check_accessible()
