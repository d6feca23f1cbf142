"""Support drop-ins: a lead offers slots with a host; anyone books one; only the person and the
host see who booked (not the lead, not the audit trail); leaders see monthly use only when five
or more slots were used."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.engagement.helpers import person_in
from tests.factories import make_team, make_user
from thrive.core.models import AuditEvent
from thrive.engagement.dropins import dropin_book, dropin_counts, dropin_slot_add
from thrive.engagement.models import DropInSlot


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.today("2026-06-17")
def test_booking_is_seen_only_by_the_person_and_the_host(org: Any, today: date) -> None:
    team = make_team(org, "Duty")
    host, host_user = person_in(org, team, "D1", first_name="Hana")
    worker, worker_user = person_in(org, team, "D2", first_name="Wren")
    lead = make_user(org, "principal_social_worker")
    url = reverse("engagement:dropins", args=[org.code])
    offer = {
        "form": "offer",
        "host": str(host.pk),
        "starts_on_0": "18",
        "starts_on_1": "6",
        "starts_on_2": "2026",
        "starts_time": "12:30",
        "minutes": "5",
        "place": "Room 4",
    }
    assert "from 10 to 240 minutes" in _client(lead).post(url, offer).content.decode()
    assert _client(lead).post(url, {**offer, "minutes": "30"}).status_code == 302
    assert _client(worker_user).post(url, offer).status_code == 403
    slot = DropInSlot.objects.get()

    me = _client(worker_user)
    assert me.post(url, {"form": "book", "slot": slot.pk}).status_code == 302
    slot.refresh_from_db()
    assert slot.booked_by == worker
    assert "Room 4" in me.get(url).content.decode()  # their booking
    assert worker.full_name in _client(host_user).get(url).content.decode()  # the host
    leader = _client(make_user(org, "senior_leader"))
    assert worker.full_name not in leader.get(url).content.decode()
    assert "Booked by" not in _client(lead).get(url).content.decode()
    booked = AuditEvent.objects.get(action="engagement.dropin_booked")
    assert booked.user is None and worker.full_name not in str(booked.detail)
    other = _client(person_in(org, team, "D3")[1])
    other.post(url, {"form": "book", "slot": slot.pk})
    slot.refresh_from_db()
    assert slot.booked_by == worker


@pytest.mark.today("2026-06-01")
def test_leaders_see_monthly_use_only_of_five_or_more(org: Any, today: date) -> None:
    team = make_team(org, "Duty")
    host = person_in(org, team, "H1")[0]
    people = [person_in(org, team, f"P{i}")[0] for i in range(6)]
    june = timezone.make_aware(datetime.combine(today + timedelta(days=3), time(12)))
    july = timezone.make_aware(datetime.combine(date(2026, 7, 6), time(12)))
    for i, person in enumerate(people):
        slot = dropin_slot_add(
            host=host, starts_at=june + timedelta(hours=i), minutes=30, place="Room", actor=None
        )
        dropin_book(slot=slot, person=person, actor=None)
    for i, person in enumerate(people[:2]):
        slot = dropin_slot_add(
            host=host, starts_at=july + timedelta(hours=i), minutes=30, place="Room", actor=None
        )
        dropin_book(slot=slot, person=person, actor=None)
    assert [(c.month, c.booked, c.offered) for c in dropin_counts(org)] == [
        (date(2026, 6, 1), 6, 6),
        (date(2026, 7, 1), None, 2),
    ]
    page = _client(make_user(org, "senior_leader")).get(
        reverse("engagement:dropins", args=[org.code])
    )
    text = page.content.decode()
    assert "Fewer than 5" in text and people[0].full_name not in text
