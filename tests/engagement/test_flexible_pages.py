"""Flexible working on the pages: a person asks, the manager consults and refuses for a business
reason, the person appeals, the appeal is agreed within the two months, and the agreed pattern
is on the person's record; the API shows the person their own requests; the daily reminders
reach the line manager before the deadline."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.engagement.helpers import person_in
from tests.factories import make_team, make_user
from thrive.core.models import OutboxMessage
from thrive.engagement.flexible import flexible_reminders_send, flexible_request_make
from thrive.engagement.models import FlexibleRequest, FlexibleStatus
from thrive.people.models import EmploymentSpell


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _api(user: Any, org: Any) -> Any:
    from thrive.accounts.services import api_token_create

    _, key = api_token_create(user=user, name="test")
    url = reverse("api:engagement_my_flexible", args=[org.code])
    return Client().get(url, HTTP_AUTHORIZATION=f"Token {key}").json()


@pytest.mark.today("2026-06-17")
def test_a_request_through_refusal_appeal_and_agreement_on_the_pages(org: Any, today: date) -> None:
    team = make_team(org, "Duty")
    person, user = person_in(org, team, "FW1")
    manager = make_user(org, "team_manager", team=team)
    me, boss = _client(user), _client(manager)
    listing = reverse("engagement:flexible_list", args=[org.code])
    add = reverse("engagement:flexible_add", args=[org.code])

    page = me.post(add, {"pattern": "", "details": ""}).content.decode()
    assert "Choose the working pattern you are asking for" in page
    page = me.post(add, {"pattern": "compressed_hours", "details": ""}).content.decode()
    assert "Say what you are asking for" in page
    assert re.search(r'value="compressed_hours"\s+checked', page)  # what they chose is kept
    response = me.post(add, {"pattern": "compressed_hours", "details": "Four long days"})
    r = FlexibleRequest.objects.get(person=person)
    detail = reverse("engagement:flexible", args=[org.code, r.pk])
    assert response.status_code == 302 and response["Location"] == detail
    assert r.decide_by == date(2026, 8, 17)
    page = me.get(detail).content.decode()
    assert "17 August 2026" in page and "61 days left" in page and "Record the decision" not in page

    # The manager sees it to decide; refusing before consulting is refused, naming why.
    assert "Four long days" not in boss.get(listing).content.decode()
    assert person.full_name in boss.get(listing).content.decode()
    refuse = {
        "form": "decide",
        "version": r.version,
        "decide-decision": "refuse",
        "decide-reason": "demand",
        **_date("decide-decided_on", today),
    }
    page = boss.post(detail, refuse).content.decode()
    assert "Consult the person before refusing" in page
    page = boss.post(detail, {**refuse, "decide-reason": ""}).content.decode()
    assert "Choose the business reason for the refusal" in page
    consult = {
        "form": "consult",
        "version": r.version,
        "consult-note": "Talked through the duty rota",
        **_date("consult-consulted_on", today),
    }
    assert boss.post(detail, consult).status_code == 302
    # A form drawn before the consultation is stale: nothing is saved over it.
    page = boss.post(detail, refuse).content.decode()
    assert "Someone else changed this request" in page
    r.refresh_from_db()
    assert boss.post(detail, {**refuse, "version": r.version}).status_code == 302
    r.refresh_from_db()
    assert r.status == FlexibleStatus.REFUSED and r.refusal_reason == "demand"

    # The person appeals; the manager cannot appeal for them, nor the person decide.
    assert boss.post(detail, {"form": "appeal"}).status_code == 403
    assert me.post(detail, {**refuse, "version": r.version}).status_code == 403
    assert me.post(detail, {"form": "appeal", "version": r.version}).status_code == 302
    r.refresh_from_db()
    assert r.status == FlexibleStatus.APPEALED
    agree = {
        "form": "decide",
        "version": r.version,
        "decide-decision": "agree",
        "decide-note": "Agreed on a three-month trial",
        **_date("decide-decided_on", date(2026, 8, 17)),
    }
    assert boss.post(detail, agree).status_code == 302
    r.refresh_from_db()
    assert r.status == FlexibleStatus.APPEAL_AGREED and r.appeal_decided_on == date(2026, 8, 17)

    record = boss.get(reverse("people:person", args=[org.code, person.pk])).content.decode()
    assert "Agreed flexible working" in record and "Four long days" in record

    api = _api(user, org)
    assert [(x["status"], x["decide_by"], x["days_left"]) for x in api["requests"]] == [
        ("appeal_agreed", "2026-08-17", None)
    ]


def test_nobody_else_sees_a_request(org: Any, today: date) -> None:
    duty, fostering = make_team(org, "Duty"), make_team(org, "Fostering", service="Care")
    person, user = person_in(org, duty, "FW2")
    r = flexible_request_make(
        person=person, team=duty, pattern="hybrid", details="Two days at home", actor=user
    )
    detail = reverse("engagement:flexible", args=[org.code, r.pk])
    colleague = person_in(org, duty, "FW3")[1]
    other_manager = make_user(org, "team_manager", team=fostering)
    for outsider in (colleague, other_manager):
        assert _client(outsider).get(detail).status_code == 404
    listing = _client(other_manager).get(reverse("engagement:flexible_list", args=[org.code]))
    assert person.full_name not in listing.content.decode()
    api = _api(colleague, org)
    assert api == {"requests": []}


@pytest.mark.today("2026-08-05")
def test_the_line_manager_is_reminded_before_the_deadline_once_a_week(
    org: Any, today: date
) -> None:
    team = make_team(org, "Duty")
    person, user = person_in(org, team, "FW4")
    boss, boss_user = person_in(org, team, "FW5", role="team_manager")
    EmploymentSpell.objects.filter(person=person).update(line_manager=boss)
    flexible_request_make(
        person=person,
        team=team,
        pattern="term_time",
        details="Term-time only",
        received_on=date(2026, 6, 17),
        actor=user,
    )
    assert flexible_reminders_send(organisation=org, on=date(2026, 7, 1)) == 0
    assert flexible_reminders_send(organisation=org, on=today) == 1
    message = OutboxMessage.objects.get(kind="engagement.flexible_reminder")
    assert message.to == [boss_user.email] and "12 days left" in message.body
    assert flexible_reminders_send(organisation=org, on=today + timedelta(days=3)) == 0
    assert flexible_reminders_send(organisation=org, on=date(2026, 8, 19)) == 1
    late = OutboxMessage.objects.filter(kind="engagement.flexible_reminder").order_by("-pk")[0]
    assert "is overdue" in late.subject and "2 days ago" in late.body


@pytest.mark.today("2026-06-17")
def test_the_council_adds_its_own_limits_on_the_rules_page(org: Any, today: date) -> None:
    """The engagement lead adds more generous limits from a date; a practitioner may not; a
    refusal names its field and keeps what was typed."""
    from thrive.core.audit import AuditEvent

    rules = reverse("engagement:flexible_rules", args=[org.code])
    practitioner = _client(make_user(org, "practitioner"))
    assert practitioner.get(rules).status_code == 403
    assert practitioner.post(rules, {"requests_a_year": "3"}).status_code == 403
    lead = _client(make_user(org, "principal_social_worker"))
    listing = lead.get(reverse("engagement:flexible_list", args=[org.code])).content.decode()
    assert rules in listing and "You can make 2 requests in any 12 months" in listing
    page = lead.get(rules).content.decode()
    assert "6 April 2024" in page and "30 June 2014" in page
    typed = {**_date("effective_from", date(2026, 7, 1)), "decision_months": "2"}
    page = lead.post(rules, {**typed, "requests_a_year": "1"}).content.decode()
    assert "Error:" in page and "never fewer" in page
    assert re.search(r'href="#id_requests_a_year">[^<]*never fewer', page)  # names its field
    assert re.search(r'name="requests_a_year"[^>]*value="1"', page)
    assert re.search(r'name="effective_from_2"[^>]*value="2026"', page)
    page = lead.post(rules, {**typed, "requests_a_year": ""}).content.decode()
    assert re.search(r'href="#id_requests_a_year"', page)
    assert re.search(r'name="decision_months"[^>]*value="2"', page)
    response = lead.post(rules, {**typed, "requests_a_year": "3"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="engagement.flexible_rule_added").count() == 1
    page = lead.get(rules).content.decode()
    assert "1 July 2026" in page and "The council's" in page
