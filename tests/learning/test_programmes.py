"""An evaluation with hand-computed paired changes and retention compared with the report;
questionnaires sent when due and answered by the participant only; the report page and PDF."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.learning.conftest import Org
from tests.supervision.conftest import person
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.roles import Role
from thrive.learning.models import Invitation, OutcomeAnswer
from thrive.learning.programmes import (
    answers_save,
    invitations_send,
    participant_add,
    programme_create,
    programme_report,
)
from thrive.people.models import EmploymentSpell


def grit(council: Org, starts: int = 400, ends: int = 330) -> Any:
    today = clock.today()
    return programme_create(
        organisation=council.org,
        actor=council.lead,
        name="Grit resilience workshop",
        kind="resilience",
        starts_on=today - timedelta(days=starts),
        ends_on=today - timedelta(days=ends),
    )


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_questionnaires_are_sent_when_due_and_answered_once(council: Org, client: Client) -> None:
    programme = grit(council, starts=400, ends=100)
    today = clock.today()
    joined = today - timedelta(days=300)
    participant_add(
        programme=programme, person=council.senior, joined_on=joined, actor=council.lead
    )
    due = {i.point.name: i.due_on for i in Invitation.objects.select_related("point")}
    assert due["Baseline"] == joined and due["End of programme"] == programme.ends_on
    assert (due["6 months"] - joined).days in range(181, 185)
    assert invitations_send(council.org, today) == 3  # baseline, end and 6 months are due
    assert invitations_send(council.org, today) == 0  # once only
    assert len(mail.outbox) == 3 and "/learning/questionnaires/" in mail.outbox[0].body
    baseline = Invitation.objects.get(point__name="Baseline")
    client.force_login(council.nqsw_user)
    url = reverse("learning:questionnaire", args=[council.org.code, baseline.pk])
    assert client.get(url).status_code == 404
    client.force_login(council.senior_user)
    questions = list(programme.questions.all())
    page = client.post(url, {f"q{questions[0].pk}": "4"}).content.decode()
    assert "Answer every question" in page and 'value="4" checked' in page
    response = client.post(url, {f"q{q.pk}": "4" for q in questions})
    assert response.status_code == 302 and OutcomeAnswer.objects.count() == 5
    with pytest.raises(ThriveError, match="already answered"):
        answers_save(
            invitation=baseline, user=council.senior_user, scores={q.pk: 3 for q in questions}
        )
    twelve = Invitation.objects.get(point__name="12 months")
    with pytest.raises(ThriveError, match="opens on"):
        answers_save(
            invitation=twelve, user=council.senior_user, scores={q.pk: 3 for q in questions}
        )


@pytest.mark.django_db
def test_the_report_matches_the_hand_computation(council: Org, client: Client) -> None:
    programme = grit(council)
    today = clock.today()
    # Five participants; "I feel confident" at baseline 2, 2, 1, 3, 2 and at 6 months 3, 4, 4, 5, 4:
    # changes 1, 2, 3, 2, 2 -> mean 2.0, interval 1.12 to 2.88 (worked in tests/analytics).
    people = [
        person(council.org, council.team, f"30000{n}", f"P{n}", start_date=date(2021, 1, 1))
        for n in range(5)
    ]
    for p, (before, after) in zip(people, [(2, 3), (2, 4), (1, 4), (3, 5), (2, 4)], strict=True):
        participant = participant_add(
            programme=programme, person=p, joined_on=programme.starts_on, actor=council.lead
        )
        for point, score in (("Baseline", before), ("6 months", after)):
            inv = participant.invitations.get(point__name=point)
            for q in programme.questions.all():
                OutcomeAnswer.objects.create(
                    organisation=council.org,
                    invitation=inv,
                    question=q,
                    score=score if q.key == "confidence" else 3,
                )
    # Two of the five leave; ten comparable colleagues (same role, team type, service band) stay.
    EmploymentSpell.objects.filter(person=people[0]).update(
        end_date=programme.starts_on + timedelta(days=100)
    )
    EmploymentSpell.objects.filter(person=people[1]).update(
        end_date=programme.starts_on + timedelta(days=200)
    )
    for n in range(10):
        person(council.org, council.team, f"40000{n}", f"C{n}", start_date=date(2021, 6, 1))
    report = programme_report(programme, today)
    [confidence] = [
        c
        for c in report["changes"]
        if c.item == "I feel confident in my practice" and c.to_point == "6 months"
    ]
    assert (confidence.n, confidence.mean_change, confidence.ci_low, confidence.ci_high) == (
        5,
        2.0,
        1.12,
        2.88,
    )
    calm = [
        c
        for c in report["changes"]
        if c.item == "I stay calm under pressure" and c.to_point == "6 months"
    ][0]
    assert calm.mean_change == 0.0
    ret = report["retention"]
    assert (ret.participants.n, ret.participants.events) == (5, 2)
    assert ret.comparators.n == 10 and ret.comparators.events == 0
    assert ret.participants.at[12] == 0.6
    client.force_login(council.lead)
    url = reverse("learning:programme_report", args=[council.org.code, programme.pk])
    page = client.get(url).content.decode()
    assert "2.0 (1.12 to 2.88)" in page and "<svg" in page
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(make_user(council.org, Role.PRACTITIONER))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_programme_pages(council: Org, client: Client) -> None:
    client.force_login(council.lead)
    url = reverse("learning:programmes", args=[council.org.code])
    today = clock.today()
    ends = today + timedelta(days=365)  # "today, next year" has no 29 February
    response = client.post(
        url,
        {
            "name": "Firstline",
            "kind": "leadership",
            "starts_on_0": today.day,
            "starts_on_1": today.month,
            "starts_on_2": today.year,
            "ends_on_0": ends.day,
            "ends_on_1": ends.month,
            "ends_on_2": ends.year,
        },
    )
    assert response.status_code == 302
    page_url = response["Location"]
    response = client.post(
        page_url,
        {
            "action": "participants",
            "staff_ids": "200001\nnobody",
            "joined_on_0": today.day,
            "joined_on_1": today.month,
            "joined_on_2": today.year,
        },
    )
    assert "Not in the register: nobody" in response.content.decode()
    response = client.post(
        page_url, {"action": "question", "text": "I would recommend the council as a place to work"}
    )
    assert response.status_code == 302
    assert "recommend the council" in client.get(page_url).content.decode()


def test_survival_is_not_carried_past_the_longest_follow_up() -> None:
    from analytics.programmes import Curve
    from thrive.learning.views.programmes import _survival_at

    # Followed up to 14 months: an estimate (with its 95% limits) up to then, none after.
    curve = Curve(
        "Participants",
        6,
        2,
        points=[
            (0.0, 1.0, 1.0, 1.0),
            (3.0, 0.8333, 0.2731, 0.9747),
            (14.0, 0.6667, 0.1946, 0.9044),
        ],
    )
    assert _survival_at(curve, 0) == (100.0, 100.0, 100.0)
    assert _survival_at(curve, 12) == (83.3, 27.3, 97.5)
    assert _survival_at(curve, 14) == (66.7, 19.5, 90.4)
    assert _survival_at(curve, 15) is None and _survival_at(curve, 24) is None
    assert _survival_at(Curve("Few", 3, 0, suppressed="Fewer than five people"), 0) is None


@pytest.mark.django_db
def test_the_report_shows_confidence_limits_and_stops_at_the_follow_up(
    council: Org, client: Client
) -> None:
    programme = grit(council)  # began 400 days (about 13 months) ago
    for n in range(5):
        p = person(council.org, council.team, f"30000{n}", f"P{n}", start_date=date(2021, 1, 1))
        participant_add(
            programme=programme, person=p, joined_on=programme.starts_on, actor=council.lead
        )
    for n in range(6):
        person(council.org, council.team, f"40000{n}", f"C{n}", start_date=date(2021, 6, 1))
    client.force_login(council.lead)
    url = reverse("learning:programme_report", args=[council.org.code, programme.pk])
    page = client.get(url).content.decode()
    assert "Participants (95% CI)" in page and "100.0 (100.0 to 100.0)" in page
    assert page.count("not yet followed up") == 2 * 4  # months 15, 18, 21 and 24, both groups
    assert "lower 95% limit" in page and "upper 95% limit" in page


@pytest.mark.django_db
def test_comparators_are_matched_on_each_participants_own_join_date(council: Org) -> None:
    programme = grit(council, starts=400, ends=100)
    today = clock.today()
    early = person(council.org, council.team, "300001", "Early", start_date=date(2021, 1, 1))
    # Joins 100 days ago, having started 300 days ago: under two years' service then.
    late = person(
        council.org, council.team, "300002", "Late", start_date=today - timedelta(days=300)
    )
    participant_add(
        programme=programme, person=early, joined_on=programme.starts_on, actor=council.lead
    )
    participant_add(
        programme=programme, person=late, joined_on=today - timedelta(days=100), actor=council.lead
    )
    # A colleague who started after the programme began (200 days ago), same role and team
    # type: comparable with the later participant on the day they joined.
    person(council.org, council.team, "400001", "Newer", start_date=today - timedelta(days=200))
    report = programme_report(programme, today)
    # Matched on the programme's start date instead, the colleague was not yet in post and
    # nobody was comparable.
    ret = report["retention"]
    assert (ret.participants.n, ret.comparators.n) == (2, 1)


@pytest.mark.django_db
def test_adding_several_participants_is_all_or_nothing(council: Org, client: Client) -> None:
    programme = grit(council, starts=10, ends=-100)
    participant_add(
        programme=programme, person=council.senior, joined_on=programme.starts_on, actor=None
    )
    client.force_login(council.lead)
    url = reverse("learning:programme", args=[council.org.code, programme.pk])
    day = programme.starts_on
    page = client.post(
        url,
        {
            "action": "participants",
            "staff_ids": "200001\n200002",
            "joined_on_0": day.day,
            "joined_on_1": day.month,
            "joined_on_2": day.year,
        },
    ).content.decode()
    assert "Sol Test is already a participant" in page and "Nobody was added" in page
    assert "200001\n200002" in page  # what was typed is kept
    assert list(programme.participants.values_list("person__staff_id", flat=True)) == ["200002"]
