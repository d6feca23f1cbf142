"""The workbook's API endpoints: summaries only for the people connected to the family; reads
logged, refusals logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.caseloads.test_api import auth
from tests.factories import linked_user, make_user
from thrive.caseloads.models import Family
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.workbook.services import summary_save


@pytest.mark.django_db
def test_workbook_summaries_only_for_the_connected(client: Client, known: Any) -> None:
    worker = linked_user(known, "S1", Role.PRACTITIONER)
    family = Family.objects.get(family_id="F1")
    summary_save(
        access=access_for(worker, known),
        family=family,
        month=clock.today(),
        strengths="Mum engages.",
        concerns="School attendance.",
        family_shares="yes",
        direction="improving",
        next_steps="Meet the school.",
    )
    url = f"/api/organisations/{known.code}/families/{family.pk}/workbook/summaries/"
    data = client.get(url, headers=auth(worker)).json()
    assert data["family_id"] == "F1"
    assert data["summaries"][0]["direction"] == "improving"
    assert "1 improving" in data["direction_of_travel"]
    families = client.get(f"/api/organisations/{known.code}/families/", headers=auth(worker)).json()
    assert [f["family_id"] for f in families["results"]] == ["F1"]
    outsider = make_user(known, Role.SENIOR_LEADER)
    assert client.get(url, headers=auth(outsider)).status_code == 404
    assert AuditEvent.objects.filter(action="family.workbook.read", user=worker).count() == 1
    assert AuditEvent.objects.filter(action="family.refused", user=outsider).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("family_shares", "maybe"), ("direction", "sideways"), ("direction", "")]
)
def test_a_summary_answer_outside_its_choices_is_refused(
    known: Any, field: str, value: str
) -> None:
    """Found by the fuzzer: a value that is not one of the choices used to be saved, and the
    summaries API then answered 500."""
    from thrive.core.errors import ThriveError
    from thrive.workbook.models import MonthlySummary

    worker = linked_user(known, "S1", Role.PRACTITIONER)
    data: dict[str, Any] = {"family_shares": "yes", "direction": "improving", field: value}
    with pytest.raises(ThriveError) as refused:
        summary_save(
            access=access_for(worker, known),
            family=Family.objects.get(family_id="F1"),
            month=clock.today(),
            strengths="Mum engages.",
            concerns="School attendance.",
            next_steps="Meet the school.",
            **data,
        )
    assert refused.value.field == field
    assert not MonthlySummary.objects.exists()


@pytest.mark.django_db
def test_summaries_api_survives_a_stored_value_outside_the_choices(
    client: Client, known: Any
) -> None:
    """A summary stored before the check (or by hand) still reads: its direction counts as no
    change and whether the family shares the concerns as not recorded."""
    from thrive.workbook.models import MonthlySummary

    worker = linked_user(known, "S1", Role.PRACTITIONER)
    family = Family.objects.get(family_id="F1")
    summary_save(
        access=access_for(worker, known),
        family=family,
        month=clock.today(),
        strengths="Mum engages.",
        concerns="School attendance.",
        family_shares="yes",
        direction="improving",
        next_steps="Meet the school.",
    )
    MonthlySummary.objects.filter(family=family).update(family_shares="maybe", direction="odd")
    url = f"/api/organisations/{known.code}/families/{family.pk}/workbook/summaries/"
    response = client.get(url, headers=auth(worker))
    assert response.status_code == 200
    travel = response.json()["direction_of_travel"]
    assert "0 improving, 0 worsening" in travel
    assert "has no recorded answer on whether it shares the concerns" in travel
    client.force_login(worker)
    assert client.get(f"/o/{known.code}/families/{family.pk}/workbook/").status_code == 200
