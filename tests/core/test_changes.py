"""``versioned_change``: lock, check the version the user saw, change, bump, save, audit — and
nothing saved or audited when the version is stale or the change is refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.learning.conftest import item
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.learning.models import LearningItem


@pytest.mark.django_db
def test_a_change_bumps_the_version_saves_only_its_fields_and_is_audited(org: Any) -> None:
    it = item(org, "Court skills")
    seen = it.version
    LearningItem.objects.filter(pk=it.pk).update(description="changed by the import")
    with versioned_change(it, version=seen, actor=None, action="test.renamed") as change:
        change.obj.title = "Court skills (new)"
        change.obj.description = "not saved: not in fields"
        change.fields = ["title"]
        change.summary = "Renamed"
    it.refresh_from_db()
    assert (it.title, it.version) == ("Court skills (new)", seen + 1)
    assert it.description == "changed by the import"
    event = AuditEvent.objects.get(action="test.renamed")
    assert event.object_id == str(it.pk) and event.summary == "Renamed"


@pytest.mark.django_db
def test_a_stale_version_or_a_refusal_saves_and_audits_nothing(org: Any) -> None:
    it = item(org, "Court skills")
    seen = it.version
    with (
        pytest.raises(ThriveError, match="changed this"),
        versioned_change(it, version=it.version - 1, actor=None, action="test.stale") as change,
    ):
        change.obj.title = "Never"
    with (
        pytest.raises(ThriveError, match="refused"),
        versioned_change(it, version=it.version, actor=None, action="test.refused") as change,
    ):
        change.obj.title = "Never"
        raise ThriveError("refused")
    it.refresh_from_db()
    assert it.title == "Court skills" and it.version == seen
    assert not AuditEvent.objects.filter(action__startswith="test.").exists()
