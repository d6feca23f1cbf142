"""``record_add``: the one "check, save, audit" every service adding a record uses."""

from __future__ import annotations

import pytest

from tests.factories import make_org
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.people.models import Service
from thrive.people.services import record_add


@pytest.mark.django_db
def test_a_record_the_model_refuses_is_not_saved_or_audited() -> None:
    org = make_org("331", "Coventry")
    before = AuditEvent.objects.count()
    with pytest.raises(ThriveError):
        record_add(Service(organisation=org, name=""), action="family.assign", actor=None)
    assert not Service.objects.filter(organisation=org, name="").exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_good_record_is_saved_and_each_action_audited() -> None:
    org = make_org("331", "Coventry")
    service = record_add(
        Service(organisation=org, name="Fostering"),
        action=("role.grant_requested", "family.grant_requested"),
        actor=None,
        summary="Added",
        detail={"why": "test"},
    )
    assert service.pk is not None
    events = AuditEvent.objects.filter(object_id=str(service.pk), summary="Added")
    assert sorted(e.action for e in events) == ["family.grant_requested", "role.grant_requested"]
    assert all(e.organisation == org and e.detail == {"why": "test"} for e in events)


@pytest.mark.django_db
def test_the_entry_may_name_another_record() -> None:
    org = make_org("331", "Coventry")
    named = record_add(Service(organisation=org, name="Named"), action="family.assign", actor=None)
    other = record_add(
        Service(organisation=org, name="Other"),
        action="family.adult_added",
        actor=None,
        audit_obj=named,
    )
    event = AuditEvent.objects.get(action="family.adult_added")
    assert event.object_id == str(named.pk) != str(other.pk)
