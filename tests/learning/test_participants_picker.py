"""Programme participants are chosen by name (the staff ID beside it), not typed in as IDs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.learning.conftest import Org
from thrive.core import clock
from thrive.learning.programmes import participant_add, programme_create


@pytest.mark.django_db
def test_participants_are_picked_by_name(council: Org, client: Client) -> None:
    today = clock.today()
    programme = programme_create(
        organisation=council.org,
        actor=council.lead,
        name="Firstline",
        kind="leadership",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=100),
    )
    participant_add(programme=programme, person=council.senior, joined_on=today, actor=None)
    client.force_login(council.lead)
    url = reverse("learning:programme", args=[council.org.code, programme.pk])
    page = client.get(url).content.decode()
    # A picker of the people in post not yet in it, surname then first name: Sol already is.
    picker = page[page.index("data-thrive-picker") : page.index("</fieldset>")]
    assert "Mo Test (200003)" in picker and "Nia Test (200001)" in picker
    assert picker.index("Mo Test") < picker.index("Nia Test") and "Sol Test" not in picker
    day = {"joined_on_0": today.day, "joined_on_1": today.month, "joined_on_2": today.year}
    page = client.post(url, {"action": "participants", **day}).content.decode()
    assert "Choose who joins the programme, or enter their staff IDs" in page
    response = client.post(url, {"action": "participants", "people": ["200001", "200003"], **day})
    assert response.status_code == 302
    joined = programme.participants.values_list("person__staff_id", flat=True)
    assert sorted(joined) == ["200001", "200002", "200003"]
