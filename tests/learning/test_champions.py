"""Training champions are added and removed through services, both in the audit trail, and only
by the people who manage the catalogue."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.learning.conftest import Org
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.learning.models import Champion
from thrive.learning.services import champion_add, champion_remove
from thrive.people.models import Service


@pytest.mark.django_db
def test_the_lead_adds_and_removes_a_champion_and_both_are_audited(
    council: Org, client: Client
) -> None:
    service = Service.objects.get(organisation=council.org, name="Safeguarding")
    url = reverse("learning:champions", args=[council.org.code])
    client.force_login(council.lead)
    page = client.post(url, {"staff_id": " 200002 ", "service": service.pk}, follow=True)
    assert "Sol" in page.content.decode() and "is a training champion for Safeguarding" in (
        page.content.decode()
    )
    champion = Champion.objects.get(person=council.senior, service=service)
    # Adding the same person again changes nothing and writes nothing.
    client.post(url, {"staff_id": "200002", "service": service.pk})
    assert Champion.objects.count() == 1
    assert AuditEvent.objects.filter(action="learning.champion_added").count() == 1
    page = client.post(url, {"action": "remove", "champion": champion.pk}, follow=True)
    assert "Removed." in page.content.decode()
    assert not Champion.objects.exists()
    removed = AuditEvent.objects.get(action="learning.champion_removed")
    assert removed.user == council.lead and removed.object_id == str(champion.pk)
    assert "no longer a training champion for Safeguarding" in removed.summary
    # Removing again is a message, not an error page.
    again = client.post(url, {"action": "remove", "champion": champion.pk}, follow=True)
    assert "already been removed" in again.content.decode()
    unknown = client.post(url, {"staff_id": "nobody", "service": service.pk}, follow=True)
    assert "Enter a staff ID in the register" in unknown.content.decode()


@pytest.mark.django_db
def test_people_who_do_not_manage_the_catalogue_cannot_change_champions(
    council: Org, client: Client
) -> None:
    service = Service.objects.get(organisation=council.org, name="Safeguarding")
    champion = champion_add(
        organisation=council.org, person=council.senior, service=service, actor=council.lead
    )
    url = reverse("learning:champions", args=[council.org.code])
    for user in (council.manager_user, council.nqsw_user, council.partner_user):
        client.force_login(user)
        assert client.post(url, {"action": "remove", "champion": champion.pk}).status_code == 403
        assert client.post(url, {"staff_id": "200001", "service": service.pk}).status_code == 403
    assert list(Champion.objects.all()) == [champion]


@pytest.mark.django_db
def test_a_champion_in_another_council_is_not_touched(council: Org, other_org: object) -> None:
    service = Service.objects.get(organisation=council.org, name="Safeguarding")
    champion = champion_add(
        organisation=council.org, person=council.senior, service=service, actor=council.lead
    )
    with pytest.raises(ThriveError, match="already been removed"):
        champion_remove(organisation=other_org, champion_id=champion.pk, actor=None)  # type: ignore[arg-type]
    with pytest.raises(ThriveError, match="both be in this council"):
        champion_add(organisation=other_org, person=council.senior, service=service, actor=None)  # type: ignore[arg-type]
    assert Champion.objects.filter(pk=champion.pk).exists()
