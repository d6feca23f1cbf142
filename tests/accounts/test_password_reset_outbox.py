"""The password-reset email goes through the outbox like every other email: recorded with the
request, sent after the commit, and kept with its error when the mail server refuses it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import Client

from tests.factories import make_user
from thrive.accounts.forms import GovukPasswordResetForm
from thrive.accounts.views import ResetView
from thrive.core.models import OutboxMessage
from thrive.core.roles import Role


class Refuses(BaseEmailBackend):
    """A mail server that is down (outside the machine, so the one thing a test may stand in
    for)."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


@pytest.mark.django_db(transaction=True)
def test_the_reset_email_is_recorded_in_the_outbox_and_sent(client: Client, org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="pw@example.test")
    client.post("/password-reset/", {"email": "pw@example.test"})
    message = OutboxMessage.objects.get()
    assert message.to == ["pw@example.test"] and message.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == message.subject and "\n" not in message.subject
    assert "/password-reset/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_reset_that_rolls_back_sends_nothing(org: Any) -> None:
    make_user(org, Role.PRACTITIONER, email="pw@example.test")
    form = GovukPasswordResetForm({"email": "pw@example.test"})
    assert form.is_valid()
    with pytest.raises(RuntimeError), transaction.atomic():
        form.save(
            domain_override="testserver",
            subject_template_name=ResetView.subject_template_name,
            email_template_name=ResetView.email_template_name,
        )
        assert mail.outbox == []  # not before the commit
        raise RuntimeError("the change failed")
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_refused_reset_email_is_kept_with_its_error(
    client: Client, org: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.Refuses"
    make_user(org, Role.PRACTITIONER, email="pw@example.test")
    response = client.post("/password-reset/", {"email": "pw@example.test"})
    assert response.status_code == 302  # the person is told to check their email either way
    message = OutboxMessage.objects.get()
    assert message.sent_at is None and "mail server is down" in message.error
