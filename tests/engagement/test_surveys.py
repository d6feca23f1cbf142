"""Answering surveys: anonymous answers hold no person, taking part is recorded apart, reminders
reach only those yet to answer, and the council's minimum group is never below five."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.engagement.helpers import council, person_in, q
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.engagement.models import Answer, EngagementSettings, Participation, Response
from thrive.engagement.selectors import minimum_group, response_rates
from thrive.engagement.services import minimum_group_set, survey_remind, survey_respond


def test_an_anonymous_answer_keeps_the_team_but_not_the_person(org: Any, today: Any) -> None:
    c = council(org, today)
    person, user = person_in(org, c.teams["Duty"], "P1", profession="social_worker")
    answers = {q(org, "hc-workload").pk: 4, q(org, "enps").pk: 9, q(org, "better").pk: "More time"}
    survey_respond(survey=c.survey, person=person, answers=answers, actor=user)

    response = Response.objects.get()
    assert response.person is None
    assert (response.team, response.service, response.profession) == (
        c.teams["Duty"],
        c.teams["Duty"].service,
        "social_worker",
    )
    assert sorted((a.value or -1, a.text) for a in Answer.objects.all()) == [
        (-1, "More time"),
        (4, ""),
        (9, ""),
    ]
    assert Participation.objects.get().person == person
    # The audit trail says they took part in the survey, and names no response.
    event = AuditEvent.objects.get(action="engagement.survey_answered")
    assert event.object_id == str(c.survey.pk) and event.user == user
    assert not AuditEvent.objects.filter(object_id=str(response.pk)).exists()
    with pytest.raises(ThriveError, match="already answered"):
        survey_respond(survey=c.survey, person=person, answers=answers, actor=user)
    assert Response.objects.count() == 1


def test_answers_are_checked_against_the_scale_and_the_audience(org: Any, today: Any) -> None:
    c = council(org, today)
    c.survey.audience_teams.set([c.teams["Duty"]])
    inside, user = person_in(org, c.teams["Duty"], "P1")
    outside, other = person_in(org, c.teams["Fostering"], "P2")
    with pytest.raises(ThriveError, match="choose one of the answers"):
        survey_respond(
            survey=c.survey, person=inside, answers={q(org, "hc-workload").pk: 6}, actor=user
        )
    with pytest.raises(ThriveError, match="not for your team"):
        survey_respond(survey=c.survey, person=outside, answers={}, actor=other)
    assert not Response.objects.exists() and not Participation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_reminders_go_only_to_those_yet_to_answer_and_say_the_same_to_all(today: Any) -> None:
    from tests.factories import make_org

    org = make_org("331", "Coventry")
    c = council(org, today)
    answered, user = person_in(org, c.teams["Duty"], "P1")
    waiting, waiting_user = person_in(org, c.teams["Assessment"], "P2")
    survey_respond(
        survey=c.survey,
        person=answered,
        answers={q(org, "hc-workload").pk: 2, q(org, "enps").pk: 3},
        actor=user,
    )
    mail.outbox.clear()
    assert survey_remind(survey=c.survey, actor=c.lead) == 1
    assert [m.to for m in mail.outbox] == [[waiting_user.email]]
    assert "anonymous" in mail.outbox[0].body and "P1" not in mail.outbox[0].body
    rows, total = response_rates(c.survey, today)
    assert [(r.team, r.invited, r.responded, r.rate) for r in rows] == [
        ("Assessment", 1, 0, 0),
        ("Duty", 1, 1, 100),
    ]
    assert (total.invited, total.responded, total.rate) == (2, 1, 50)


def test_the_minimum_group_can_be_raised_but_never_below_five(org: Any) -> None:
    lead = None
    assert minimum_group(org) == 5
    minimum_group_set(organisation=org, minimum=8, actor=lead)
    assert minimum_group(org) == 8
    with pytest.raises(ThriveError, match="at least 5"):
        minimum_group_set(organisation=org, minimum=4, actor=lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementSettings.objects.filter(organisation=org).update(minimum_group=3)
    assert minimum_group(org) == 8


def test_a_practitioner_answers_on_the_page_and_cannot_read_results(org: Any, today: Any) -> None:
    c = council(org, today)
    person, user = person_in(org, c.teams["Duty"], "P1")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("engagement:surveys", args=[org.code]))
    assert "Spring 2026" in page.content.decode()
    url = reverse("engagement:answer", args=[org.code, c.survey.pk])
    wq, eq, bq = q(org, "hc-workload"), q(org, "enps"), q(org, "better")
    # Missing an answer: the page says which, and keeps what was typed.
    missing = client.post(url, {f"q{wq.pk}": "4", f"q{bq.pk}": "Fewer forms"})
    text = missing.content.decode()
    assert missing.status_code == 200 and "Choose an answer to question 2" in text
    assert "Fewer forms" in text and not Response.objects.exists()
    done = client.post(url, {f"q{wq.pk}": "4", f"q{eq.pk}": "10", f"q{bq.pk}": "Fewer forms"})
    assert "Thank you" in done.content.decode()
    assert Response.objects.get().person is None
    again = client.get(url)
    assert "already answered" in again.content.decode()
    assert client.get(reverse("engagement:results", args=[org.code])).status_code == 403
    assert client.get(reverse("engagement:survey", args=[org.code, c.survey.pk])).status_code == 403


def test_a_closed_survey_is_not_answered(org: Any, today: Any) -> None:
    c = council(org, today)
    c.survey.closes_on = today - timedelta(days=1)
    c.survey.opens_on = today - timedelta(days=10)
    c.survey.save()
    person, user = person_in(org, c.teams["Duty"], "P1")
    with pytest.raises(ThriveError, match="is open from"):
        survey_respond(survey=c.survey, person=person, answers={}, actor=user)
