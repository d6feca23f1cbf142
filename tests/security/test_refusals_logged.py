"""Issue 14, item 5: refusals are logged with who, when, the address and what was asked for —
the decorator's 403 before a view runs, a supervision record's writer-only pages, another
person's draft in a family's workbook; and the pages that name families or children (a register
page's caseload, the family access log itself) write a ``family.list`` entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import Council, role_user
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Cap, Role

ADDRESS = "198.51.100.7"


def _without(council: Council, capability: str) -> Any:
    """A user in the council's team whose role does not give *capability*."""
    for role in Role.values:
        user = role_user(council, role)
        if not access_for(user, council.crew.org).can(capability):
            return user
    raise AssertionError(f"every role has {capability}")


def _new(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=before).order_by("pk"))


def _last() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.django_db
def test_the_decorators_refusal_is_logged_with_the_address(
    client: Client, council: Council
) -> None:
    org = council.crew.org
    user = _without(council, Cap.ACCESS_LOG_VIEW)
    client.force_login(user)
    before = _last()
    url = reverse("caseloads:access_log", args=[org.code])
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 403
    (entry,) = _new(before)
    assert entry.action in ("access.refused", "family.refused")
    assert (entry.user, entry.organisation, entry.ip_address) == (user, org, ADDRESS)
    assert entry.at is not None and url in entry.detail["path"]
    assert entry.detail["capability"] == Cap.ACCESS_LOG_VIEW


@pytest.mark.django_db
def test_the_decorators_refusal_of_a_supervision_record_is_against_the_record(
    client: Client, council: Council
) -> None:
    org = council.crew.org
    user = _without(council, Cap.SUPERVISION_RECORD)
    client.force_login(user)
    before = _last()
    url = reverse("supervision:record", args=[org.code, council.session.pk])
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 403
    (entry,) = _new(before)
    assert entry.action == "supervision.refused"
    assert entry.object_id == str(council.session.pk) and entry.ip_address == ADDRESS


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["supervision:record", "supervision:group_record"])
def test_only_the_supervisor_writes_a_record_and_every_refusal_is_logged(
    client: Client, council: Council, name: str
) -> None:
    """The supervisee (for the one-to-one) and a service manager may read the record, but not
    open it to write: a 403 logged as a refusal against the record, not a read."""
    org = council.crew.org
    session = council.group if name.endswith("group_record") else council.session
    askers = [role_user(council, Role.SERVICE_MANAGER)]
    if session == council.session:
        askers.append(council.crew.senior_user)
    for user in askers:
        client.force_login(user)
        before = _last()
        url = reverse(name, args=[org.code, session.pk])
        assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 403, user
        entries = _new(before)
        assert [e.action for e in entries] == ["supervision.refused"], user
        assert entries[0].object_id == str(session.pk) and entries[0].ip_address == ADDRESS
    client.force_login(council.crew.manager_user)
    before = _last()
    assert client.get(reverse(name, args=[org.code, session.pk])).status_code == 200
    assert any(
        e.action == "supervision.read" and e.object_id == str(session.pk) for e in _new(before)
    )


@pytest.mark.django_db
def test_someone_elses_draft_is_refused_against_the_family(
    client: Client, council: Council
) -> None:
    org, family = council.crew.org, council.family
    url = reverse("workbook:entry_edit", args=[org.code, family.pk, council.entry.pk])
    others = [
        u
        for u in (council.crew.manager_user, council.crew.asye_user, council.crew.senior_user)
        if u.pk != council.entry.author_id
    ]
    assert others
    for user in others:
        client.force_login(user)
        before = _last()
        assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 404
        entries = _new(before)
        assert [e.action for e in entries] == ["family.refused"], user
        assert entries[0].object_id == str(family.pk) and entries[0].ip_address == ADDRESS
    # A summary number that is not the family's: refused against the family too.
    client.force_login(others[0])
    before = _last()
    missing = reverse("workbook:summary_edit", args=[org.code, family.pk, council.summary.pk + 99])
    assert client.get(missing).status_code == 404
    assert [(e.action, e.object_id) for e in _new(before)] == [("family.refused", str(family.pk))]


@pytest.mark.django_db
def test_a_register_page_naming_children_is_in_the_access_log(
    client: Client, council: Council
) -> None:
    org, crew = council.crew.org, council.crew
    client.force_login(crew.senior_user)
    before = _last()
    page = client.get(reverse("people:person", args=[org.code, crew.senior.pk]))
    assert page.status_code == 200 and council.child.member_id in page.content.decode()
    (listed,) = [e for e in _new(before) if e.action == "family.list"]
    assert listed.user == crew.senior_user and listed.ip_address == "127.0.0.1"
    assert "child" in listed.summary
    # A page with no allocations names no child and writes no entry.
    client.force_login(crew.manager_user)
    before = _last()
    assert client.get(reverse("people:person", args=[org.code, crew.asye.pk])).status_code == 200
    assert not [e for e in _new(before) if e.action == "family.list"]


@pytest.mark.django_db
def test_reading_the_family_access_log_is_logged_and_its_export_has_the_address(
    client: Client, council: Council
) -> None:
    org = council.crew.org
    admin = role_user(council, Role.SYSTEM_ADMIN)
    assert access_for(admin, org).can(Cap.ACCESS_LOG_VIEW)
    client.force_login(admin)
    url = reverse("caseloads:access_log", args=[org.code])
    before = _last()
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    (listed,) = _new(before)
    assert listed.action == "family.list" and listed.ip_address == ADDRESS
    assert "the family access log" in listed.summary
    before = _last()
    assert client.get(url, {"format": "csv"}, REMOTE_ADDR=ADDRESS).status_code == 200
    (exported,) = _new(before)
    assert exported.action == "audit.export" and exported.ip_address == ADDRESS
