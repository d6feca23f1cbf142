"""Calendar invitations from the one shared builder (thrive/core/invitations.py): a recruitment
panel invites its panellists and its candidates; the builder refuses a method RFC 5546 has not."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from icalendar import Calendar

from tests.factories import make_team, make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from thrive.core.invitations import CalendarEvent, calendar_ics
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import PanellistKind, Stage
from thrive.recruitment.services import panel_add, panellist_add, question_add


def _ics(message: Any) -> Calendar:
    filename, content, mimetype = message.attachments[0]
    assert filename == "invite.ics" and mimetype.startswith("text/calendar; method=REQUEST")
    return Calendar.from_ical(content)


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_a_panel_invites_its_candidates_and_each_panellist(org: Any) -> None:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(org, hr, leader, team=make_team(org), title="Social worker")
    ann = move(apply(vacancy, hr, 1), hr, Stage.SHORTLISTED)
    question = question_add(
        organisation=org,
        actor=hr,
        text="A family tells you something about school. What do you do?",
        value="Curiosity",
        rubric="1: none; 5: asks and checks",
        role="any",
        effective_from=date(2026, 1, 1),
    )
    sits_on = vacancy.closing_date + timedelta(days=7)
    mail.outbox.clear()
    panel = panel_add(
        vacancy=vacancy, actor=hr, sits_on=sits_on, questions=[question], candidates=[ann]
    )
    young = make_user(org, Role.PANEL_MEMBER, email="young@example.org")
    panellist_add(panel=panel, actor=hr, user=young, kind=PanellistKind.LIVED_EXPERIENCE)
    assert [m.to for m in mail.outbox] == [[ann.candidate_email], ["young@example.org"]]
    for message in mail.outbox:
        (event,) = _ics(message).walk("VEVENT")
        assert event.decoded("dtstart") == sits_on  # the day, all day
        assert event.decoded("dtend") == sits_on + timedelta(days=1)
        assert str(event["summary"]).endswith("Social worker")
    candidate = _ics(mail.outbox[0])
    assert str(candidate["method"]) == "REQUEST"
    assert str(candidate.walk("VEVENT")[0]["attendee"]) == f"mailto:{ann.candidate_email}"


def test_the_builder_sends_updates_and_cancellations_as_such() -> None:
    event = CalendarEvent(
        uid="x-1",
        summary="Recall day",
        starts=date(2026, 5, 1),
        ends=date(2026, 5, 2),
        sequence=3,
        stamp=None,
    )
    cancel = Calendar.from_ical(
        calendar_ics([event], "T", method="CANCEL", organizer="a@x.gov.uk", attendees=["b@x"])
    )
    (vevent,) = cancel.walk("VEVENT")
    assert str(cancel["method"]) == "CANCEL" and str(vevent["status"]) == "CANCELLED"
    assert vevent["sequence"] == 3 and str(vevent["uid"]).startswith("x-1@")
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        calendar_ics([event], "T", method="PUBLISH")


def _panel(org: Any) -> tuple[Any, Any, Any, Any]:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    vacancy = open_vacancy(org, hr, leader, team=make_team(org), title="Social worker")
    ann = move(apply(vacancy, hr, 1), hr, Stage.SHORTLISTED)
    question = question_add(
        organisation=org,
        actor=hr,
        text="A family tells you something about school. What do you do?",
        value="Curiosity",
        rubric="1: none; 5: asks and checks",
        role="any",
        effective_from=date(2026, 1, 1),
    )
    sits_on = vacancy.closing_date + timedelta(days=7)
    mail.outbox.clear()
    panel = panel_add(
        vacancy=vacancy, actor=hr, sits_on=sits_on, questions=[question], candidates=[ann]
    )
    young = make_user(org, Role.PANEL_MEMBER, email="young@example.org")
    panellist_add(panel=panel, actor=hr, user=young, kind=PanellistKind.LIVED_EXPERIENCE)
    return hr, panel, ann, young


def _event_of(message: Any, method: str) -> Any:
    filename, content, mimetype = message.attachments[0]
    assert mimetype.startswith(f"text/calendar; method={method}")
    calendar = Calendar.from_ical(content)
    assert str(calendar["method"]) == method
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_a_panel_moved_or_called_off_updates_or_removes_each_calendar_event(
    org: Any, client: Any
) -> None:
    hr, panel, ann, young = _panel(org)
    first = {m.to[0]: _event_of(m, "REQUEST") for m in mail.outbox}
    mail.outbox.clear()
    client.force_login(hr)
    url = f"/o/{org.code}/recruitment/panels/{panel.pk}/"
    page = client.get(url).content.decode()
    assert "Move the panel" in page and "Call off the panel" in page
    later = panel.sits_on + timedelta(days=3)
    form = {
        "action": "move",
        "m-sits_on_0": later.day,
        "m-sits_on_1": later.month,
        "m-sits_on_2": later.year,
        "m-version": panel.version,
    }
    past = date(2026, 1, 5)
    refused = client.post(
        url, form | {"m-sits_on_0": past.day, "m-sits_on_1": past.month, "m-sits_on_2": 2026}
    )
    assert "Choose today or a day still to come" in refused.content.decode() and not mail.outbox
    assert client.post(url, form).status_code == 302
    panel.refresh_from_db()
    assert panel.sits_on == later
    assert sorted(m.to[0] for m in mail.outbox) == [ann.candidate_email, "young@example.org"]
    for message in mail.outbox:
        event = _event_of(message, "REQUEST")
        before = first[message.to[0]]
        assert str(event["uid"]) == str(before["uid"]) and event["sequence"] > before["sequence"]
        assert event.decoded("dtstart") == later and message.subject.startswith("Moved:")
    moved = {m.to[0]: _event_of(m, "REQUEST") for m in mail.outbox}
    mail.outbox.clear()
    # Stale: the page's version is the one before the move.
    stale = client.post(url, form | {"m-sits_on_0": (later + timedelta(days=1)).day})
    assert "Someone else changed this" in stale.content.decode() and not mail.outbox
    # Calling off asks why; without a reason nothing changes and nobody is told.
    assert client.post(url, {"action": "call_off", "version": panel.version}).status_code == 302
    panel.refresh_from_db()
    assert panel.status == "open" and not mail.outbox
    answer = client.post(
        url, {"action": "call_off", "version": panel.version, "reason": "The post is frozen."}
    )
    assert answer.status_code == 302
    # The panel is kept, called off with who, when and why (reports still count it).
    panel.refresh_from_db()
    assert panel.status == "called_off" and panel.called_off_by == hr
    assert panel.called_off_reason == "The post is frozen." and panel.called_off_at is not None
    page = client.get(url).content.decode()
    assert "Called off by" in page and "The post is frozen." in page
    assert "Call off the panel" not in page
    listing = client.get(f"/o/{org.code}/recruitment/vacancies/{panel.vacancy_id}/panels/")
    assert re.search(r"\((step \d+, )?called off\)", listing.content.decode())
    assert sorted(m.to[0] for m in mail.outbox) == [ann.candidate_email, "young@example.org"]
    for message in mail.outbox:
        event = _event_of(message, "CANCEL")
        assert str(event["uid"]) == str(moved[message.to[0]]["uid"])
        assert event["sequence"] > moved[message.to[0]]["sequence"]
        assert str(event["status"]) == "CANCELLED" and message.subject.startswith("Called off:")
    assert AuditEvent.objects.filter(action="recruitment.panel_called_off").count() == 1
