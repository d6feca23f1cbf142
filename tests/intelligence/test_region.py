"""The regional view: every council of the region on the published figures with ranks and the
spread, the partnership's registers only as a regional lead may see them, and its workbook."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.core.roles import Role
from thrive.intelligence.models import PublishedFigure
from thrive.intelligence.region import SMALLEST_GROUP, regional_view
from thrive.people.models import Partnership, StaffMember

pytestmark = pytest.mark.django_db


def _partnership(*orgs: Any) -> None:
    group = Partnership.objects.create(name="West Midlands partnership", region=orgs[0].region)
    for o in orgs:
        o.partnership = group
        o.save()


def test_the_region_side_by_side_with_ranks_and_spread(org: Any, other_org: Any) -> None:
    _partnership(org, other_org)
    lead = make_user(org, Role.SENIOR_LEADER)
    view = regional_view(org, lead, on=date(2025, 12, 1))
    assert view.year == 2025
    published = dict(
        PublishedFigure.objects.filter(
            geographic_level="Local authority",
            time_period=2025,
            measure="turnover_rate_fte",
            region_code__startswith="E12000005",  # the West Midlands
        ).values_list("area_code", "value")
    )
    assert {c.la_code for c in view.councils} == set(published) and len(published) == 14
    coventry = next(c for c in view.councils if c.la_code == "331")
    own = published["331"]
    assert own is not None
    lower = len([v for v in published.values() if v is not None and v < own])
    assert coventry.member and coventry.ranks["turnover_rate_fte"] == lower + 1
    turnover = view.spreads[0]
    values = [v for v in published.values() if v is not None]
    assert (turnover.low, turnover.high) == (min(values), max(values))
    assert view.region_values["turnover_rate_fte"] is not None and view.england
    # Neither register has five in post: nothing of either is shown or added together.
    assert coventry.register is None and view.partnership_register is None
    assert SMALLEST_GROUP == 5


def test_the_page_for_a_regional_lead_and_its_workbook(
    client: Client, known: Any, other_org: Any
) -> None:
    from openpyxl import load_workbook

    _partnership(known, other_org)
    url = reverse("intelligence:region", args=[known.code])
    client.force_login(make_user(known, Role.TEAM_MANAGER))
    assert client.get(url).status_code == 403
    lead = make_user(known, Role.SENIOR_LEADER, email="lead@example.test")
    make_user(other_org, Role.SENIOR_LEADER, email="lead@example.test")  # roles in two councils
    client.force_login(lead)
    page = client.get(url).content.decode().split("<main")[1]
    assert "West Midlands: the councils side by side" in page
    assert "Birmingham" in page and "Wolverhampton" in page and 'id="region-trend-table"' in page
    assert "five or more in post" in page  # the known council's four are not shown
    book = load_workbook(BytesIO(client.get(url, {"format": "xlsx"}).content))
    assert book.sheetnames == ["Councils", "Spread", "Turnover trend", "Recruitment", "Learning"]
    assert book["Turnover trend"]._charts and book["Councils"].freeze_panes == "B3"


def test_a_partnership_lead_sees_the_region_and_its_learning_offer_and_no_council(
    client: Client, known: Any, other_org: Any
) -> None:
    from tests.learning.conftest import item, session

    _partnership(known, other_org)
    session(item(other_org, "Court skills"), days=10, capacity=12)
    full = session(item(known, "Chronologies"), days=20, capacity=1)
    full.bookings.create(
        organisation=known,
        person=StaffMember.objects.filter(organisation=known).first(),
        status="booked",
    )
    lead = make_user(known, Role.PARTNERSHIP_LEAD)
    client.force_login(lead)
    home = client.get(f"/o/{known.code}/").content.decode()
    assert reverse("intelligence:region", args=[known.code]) in home
    page = client.get(reverse("intelligence:region", args=[known.code])).content.decode()
    offer = page.split('id="region-learning-table"')[1].split("</table>")[0]
    assert "Court skills" in offer and "12 of 12" in offer and "Chronologies" not in offer
    councils = page.split('id="region-learning-councils-table"')[1].split("</table>")[0]
    assert "Chronologies" not in councils and ">1<" in councils  # one session, no place free
    # No council's own people or figures: not the register, the workforce measures, retention.
    for name in ("people:staff_list", "intelligence:workforce", "intelligence:retention"):
        assert client.get(reverse(name, args=[known.code])).status_code == 403, name
    view = regional_view(known, lead, on=date(2025, 12, 1))
    assert all(c.register is None for c in view.councils)
