"""Moving and cancelling learning sessions, supervision sessions, selection panels and support
drop-ins from the command line (``--as``) and the API, through the pages' services: the same
permission checks (someone else is refused), version checks (a stale version changes nothing)
and calendar updates (the update as METHOD:REQUEST with a higher SEQUENCE, then METHOD:CANCEL)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.engagement.helpers import person_in
from tests.factories import make_team, make_user
from tests.learning.conftest import item, make_council, session
from tests.notifications.test_invitations import _panel
from tests.supervision.conftest import make_crew
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.engagement.dropins import dropin_book, dropin_slot_add
from thrive.learning.services import book
from thrive.supervision.services import session_book

pytestmark = pytest.mark.django_db


def _seen(obj: Any) -> list[str]:
    """``--version`` as a person reading *obj* now would give it."""
    return ["--version", str(type(obj).objects.get(pk=obj.pk).version)]


def _token(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="t")
    return {"Authorization": f"Token {key}"}


def _invitations() -> list[Any]:
    return [m for m in mail.outbox if m.attachments]


def _events(method: str) -> list[Any]:
    """Each invitation's calendar event, checking it is *method*."""
    found = []
    for message in _invitations():
        _, content, mimetype = message.attachments[0]
        assert mimetype.startswith(f"text/calendar; method={method}"), message.subject
        (event,) = Calendar.from_ical(content).walk("VEVENT")
        found.append(event)
    return found


def _when(days: int, hour: int = 14) -> datetime:
    return timezone.make_aware(datetime.combine(clock.today() + timedelta(days=days), time(hour)))


