"""Withdrawing an item and cancelling a session (the learning lead, through check-your-answers;
everyone booked or waiting is told and nothing passes to the waiting list), and refusing to give
up a place once the session has started."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.learning.conftest import Org, item, session
from thrive.accounts.services import api_token_create
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.learning.models import Booking, LearningSession
from thrive.learning.selectors import published
from thrive.learning.services import book, cancel, item_withdraw, session_cancel


def _full_session_with_a_waiting_list(council: Org) -> tuple[LearningSession, list[Booking]]:
    s = session(item(council.org), capacity=2)
    bookings = [
        book(session=s, user=council.nqsw_user, person=council.nqsw),
        book(session=s, user=council.senior_user, person=council.senior),
        book(session=s, user=council.manager_user, person=council.manager),
    ]
    assert [b.status for b in bookings] == ["booked", "booked", "waiting"]
    # The two places each had their calendar invitation; what follows is about what comes next.
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Booked", "Booked"]
    mail.outbox.clear()
    return s, bookings


def _to_the_past(s: LearningSession) -> None:
    LearningSession.objects.filter(pk=s.pk).update(
        starts_at=clock.now() - timedelta(hours=2), ends_at=clock.now() + timedelta(hours=2)
    )
    s.refresh_from_db()


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_the_lead_cancels_a_session_and_everyone_booked_or_waiting_is_told(
    council: Org, client: Client
) -> None:
    s, bookings = _full_session_with_a_waiting_list(council)
    code = council.org.code
    client.force_login(council.lead)
    start = reverse("learning:session_cancel", args=[code, s.pk])
    assert (
        "Cancel the session"
        in client.get(reverse("learning:session", args=[code, s.pk])).content.decode()
    )
    # No reason: a clear message on the field, nothing cancelled.
    page = client.post(start, {"reason": ""}).content.decode()
    assert "There is a problem" in page and 'href="#id_reason"' in page
    response = client.post(start, {"reason": "The trainer is ill"})
    assert response["Location"] == reverse("learning:session_cancel_check", args=[code, s.pk])
    check = client.get(response["Location"]).content.decode()
    assert "Check your answers" in check and "The trainer is ill" in check
    s.refresh_from_db()
    assert not s.cancelled  # nothing happens until the check page is confirmed
    done = client.post(response["Location"], follow=True).content.decode()
    assert "3 people were told" in done
    s.refresh_from_db()
    assert s.cancelled and s.cancelled_reason == "The trainer is ill"
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == ["mo@example.test", "nia@example.test", "sol@example.test"]
    # Those with a place have the calendar event removed (METHOD:CANCEL); the waiting list had none.
    cancels = {m.to[0] for m in mail.outbox if m.attachments}
    assert cancels == {"nia@example.test", "sol@example.test"}
    assert all("METHOD:CANCEL" in m.attachments[0][1] for m in mail.outbox if m.attachments)
    assert all("The trainer is ill" in m.body for m in mail.outbox)
    assert not [m for m in mail.outbox if "A place is yours" in m.subject]
    # Nothing moved: the waiting list is not offered a place on a cancelled session.
    assert [Booking.objects.get(pk=b.pk).status for b in bookings] == [
        "booked",
        "booked",
        "waiting",
    ]
    with pytest.raises(ThriveError, match="cancelled"):
        book(session=s, user=council.lead)
    with pytest.raises(ThriveError, match="session itself was cancelled"):
        cancel(booking=bookings[0], actor=council.nqsw_user)
    # The people booked see it cancelled on Your learning, with the reason.
    client.force_login(council.nqsw_user)
    mine = client.get(reverse("learning:mine", args=[code])).content.decode()
    assert 'id="cancelled-sessions"' in mine and "The trainer is ill" in mine
    with pytest.raises(ThriveError, match="already cancelled"):
        session_cancel(session=s, reason="again", actor=council.lead)


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_only_those_who_manage_the_catalogue_cancel_or_withdraw(
    council: Org, client: Client
) -> None:
    s, _ = _full_session_with_a_waiting_list(council)
    code = council.org.code
    urls = [
        reverse("learning:session_cancel", args=[code, s.pk]),
        reverse("learning:session_cancel_check", args=[code, s.pk]),
        reverse("learning:item_withdraw", args=[code, s.item_id]),
        reverse("learning:item_withdraw_check", args=[code, s.item_id]),
    ]
    for user in (council.manager_user, council.nqsw_user, council.partner_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"reason": "x"}).status_code == 403, url
    s.refresh_from_db()
    s.item.refresh_from_db()
    assert not s.cancelled and s.item.withdrawn_on is None and not mail.outbox


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_a_session_that_has_started_is_not_cancelled(council: Org) -> None:
    s, _ = _full_session_with_a_waiting_list(council)
    _to_the_past(s)
    with pytest.raises(ThriveError, match="cannot be cancelled"):
        session_cancel(session=s, reason="Too late", actor=council.lead)
    s.refresh_from_db()
    assert not s.cancelled and not mail.outbox


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_withdrawing_an_item_from_a_date_cancels_its_sessions_from_then(
    council: Org, client: Client
) -> None:
    it = item(council.org, "Old court skills")
    soon = session(it, days=3, capacity=5)
    later = session(it, days=20, capacity=5)
    book(session=soon, user=council.nqsw_user, person=council.nqsw)
    book(session=later, user=council.senior_user, person=council.senior)
    mail.outbox.clear()  # the two invitations
    code = council.org.code
    client.force_login(council.lead)
    url = reverse("learning:item_withdraw", args=[code, it.pk])
    assert (
        "Withdraw it" in client.get(reverse("learning:item", args=[code, it.pk])).content.decode()
    )
    when = clock.today() + timedelta(days=10)
    yesterday = clock.today() - timedelta(days=1)
    typed = {"reason": "Replaced by the new court skills course"}
    page = client.post(
        url,
        {**typed, "on_0": yesterday.day, "on_1": yesterday.month, "on_2": yesterday.year},
    ).content.decode()
    assert "must be today or later" in page and "Replaced by the new court skills course" in page
    response = client.post(url, {**typed, "on_0": when.day, "on_1": when.month, "on_2": when.year})
    check = client.get(response["Location"]).content.decode()
    assert "Check your answers" in check
    assert f"{timezone.localtime(later.starts_at):%-d %B %Y}" in check  # the session it cancels
    client.post(response["Location"])
    it.refresh_from_db()
    soon.refresh_from_db()
    later.refresh_from_db()
    assert it.withdrawn_on == when and it.withdrawn_reason == typed["reason"]
    assert later.cancelled and not soon.cancelled
    assert [m.to for m in mail.outbox] == [["sol@example.test"]]
    # Until the date it can still be booked on the session that goes ahead.
    assert book(session=soon, user=council.manager_user, person=council.manager).status == "booked"
    page = client.get(reverse("learning:item", args=[code, it.pk])).content.decode()
    assert "To be withdrawn on" in page
    with pytest.raises(ThriveError, match="already withdrawn"):
        item_withdraw(item=it, on=when, reason="x", actor=council.lead)


@pytest.mark.django_db
def test_withdrawn_today_nobody_finds_or_books_it(council: Org) -> None:
    it = item(council.org, "Old court skills")
    s = session(it, days=3)
    assert item_withdraw(item=it, on=clock.today(), reason="Out of date", actor=council.lead) == [s]
    assert not published(council.org, clock.today()).filter(pk=it.pk).exists()
    with pytest.raises(ThriveError, match="cancelled|not open"):
        book(session=s, user=council.nqsw_user, person=council.nqsw)
    with pytest.raises(ThriveError, match="today or later"):
        item_withdraw(
            item=item(council.org, "Another"),
            on=clock.today() - timedelta(days=1),
            reason="x",
            actor=council.lead,
        )


def _auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="t")
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_a_place_is_not_given_up_once_the_session_has_started(council: Org, client: Client) -> None:
    s, bookings = _full_session_with_a_waiting_list(council)
    _to_the_past(s)
    with pytest.raises(ThriveError, match="cannot be cancelled once the session has started"):
        cancel(booking=bookings[0], actor=council.lead)
    # On Your learning …
    client.force_login(council.nqsw_user)
    page = client.post(
        reverse("learning:mine", args=[council.org.code]),
        {"action": "cancel", "booking": bookings[0].pk},
        follow=True,
    ).content.decode()
    assert "once the session has started" in page
    # … on the lead's session page …
    client.force_login(council.lead)
    page = client.post(
        reverse("learning:session", args=[council.org.code, s.pk]),
        {"action": "cancel_booking", "booking": bookings[1].pk},
        follow=True,
    ).content.decode()
    assert "once the session has started" in page
    # … and through the API.
    response = client.post(
        f"/api/organisations/{council.org.code}/learning/bookings/{bookings[0].pk}/cancel/",
        headers=_auth(council.nqsw_user),
    )
    assert response.status_code == 400
    assert "once the session has started" in response.json()["detail"]
    assert [Booking.objects.get(pk=b.pk).status for b in bookings] == [
        "booked",
        "booked",
        "waiting",
    ]
    assert not mail.outbox


@pytest.mark.django_db
def test_a_session_changed_while_the_lead_checks_is_not_cancelled_unseen(
    council: Org, client: Client
) -> None:
    s = session(item(council.org), capacity=2)
    code = council.org.code
    client.force_login(council.lead)
    start = reverse("learning:session_cancel", args=[code, s.pk])
    form = client.get(start).content.decode()
    assert f'name="version" value="{s.version}"' in form
    check = client.post(start, {"reason": "Room flooded", "version": s.version})["Location"]
    LearningSession.objects.filter(pk=s.pk).update(version=s.version + 1)  # someone else's edit
    page = client.post(check).content.decode()
    assert "Someone else changed this session" in page
    s.refresh_from_db()
    assert not s.cancelled
