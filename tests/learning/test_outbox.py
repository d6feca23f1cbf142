"""The outbox: email is recorded inside the change and sent after the commit, so a change that
rolls back tells nobody and a mail provider that fails on one message neither undoes the change
nor silences the others."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from tests.learning.conftest import Org, item, session
from thrive.core.models import OutboxMessage
from thrive.core.outbox import email_on_commit, outbox_retry
from thrive.learning.models import LearningSession
from thrive.learning.services import book, item_withdraw, session_cancel


class FailsOnSecond(BaseEmailBackend):
    """A mail provider that refuses the second message it is given (outside the machine)."""

    calls = 0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            type(self).calls += 1
            if type(self).calls == 2:
                raise ConnectionError("provider refused the message")
            mail.outbox.append(message)
        return len(email_messages)


@pytest.fixture
def failing_second(settings: Any) -> type[FailsOnSecond]:
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnSecond"
    FailsOnSecond.calls = 0
    mail.outbox = []
    return FailsOnSecond


def _booked_three(council: Org) -> LearningSession:
    s = session(item(council.org), capacity=2)
    book(session=s, user=council.nqsw_user, person=council.nqsw)
    book(session=s, user=council.senior_user, person=council.senior)
    book(session=s, user=council.manager_user, person=council.manager)
    # The places' calendar invitations are not what these tests are about.
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()
    FailsOnSecond.calls = 0
    return s


@pytest.mark.django_db(transaction=True)
def test_a_failing_second_message_neither_undoes_the_cancellation_nor_silences_the_rest(
    council: Org, failing_second: Any
) -> None:
    s = _booked_three(council)
    assert session_cancel(session=s, reason="The trainer is ill", actor=council.lead) == 3
    s.refresh_from_db()
    assert s.cancelled  # the change stands: it was committed before anyone was told
    assert len(mail.outbox) == 2  # the first and third; the second is kept to try again
    messages = list(OutboxMessage.objects.order_by("pk"))
    assert len(messages) == 3
    assert [m.sent_at is not None for m in messages] == [True, False, True]
    assert "provider refused" in messages[1].error
    assert outbox_retry(organisation=council.org) == (1, 0)
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        a for m in OutboxMessage.objects.all() for a in m.to
    )
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_that_rolls_back_tells_nobody(council: Org, failing_second: Any) -> None:
    s = _booked_three(council)
    with pytest.raises(RuntimeError), transaction.atomic():
        session_cancel(session=s, reason="The trainer is ill", actor=council.lead)
        raise RuntimeError("something later in the same change failed")
    s.refresh_from_db()
    assert not s.cancelled
    assert mail.outbox == [] and failing_second.calls == 0
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_withdrawing_an_item_tells_people_only_once_it_is_withdrawn(
    council: Org, failing_second: Any
) -> None:
    s = _booked_three(council)
    sent_inside: list[int] = []

    def withdraw() -> None:
        with transaction.atomic():
            item_withdraw(item=s.item, on=s.starts_at.date(), reason="Retired", actor=council.lead)
            sent_inside.append(len(mail.outbox))

    withdraw()
    assert sent_inside == [0]  # nothing left the building while the change was open
    assert len(mail.outbox) == 2 and OutboxMessage.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_nobody_to_tell_queues_nothing(council: Org) -> None:
    assert email_on_commit(to=["", ""], subject="x", body="y", organisation=council.org) is None
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_sends_what_the_provider_refused(
    council: Org, failing_second: Any, capsys: Any
) -> None:
    from thrive.cli import main

    s = _booked_three(council)
    session_cancel(session=s, reason="The trainer is ill", actor=council.lead)
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
    capsys.readouterr()
    assert main(["reminders", "send", "--org", council.org.code, "--dry-run"]) == 0
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1  # dry run: nothing
    assert main(["reminders", "send", "--org", council.org.code]) == 0
    assert "1 earlier email(s) sent now, 0 still failing" in capsys.readouterr().out
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert len(mail.outbox) >= 3
