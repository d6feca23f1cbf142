"""A published revision emails each worker whose shifts it changes (the shifts added and taken
off), through the outbox, to workers who sign in; the council can stop the email from a date
(dated on/off setting on the working-time page)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import link_user, make_staff, make_team, make_user
from thrive.agency.models import RotaEmailSetting
from thrive.agency.services import (
    home_add,
    rota_leave_add,
    rota_publish,
    rota_refill,
    rota_solve,
    rota_worker_add,
    shift_add,
)
from thrive.core.models import AuditEvent, OutboxMessage
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 6, 15)  # the suite's day is Wednesday 17 June 2026
TODAY = date(2026, 6, 17)


def _worker(org: Any, home: Any, name: str, staff_id: str) -> Any:
    user = make_user(org, Role.PRACTITIONER, email=f"{staff_id.lower()}@example.org")
    first, last = name.split()
    person = link_user(make_staff(org, staff_id=staff_id, first_name=first, last_name=last), user)
    return rota_worker_add(
        home=home, actor=None, staff_member=person, name=name, tier="own", contracted_hours=24
    )


def test_a_published_revision_emails_the_workers_whose_shifts_change(org: Any) -> None:
    team = make_team(org, "Elm House", service="Children in Care")
    home = home_add(
        organisation=org, code="elm", name="Elm House", kind="childrens_home", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="day", name="Day", starts=time(7), ends=time(15))
    shift_add(home=home, actor=None, code="late", name="Late", starts=time(15), ends=time(23))
    ann = _worker(org, home, "Ann Elm", "S-ANN")
    _worker(org, home, "Bob Elm", "S-BOB")
    _worker(org, home, "Cara Elm", "S-CARA")
    rota_worker_add(home=home, actor=None, name="Cy Bank", tier="bank", max_hours_week=40)
    draft = rota_solve(home=home, starts=MONDAY, weeks=1, actor=None, time_limit=2)
    published = rota_publish(rota=draft, version=draft.version, actor=None)
    assert not OutboxMessage.objects.filter(kind="agency.rota_changed").exists()  # not a revision
    before = {(a.day, a.shift.code, a.worker.name) for a in published.assignments.all()}
    anns = sorted((d, s) for d, s, n in before if n == "Ann Elm" and d >= TODAY)
    assert anns
    rota_leave_add(
        worker=ann, start_date=TODAY, end_date=date(2026, 6, 21), reason="Training", actor=None
    )
    revision = rota_refill(rota=published, actor=None, time_limit=2)
    after = {(a.day, a.shift.code, a.worker.name) for a in revision.assignments.all()}
    assert not OutboxMessage.objects.filter(kind="agency.rota_changed").exists()  # a draft
    rota_publish(rota=revision, version=revision.version, actor=None)
    sent = {m.to[0]: m for m in OutboxMessage.objects.filter(kind="agency.rota_changed")}
    changed = {n for _, _, n in before ^ after}
    emailed = {n for n in changed if n != "Cy Bank"}  # the bank worker signs in to nothing
    assert {a.split("@")[0] for a in sent} == {"s-" + n.split()[0].lower() for n in emailed}
    mail = sent["s-ann@example.org"]
    assert mail.subject == "Your shifts at Elm House have changed"
    assert "Shifts taken off you:" in mail.body and "Shifts added for you" not in mail.body
    for day, code in anns:
        name = "Day 07:00–15:00" if code == "day" else "Late 15:00–23:00"
        assert f"- {day:%A %-d %B}: {name}" in mail.body
    assert f"/o/{org.code}/agency/my-shifts/" in mail.body
    for other, m in sent.items():
        if other != "s-ann@example.org":
            assert "Shifts added for you:" in m.body

    # The council stops the email from today (the working-time page, those who manage agency):
    # the next revision published emails no one.
    manager = make_user(org, Role.SERVICE_MANAGER, service=team.service)
    client = Client()
    client.force_login(manager)
    url = reverse("agency:working_time", args=[org.code])
    form = {
        "add": "email",
        "email-kind": "agency.rota_changed",
        "email-effective_from_0": "16",
        "email-effective_from_1": "6",
        "email-effective_from_2": "2026",
    }
    past = client.post(url, form).content.decode()
    assert "The setting starts today or later" in past
    assert client.post(url, form | {"email-effective_from_0": "17"}).status_code == 302
    assert RotaEmailSetting.objects.get().send is False
    assert "Not sent" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="agency.rota_email_set").count() == 1
    OutboxMessage.objects.all().delete()
    current = revision
    current.refresh_from_db()
    someone = current.assignments.filter(day__gt=TODAY).exclude(worker__tier="bank").first()
    assert someone is not None
    rota_leave_add(
        worker=someone.worker,
        start_date=someone.day,
        end_date=someone.day,
        reason="Annual leave",
        actor=None,
    )
    second = rota_refill(rota=current, actor=None, time_limit=2)
    rota_publish(rota=second, version=second.version, actor=None)
    assert not OutboxMessage.objects.filter(kind="agency.rota_changed").exists()
