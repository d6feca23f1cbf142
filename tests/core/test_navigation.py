"""The service navigation: areas on one row, the current area's pages beneath, one current item,
and only what each role may open."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from thrive.core.navigation import AREAS
from thrive.core.roles import Role

CASE_HOLDERS = {Role.PRACTITIONER, Role.TEAM_MANAGER}


def _top_row(page: str) -> list[str]:
    nav = page.split('id="navigation"')[1].split("</ul>")[0]
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a[^>]*>(.*?)</a>", nav, re.S)]


def _current(page: str) -> list[str]:
    return re.findall(
        r'<a[^>]*aria-current="(?:page|true)"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)', page
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_roles_menu_fits_one_row_of_areas(
    client: Client, user_with_role: Any, org: Any, role: str
) -> None:
    client.force_login(user_with_role(role))
    page = client.get(f"/o/{org.code}/").content.decode()
    top = _top_row(page)
    assert top[0] == "Home" and len(top) <= len(AREAS) <= 7
    assert top == [a.label for a in AREAS if a.label in top]  # always in the same order
    assert ("My caseload" in page) == (role in CASE_HOLDERS)
    # Every page the menu offers opens for this role.
    for href in re.findall(r'href="(/o/331/[^"]*)"', page.split("<main")[0]):
        assert client.get(href, follow=True).status_code == 200, href


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "area", "current"),
    [
        ("supervision/compliance/", "Supervision", "Compliance"),
        ("supervision/", "Supervision", "Supervision"),
        ("learning/needs/", "Learning", "Training needs"),
        ("cpd/", "Learning", "CPD"),
        ("families/access-log/", "Caseloads", "Access log"),
        ("caseloads/mine/", "Caseloads", "My caseload"),
    ],
)
def test_exactly_one_area_and_one_page_are_current(
    client: Client, user_with_role: Any, org: Any, path: str, area: str, current: str
) -> None:
    user = user_with_role(Role.PRINCIPAL_SOCIAL_WORKER)
    from tests.factories import make_user

    make_user(org, Role.PRACTITIONER, email=user.email)  # a PSW who also holds cases
    client.force_login(user)
    page = client.get(f"/o/{org.code}/{path}").content.decode()
    header, sub = page.split("<main")[0].split('class="thrive-sub-navigation"')
    assert [c.strip() for c in _current(header)] == [area]
    assert [c.strip() for c in _current(sub)] == [current]
    assert f'aria-label="{area} pages"' in sub


@pytest.mark.django_db
def test_home_is_current_only_on_the_home_page(
    client: Client, user_with_role: Any, org: Any
) -> None:
    client.force_login(user_with_role(Role.PRACTITIONER))
    home = client.get(f"/o/{org.code}/").content.decode()
    assert [c.strip() for c in _current(home.split("<main")[0])] == ["Home"]
    assert "thrive-sub-navigation" not in home.split("<main")[0]  # home has no pages beneath it
    council = client.get(f"/o/{org.code}/council/").content.decode()
    assert [c.strip() for c in _current(council.split("<main")[0])] == ["Council"]


@pytest.mark.django_db
def test_home_lists_what_you_can_use_by_area(client: Client, user_with_role: Any, org: Any) -> None:
    client.force_login(user_with_role(Role.SYSTEM_ADMIN))
    main = client.get(f"/o/{org.code}/").content.decode().split("<main")[1]
    tools = main.split("What you can use here")[1]
    assert (
        tools.index(">Council</h3>") < tools.index("Users and roles") < tools.index("Audit trail")
    )
    assert "My caseload" not in main