def test_a_learning_session_moved_by_the_cli_and_cancelled_by_the_api(
    org: Any, client: Client, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    council = make_council(org)
    s = session(item(org), capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        book(session=s, user=council.nqsw_user, person=council.nqsw)
    first = _events("REQUEST")[0]
    mail.outbox.clear()
    argv = ["learning", "session-move", "--org", org.code, "--session", str(s.pk)]
    later = _when(10, 9)
    # Someone who does not run the council's learning is refused; nothing moves.
    nqsw = ["--as", council.nqsw_user.email, "--starts", f"{later:%Y-%m-%d %H:%M}"]
    assert main([*argv, *nqsw, *_seen(s)]) == 1
    assert "is not allowed" in capsys.readouterr().err
    with django_capture_on_commit_callbacks(execute=True):
        code = main(
            [*argv, "--as", council.lead.email, "--starts", f"{later:%Y-%m-%d %H:%M}", *_seen(s)]
        )
    assert code == 0, capsys.readouterr().err
    s.refresh_from_db()
    assert s.starts_at == later and s.ends_at == later + timedelta(hours=6)
    (update,) = _events("REQUEST")
    assert str(update["uid"]) == str(first["uid"]) and update["sequence"] > first["sequence"]
    mail.outbox.clear()
    url = f"/api/organisations/{org.code}/learning/sessions/{s.pk}/cancel/"
    stale = client.post(
        url,
        {"reason": "Trainer ill", "version": s.version - 1},
        content_type="application/json",
        headers=_token(council.lead),
    )
    assert stale.status_code == 400 and not mail.outbox
    refused = client.post(
        url,
        {"reason": "Trainer ill"},
        content_type="application/json",
        headers=_token(council.nqsw_user),
    )
    assert refused.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {"reason": "Trainer ill", "version": s.version},
            content_type="application/json",
            headers=_token(council.lead),
        )
    assert done.status_code == 200, done.content
    assert done.json() == {"id": s.pk, "version": s.version + 1, "status": "cancelled", "told": 1}
    (cancel,) = _events("CANCEL")
    assert str(cancel["uid"]) == str(first["uid"]) and cancel["sequence"] > update["sequence"]


def test_a_supervision_session_moved_by_the_api_and_cancelled_by_the_cli(
    org: Any, client: Client, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    crew = make_crew(org)
    with django_capture_on_commit_callbacks(execute=True):
        booked = session_book(
            access=access_for(crew.manager_user, org),
            supervisor=crew.manager,
            supervisee=crew.asye,
            starts_at=_when(5),
            location="Room 2",
        )
    (first,) = _events("REQUEST")
    mail.outbox.clear()
    url = f"/api/organisations/{org.code}/supervision/sessions/{booked.pk}/move/"
    body = {"starts_at": _when(6).isoformat(), "location": "Room 3", "version": booked.version}
    # Sam is in the team but neither the supervisor nor its manager.
    assert (
        client.post(
            url, body, content_type="application/json", headers=_token(crew.senior_user)
        ).status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(
            url, body, content_type="application/json", headers=_token(crew.manager_user)
        )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "booked" and moved.json()["told"] == 2
    (update,) = _events("REQUEST")
    assert str(update["uid"]) == str(first["uid"]) and update["sequence"] > first["sequence"]
    assert str(update["location"]) == "Room 3"
    # The same body again: its version is stale now.
    assert (
        client.post(
            url, body, content_type="application/json", headers=_token(crew.manager_user)
        ).status_code
        == 400
    )
    mail.outbox.clear()
    argv = ["supervision", "session-cancel", "--org", org.code, "--session", str(booked.pk)]
    assert main([*argv, "--as", crew.senior_user.email, *_seen(booked)]) == 1
    assert "does not manage the team" in capsys.readouterr().err
    with django_capture_on_commit_callbacks(execute=True):
        assert main([*argv, "--as", crew.manager_user.email, *_seen(booked)]) == 0
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    (cancel,) = _events("CANCEL")
    assert cancel["sequence"] > update["sequence"]


def test_a_panel_moved_by_the_cli_and_called_off_by_the_api(
    org: Any, client: Client, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        hr, panel, ann, young = _panel(org)
    first = {m.to[0]: e for m, e in zip(_invitations(), _events("REQUEST"), strict=True)}
    mail.outbox.clear()
    later = panel.sits_on + timedelta(days=2)
    argv = ["recruitment", "panel-move", "--org", org.code, "--panel", str(panel.pk)]
    assert main([*argv, "--as", young.email, "--on", later.isoformat(), *_seen(panel)]) == 1
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        code = main([*argv, "--as", hr.email, "--on", later.isoformat(), "--version", "999"])
    assert code == 1 and "changed" in capsys.readouterr().err  # a stale version
    with django_capture_on_commit_callbacks(execute=True):
        assert main([*argv, "--as", hr.email, "--on", later.isoformat(), *_seen(panel)]) == 0
    panel.refresh_from_db()
    assert panel.sits_on == later
    updates = _events("REQUEST")
    assert sorted(m.to[0] for m in mail.outbox) == [ann.candidate_email, young.email]
    for message, event in zip(_invitations(), updates, strict=True):
        assert event["sequence"] > first[message.to[0]]["sequence"]
    mail.outbox.clear()
    url = f"/api/organisations/{org.code}/recruitment/panels/{panel.pk}/call-off/"
    assert (
        client.post(
            url, {"reason": "Frozen"}, content_type="application/json", headers=_token(young)
        ).status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {"reason": "The post is frozen", "version": panel.version},
            content_type="application/json",
            headers=_token(hr),
        )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "called_off" and done.json()["told"] == 2
    panel.refresh_from_db()
    assert panel.called_off_by == hr and panel.called_off_reason == "The post is frozen"
    assert len(_events("CANCEL")) == 2


def test_a_dropin_moved_by_the_api_and_withdrawn_by_the_cli(
    org: Any, client: Client, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    team = make_team(org, "Duty")
    host, host_user = person_in(org, team, "D1", first_name="Hana")
    worker, worker_user = person_in(org, team, "D2", first_name="Wren")
    slot = dropin_slot_add(host=host, starts_at=_when(2), minutes=30, place="Room 4", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        dropin_book(slot=slot, person=worker, actor=worker_user)
    (first,) = _events("REQUEST")
    mail.outbox.clear()
    url = f"/api/organisations/{org.code}/engagement/dropins/{slot.pk}/move/"
    body: dict[str, Any] = {"starts_at": _when(3).isoformat(), "place": "Room 9"}
    assert (
        client.post(
            url, body, content_type="application/json", headers=_token(worker_user)
        ).status_code
        == 403
    )
    # The host, without the slot's version: refused naming the field, nothing moved.
    unread = client.post(url, body, content_type="application/json", headers=_token(host_user))
    assert unread.status_code == 400 and list(unread.json()) == ["version"]
    assert not mail.outbox
    slot.refresh_from_db()  # booked since it was made
    body["version"] = slot.version
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(url, body, content_type="application/json", headers=_token(host_user))
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "booked" and moved.json()["told"] == 2
    (update,) = _events("REQUEST")
    assert str(update["location"]) == "Room 9" and update["sequence"] > first["sequence"]
    mail.outbox.clear()
    argv = ["dropins", "withdraw", "--org", org.code, "--slot", str(slot.pk), "--reason", "Ill"]
    other = make_user(org, Role.PRACTITIONER)
    assert main([*argv, "--as", other.email, *_seen(slot)]) == 1  # neither host nor lead
    assert "Only the host" in capsys.readouterr().err
    with django_capture_on_commit_callbacks(execute=True):
        assert main([*argv, "--as", host_user.email, *_seen(slot)]) == 0
    slot.refresh_from_db()
    assert slot.withdrawn_reason == "Ill" and slot.withdrawn_by == host_user
    (cancel,) = _events("CANCEL")
    assert cancel["sequence"] > update["sequence"]
