"""Booking, the waiting list after a cancellation, nominations, attendance with CPD drafts,
certificates and feedback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.learning.conftest import Org, item, session
from thrive.core.errors import ThriveError
from thrive.core.permissions import access_for
from thrive.learning.models import Booking, CpdRecord, Feedback
from thrive.learning.selectors import feedback_summary
from thrive.learning.services import attendance_record, book, cancel, feedback_save, nominate


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_a_full_sessions_waiting_list_after_a_cancellation(council: Org) -> None:
    s = session(item(council.org), capacity=2)
    first = book(session=s, user=council.nqsw_user, person=council.nqsw)
    book(session=s, user=council.senior_user, person=council.senior)
    third = book(session=s, user=council.manager_user, person=council.manager)
    assert (first.status, third.status) == ("booked", "waiting")
    with pytest.raises(ThriveError, match="already have a place"):
        book(session=s, user=council.nqsw_user, person=council.nqsw)
    promoted = cancel(booking=first, actor=council.nqsw_user)
    assert promoted is not None and promoted.pk == third.pk
    third.refresh_from_db()
    assert third.status == "booked"
    # Two invitations when booked; the place given up is taken out of the calendar (the same
    # event, METHOD:CANCEL, a higher SEQUENCE); the place passed on comes with its invitation.
    sent = [(m.to, m.subject.split(":")[0], m.attachments[0][1]) for m in mail.outbox]
    assert [(to, subject) for to, subject, _ in sent] == [
        (["nia@example.test"], "Booked"),
        (["sol@example.test"], "Booked"),
        (["nia@example.test"], "Place given up"),
        (["mo@example.test"], "A place is yours"),
    ]
    invite, cancelled, offered = sent[0][2], sent[2][2], sent[3][2]
    assert (
        "METHOD:REQUEST" in invite and "METHOD:CANCEL" in cancelled and "METHOD:REQUEST" in offered
    )
    uid = f"UID:learning-booking-{first.pk}@"
    assert uid in invite and uid in cancelled and "STATUS:CANCELLED" in cancelled
    assert "SEQUENCE:2" in invite and "SEQUENCE:3" in cancelled
    # Cancelling a waiting-list place frees nothing.
    assert Booking.objects.filter(session=s, status="booked").count() == 2


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_a_manager_nominates_only_their_team(council: Org) -> None:
    s = session(item(council.org))
    booking = nominate(
        access=access_for(council.manager_user, council.org), session=s, person=council.nqsw
    )
    assert booking.nominated_by == council.manager_user and booking.status == "booked"
    assert [m.subject.split(":")[0] for m in mail.outbox][:1] == ["Booked"]
    assert "put forward" in mail.outbox[1].subject
    with pytest.raises(ThriveError, match="only people in the teams you manage"):
        nominate(
            access=access_for(council.senior_user, council.org), session=s, person=council.senior
        )


@pytest.mark.django_db
def test_attendance_gives_cpd_drafts_certificate_and_feedback(council: Org, client: Client) -> None:
    s = session(item(council.org, cpd_hours=6), days=7)
    b = book(session=s, user=council.nqsw_user, person=council.nqsw)
    other = book(session=s, user=council.senior_user, person=council.senior)
    s.starts_at -= timedelta(days=8)
    s.ends_at -= timedelta(days=8)
    s.save()
    assert attendance_record(session=s, attended=[b.pk], actor=council.lead) == 1
    draft = CpdRecord.objects.get()
    assert draft.draft and draft.person == council.nqsw and draft.hours == 6
    client.force_login(council.nqsw_user)
    page = client.get(reverse("learning:mine", args=[council.org.code])).content.decode()
    assert "CPD drafts ready for you" in page and "certificate (PDF)" in page
    pdf = client.get(reverse("learning:certificate", args=[council.org.code, b.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(council.senior_user)
    assert (
        client.get(reverse("learning:certificate", args=[council.org.code, b.pk])).status_code
        == 404
    )
    with pytest.raises(ThriveError, match="attended"):
        feedback_save(booking=other, user=council.senior_user, useful=5, practice=5)
    b.refresh_from_db()
    feedback_save(booking=b, user=council.nqsw_user, useful=4, practice=5, comment="Great")
    summary = feedback_summary(council.org)
    assert (
        summary["items"][0]["n"] == 1 and summary["items"][0]["useful"] is None
    )  # fewer than five


@pytest.mark.django_db
def test_feedback_averages_from_five(council: Org) -> None:
    from tests.factories import make_user
    from thrive.core.roles import Role

    s = session(item(council.org), capacity=10)
    scores = [5, 4, 4, 3, 4]
    for score in scores:
        user = make_user(council.org, Role.PRACTITIONER)
        booking = book(session=s, user=user)
        booking.attended = True
        booking.save()
        Feedback.objects.create(organisation=council.org, booking=booking, useful=score, practice=3)
    row = feedback_summary(council.org)["items"][0]
    assert (row["n"], row["useful"], row["practice"]) == (5, 4.0, 3.0)


@pytest.mark.django_db
def test_booking_and_waiting_list_through_the_page(council: Org, client: Client) -> None:
    it = item(council.org)
    s = session(it, capacity=1)
    url = reverse("learning:item", args=[council.org.code, it.pk])
    client.force_login(council.nqsw_user)
    client.post(url, {"action": "book", "session": s.pk})
    client.force_login(council.senior_user)
    page = client.get(url).content.decode()
    assert "Join the waiting list" in page
    response = client.post(url, {"action": "book", "session": s.pk}, follow=True)
    assert "you are on the waiting list" in response.content.decode()
    statuses = dict(Booking.objects.filter(session=s).values_list("user__email", "status"))
    assert statuses == {"nia@example.test": "booked", "sol@example.test": "waiting"}
