"""Shift swaps: a worker asks from "my shifts" for a colleague to take a published shift; a swap
breaking a working-time rule is refused with the rule; the home's manager approves on the rota
page, the rules checked again on the rota as it is then (leave recorded since refuses it)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import link_user, make_staff, make_team, make_user
from thrive.agency.models import RotaAssignment, ShiftSwap
from thrive.agency.services import (
    home_add,
    rota_leave_add,
    rota_publish,
    rota_solve,
    rota_worker_add,
    shift_add,
)
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 6, 15)  # the suite's day is Wednesday 17 June 2026


def test_ask_refuse_on_a_rule_approve_and_check_again(org: Any) -> None:
    team = make_team(org, "Oak House", service="Children in Care")
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="day", name="Day", starts=time(9), ends=time(17))
    user = make_user(org, Role.PRACTITIONER)
    person = link_user(make_staff(org, staff_id="S-ANN", first_name="Ann", last_name="Oak"), user)
    ann = rota_worker_add(
        home=home, actor=None, staff_member=person, name="Ann Oak", tier="own", contracted_hours=24
    )
    bob = rota_worker_add(home=home, actor=None, name="Bob", tier="own", contracted_hours=24)
    cy = rota_worker_add(
        home=home,
        actor=None,
        name="Cy",
        tier="bank",
        max_hours_week=40,
        unavailable=[(MONDAY, date(2026, 6, 21), "Annual leave")],
    )
    rota = rota_solve(home=home, starts=MONDAY, weeks=1, actor=None, time_limit=5)
    rota = rota_publish(rota=rota, version=rota.version, actor=None)
    mine = RotaAssignment.objects.filter(rota=rota, worker=ann, day__gte=date(2026, 6, 17))
    give = mine.order_by("day").first()
    assert give is not None
    client = Client()
    client.force_login(user)
    listed = client.get(reverse("agency:my_shifts", args=[org.code])).content.decode()
    url = reverse("agency:swap_ask", args=[org.code, give.pk])
    assert url in listed

    # To someone on leave that day: refused with the rule broken, nothing saved.
    refused = client.post(url, {"colleague": str(cy.pk), "version": give.version}).content.decode()
    assert "would break the rota&#x27;s rules" in refused and "while unavailable" in refused
    assert not ShiftSwap.objects.exists()
    # A page drawn before the shift changed, or one with no version, is refused, what was
    # typed kept (issue 14: concurrent edits never silently overwrite each other).
    for version in (give.version + 1, ""):
        stale = client.post(
            url, {"colleague": str(bob.pk), "reason": "Dentist", "version": version}
        )
        assert stale.status_code == 200 and "nothing was saved" in stale.content.decode()
        assert 'value="Dentist"' in stale.content.decode()
    assert not ShiftSwap.objects.exists()
    # The home's rota managers, made before the request: its team's manager and its service's
    # manager are emailed; a team manager of another team and a senior leader are not.
    manager = make_user(org, Role.TEAM_MANAGER, team=team, email="oak.manager@example.org")
    make_user(org, Role.SERVICE_MANAGER, service=team.service, email="cic.sm@example.org")
    make_user(org, Role.TEAM_MANAGER, team=make_team(org, "Elsewhere"), email="else@example.org")
    make_user(org, Role.SENIOR_LEADER, email="leader@example.org")
    # To Bob: asked for.
    asked_for = {"colleague": str(bob.pk), "reason": "Dentist", "version": give.version}
    assert client.post(url, asked_for).status_code == 302
    swap = ShiftSwap.objects.get()
    assert swap.status == "requested"
    from thrive.core.models import OutboxMessage

    asked = OutboxMessage.objects.filter(kind="agency.rota_swap")
    assert sorted(a for m in asked for a in m.to) == [
        "cic.sm@example.org",
        "oak.manager@example.org",
    ]
    assert all(m.subject == "A shift swap to decide at Oak House" for m in asked)
    assert "Ann Oak asked Bob to take the Day shift" in asked[0].body and "Dentist" in asked[0].body
    assert f"/agency/homes/{home.pk}/?rota={rota.pk}#swaps" in asked[0].body
    asked.delete()
    assert (
        "Waiting for the manager"
        in client.get(reverse("agency:my_shifts", args=[org.code])).content.decode()
    )
    # Someone else cannot ask to swap Ann's shift.
    client.force_login(make_user(org, Role.PRACTITIONER))
    assert client.get(url).status_code == 404

    client.force_login(manager)
    page = client.get(reverse("agency:home_rota", args=[org.code, home.pk])).content.decode()
    assert "Shift swaps asked for" in page and "Dentist" in page
    decide = reverse("agency:swap_decide", args=[org.code, home.pk, swap.pk])
    p = f"swap{swap.pk}-"
    # Bob's leave recorded since the request: approving now breaks a rule, so it is refused.
    leave = rota_leave_add(
        worker=bob, start_date=give.day, end_date=give.day, reason="Training", actor=None
    )
    client.post(decide, {p + "decision": "approve", p + "version": str(swap.version)})
    swap.refresh_from_db()
    assert swap.status == "requested"
    assert RotaAssignment.objects.get(pk=give.pk).worker == ann
    leave.delete()
    stale = client.post(decide, {p + "decision": "approve", p + "version": "0"})
    assert stale.status_code == 302 and ShiftSwap.objects.get().status == "requested"
    client.post(decide, {p + "decision": "approve", p + "version": str(swap.version)})
    swap.refresh_from_db()
    assert swap.status == "approved" and swap.decided_by == manager
    moved = RotaAssignment.objects.get(pk=give.pk)
    assert moved.worker == bob and "approved" in moved.reason
    # Ann hears of the decision (Bob signs in nowhere, so no one else is emailed).
    told = OutboxMessage.objects.filter(kind="agency.rota_swap")
    assert [m.subject for m in told] == ["Shift swap approved"]
    assert "Ann Oak and Bob was approved" in told[0].body
    assert {"agency.swap_requested", "agency.swap_approved"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
    # The senior leader sees the home but does not manage it: may not decide.
    client.force_login(make_user(org, Role.SENIOR_LEADER))
    assert client.post(decide, {p + "decision": "refuse", p + "version": "1"}).status_code in {
        403,
        404,
    }
    # The API lists the home's swaps for those who see the home.
    listed = client.get(f"/api/organisations/{org.code}/agency/rota/swaps/?home=oak").json()
    assert [(w["status"], w["worker"], w["colleague"]) for w in listed] == [
        ("approved", "Ann Oak", "Bob")
    ]
