"""`thrive reminders send`: supervisors hear who is due or overdue, supervisees which records wait
for them; once a day at most."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from tests.supervision.conftest import Crew
from thrive.cli import main
from thrive.core import clock
from thrive.supervision.models import Session


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_reminders_by_email_once_a_day(crew: Crew, capsys: Any) -> None:
    on = date(2026, 6, 30)
    # Sam was supervised on 20 June (not due); Noor last on 15 May (overdue); Noor's record of
    # 20 June is signed by Maya and waits for Noor's agreement.
    Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        supervisee=crew.senior,
        team=crew.team,
        starts_at=timezone.make_aware(datetime(2026, 6, 20, 10)),
        status="held",
        minutes=90,
    )
    Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        supervisee=crew.asye,
        team=crew.team,
        starts_at=timezone.make_aware(datetime(2026, 5, 15, 10)),
        status="held",
        minutes=90,
        supervisor_signed_at=clock.now(),
    )
    assert main(["reminders", "send", "--org", crew.org.code, "--on", on.isoformat()]) == 0
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"maya@example.test", "noor@example.test"}
    assert "Overdue: Noor Test" in sent["maya@example.test"].body
    assert "Sam Test" not in sent["maya@example.test"].body
    assert "Waiting for your agreement" in sent["noor@example.test"].body
    assert main(["reminders", "send", "--org", crew.org.code, "--on", on.isoformat()]) == 0
    assert len(mail.outbox) == 2
    assert "0 sent, 2 already sent today" in capsys.readouterr().out
    assert main(["reminders", "send", "--on", "30-06-2026"]) == 1


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_dry_run_sends_nothing(crew: Crew, capsys: Any) -> None:
    on = clock.today() + timedelta(days=1)
    assert main(["reminders", "send", "--dry-run", "--on", on.isoformat()]) == 0
    assert mail.outbox == []
    assert "would email maya@example.test" in capsys.readouterr().out
