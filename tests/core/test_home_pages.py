"""Each role's home page promises only pages that work for that role, and says so when there is
nothing to show."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from thrive.core.roles import Role

NOT_BUILT = ["vacancies, campaigns"]  # projections and the Ofsted pack are built (issue 20)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_link_on_a_home_page_opens_for_that_role(
    client: Client, user_with_role: Any, org: Any, role: str
) -> None:
    client.force_login(user_with_role(role))
    page = client.get(f"/o/{org.code}/").content.decode()
    main = page.split("<main")[1]
    for phrase in NOT_BUILT:
        assert phrase.lower() not in main.lower(), phrase
    links = set(re.findall(r'href="(/o/331/[^"]*)"', page))
    assert links
    for href in links:
        assert client.get(href, follow=True).status_code == 200, href


@pytest.mark.django_db
def test_panel_member_is_sent_to_their_selection_panels_and_nothing_else(
    client: Client, user_with_role: Any, org: Any
) -> None:
    client.force_login(user_with_role(Role.PANEL_MEMBER))
    main = client.get(f"/o/{org.code}/").content.decode().split("<main")[1]
    assert "The selection panels you sit on are under" in main
    assert f"/o/{org.code}/recruitment/my-panels/" in main
    assert f"/o/{org.code}/recruitment/vacancies/" not in main


@pytest.mark.django_db
def test_learning_page_offers_cpd_only_to_those_who_keep_it(
    client: Client, user_with_role: Any, org: Any
) -> None:
    client.force_login(user_with_role(Role.SENIOR_LEADER))
    page = client.get(f"/o/{org.code}/learning/").content.decode()
    assert "Your CPD" not in page and "Your learning" in page
    assert client.get(f"/o/{org.code}/cpd/").status_code == 403
    client.force_login(user_with_role(Role.PRACTITIONER, email="p@example.test"))
    assert "Your CPD" in client.get(f"/o/{org.code}/learning/").content.decode()


@pytest.mark.django_db
def test_page_titles_name_thrive_once(client: Client) -> None:
    page = client.get("/no-such-page/").content.decode()
    assert "<title>Page not found – Thrive</title>" in page


@pytest.mark.django_db
def test_not_known_is_offered_once_in_census_choices(
    client: Client, user_with_role: Any, org: Any
) -> None:
    client.force_login(user_with_role(Role.HR_RECRUITMENT))
    page = client.get(f"/o/{org.code}/people/add/").content.decode()
    for field in ("gender", "start_origin"):
        select = page.split(f'name="{field}"')[1].split("</select>")[0]
        options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
        assert options.count("Not known") == 1, (field, options)
        assert options[0] == "Not recorded"
