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
from thrive.engagement.dropins import dropin_book, dropin_counts, dropin_slot_add, dropins_free
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


@pytest.mark.today("2026-06-17")
@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_booking_moving_and_withdrawing_send_the_calendar_event_to_the_two_only(
    org: Any, today: date
) -> None:
    from django.core import mail
    from icalendar import Calendar

    from thrive.core.models import OutboxMessage

    def event(message: Any, method: str) -> Any:
        _, content, mimetype = message.attachments[0]
        assert mimetype.startswith(f"text/calendar; method={method}")
        (found,) = Calendar.from_ical(content).walk("VEVENT")
        return found

    team = make_team(org, "Duty")
    host, host_user = person_in(org, team, "D1", first_name="Hana")
    worker, worker_user = person_in(org, team, "D2", first_name="Wren")
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=2), time(12, 30)))
    slot = dropin_slot_add(host=host, starts_at=starts, minutes=30, place="Room 4", actor=None)
    url = reverse("engagement:dropins", args=[org.code])
    assert _client(worker_user).post(url, {"form": "book", "slot": slot.pk}).status_code == 302
    (booked,) = mail.outbox
    assert sorted(booked.to) == sorted([worker_user.email, host_user.email])
    first = event(booked, "REQUEST")
    assert str(first["location"]) == "Room 4" and "Support drop-in" in str(first["summary"])
    mail.outbox.clear()
    # Only the host (or the lead) moves it; the update is the same event, a higher SEQUENCE.
    move = reverse("engagement:dropin_move", args=[org.code, slot.pk])
    assert _client(worker_user).get(move).status_code == 404  # as a slot that does not exist
    form = {
        "starts_on_0": "19",
        "starts_on_1": "6",
        "starts_on_2": "2026",
        "starts_time": "15:00",
        "minutes": "45",
        "place": "Room 9",
        "version": DropInSlot.objects.get().version,
    }
    host_client = _client(host_user)
    assert host_client.post(move, form).status_code == 302
    (moved,) = mail.outbox
    update = event(moved, "REQUEST")
    assert str(update["uid"]) == str(first["uid"]) and update["sequence"] > first["sequence"]
    assert str(update["location"]) == "Room 9" and moved.subject.startswith("Moved:")
    stale = host_client.post(move, form | {"place": "Room 10"})
    assert stale.status_code == 400 and "Someone else changed" in stale.content.decode()
    mail.outbox.clear()
    # Withdrawing asks why; without a reason nothing changes and nobody is told.
    assert host_client.post(url, {"form": "withdraw", "slot": slot.pk}).status_code == 302
    assert not mail.outbox and DropInSlot.objects.get().withdrawn_at is None
    answer = host_client.post(url, {"form": "withdraw", "slot": slot.pk, "reason": "Off sick"})
    assert answer.status_code == 302
    (withdrawn,) = mail.outbox
    cancel = event(withdrawn, "CANCEL")
    assert str(cancel["uid"]) == str(first["uid"]) and cancel["sequence"] > update["sequence"]
    # The slot is kept, withdrawn with who, when and why; who had booked it is not kept on it.
    kept = DropInSlot.objects.get()
    assert kept.withdrawn_by == host_user and kept.withdrawn_reason == "Off sick"
    assert kept.withdrawn_at is not None and kept.booked_by is None
    # Nobody can book it, and it is no longer free; it still counts as offered that month.
    assert not dropins_free(org)
    refused = _client(worker_user).post(url, {"form": "book", "slot": slot.pk}, follow=True)
    assert "withdrawn" in refused.content.decode() and len(mail.outbox) == 1
    (june,) = dropin_counts(org)
    assert (june.offered, june.withdrawn) == (1, 1)
    # The council's list of messages sent names neither of them for a drop-in.
    assert OutboxMessage.objects.filter(kind="engagement.dropin").count() == 3
    admin = _client(make_user(org, "system_admin"))
    sent = admin.get(reverse("notifications:outbox", args=[org.code])).content.decode()
    assert worker_user.email not in sent and "Support drop-in bookings (confidential" in sent
