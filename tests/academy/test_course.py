"""The aspiring-managers programme planned as one course: its sessions in date order (learning
sessions of one learning item), refused outside the programme's dates or twice on a day, and its
cohort enrolled on every session to come, once."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.academy.test_pipeline import Pipeline
from tests.factories import link_user, make_user
from thrive.academy.models import ProgrammeCourse
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.learning.models import Booking, LearningSession, ProgrammeKind
from thrive.learning.programmes import participant_add, programme_create

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def _plan(client: Client, url: str, days: str) -> str:
    data = {
        "action": "plan",
        "course-days": days,
        "course-starts": "09:30",
        "course-ends": "16:30",
        "course-venue": "",
    }
    return client.post(url, data, follow=True).content.decode()


def test_sessions_planned_in_order_and_the_cohort_enrolled(client: Client) -> None:
    p = Pipeline()
    programme = programme_create(
        organisation=p.org,
        actor=p.lead,
        name="Aspiring managers 2026",
        kind=ProgrammeKind.LEADERSHIP,
        starts_on=date(2026, 9, 7),
        ends_on=date(2026, 10, 23),
    )
    for n, person in enumerate((p.ann, p.bea)):
        link_user(person, make_user(p.org, Role.PRACTITIONER, email=f"c{n}@331.test"))
        participant_add(programme=programme, person=person, joined_on=date(2026, 9, 7), actor=None)
    url = reverse("academy:course", args=[p.org.code, programme.pk])
    client.force_login(p.lead)
    talent = client.get(reverse("academy:talent", args=[p.org.code])).content.decode()
    assert "Aspiring managers 2026" in talent and "0 sessions planned" in talent
    assert "No sessions planned yet" in client.get(url).content.decode()

    outside = _plan(client, url, "2026-09-14\n2026-11-02")
    assert "2 November 2026 is outside the programme" in outside
    assert not LearningSession.objects.exists()
    assert "is not a date" in _plan(client, url, "next Monday")
    page = _plan(client, url, "2026-09-21\n14/9/2026\n2026-09-07")
    assert "The sessions are planned." in page
    course = ProgrammeCourse.objects.get()
    sessions = list(course.item.sessions.order_by("starts_at"))
    assert [s.starts_at.date() for s in sessions] == [
        date(2026, 9, 7),
        date(2026, 9, 14),
        date(2026, 9, 21),
    ]
    assert page.index("Mon 7 Sep 2026, 09:30") < page.index("Mon 21 Sep 2026, 09:30")
    assert "already a session on 14 September 2026" in _plan(client, url, "2026-09-14")

    client.post(url, {"action": "enrol"})
    assert Booking.objects.filter(session__in=sessions, status="booked").count() == 6
    client.post(url, {"action": "enrol"})  # once: nobody booked twice
    assert Booking.objects.filter(session__in=sessions).count() == 6
    assert AuditEvent.objects.filter(action="academy.course_enrolled").count() == 2
    rows = client.get(url).content.decode()
    assert rows.count('govuk-table__cell govuk-table__cell--numeric">2<') == 3

    client.force_login(p.recruiter)  # sees the talent pool, but the academy lead plans
    assert client.get(url).status_code == 403
    client.force_login(p.lead)
    other = programme_create(
        organisation=p.org,
        actor=p.lead,
        name="Practice educators",
        kind=ProgrammeKind.OTHER,
        starts_on=date(2026, 9, 7),
        ends_on=date(2026, 10, 23),
    )
    assert client.get(reverse("academy:course", args=[p.org.code, other.pk])).status_code == 404
