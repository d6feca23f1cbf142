"""A confidential survey's linked answers are read only by the people named for it, and each
reading is in the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.engagement.helpers import person_in, q
from tests.factories import make_team, make_user
from thrive.core.models import AuditEvent
from thrive.engagement.services import library_ensure, survey_create, survey_respond


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_only_named_readers_read_linked_answers(org: Any, today: date) -> None:
    team = make_team(org, "Duty")
    library_ensure(organisation=org)
    survey = survey_create(
        organisation=org,
        name="Exit intentions 2026",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        anonymous=False,
        questions=[q(org, "enps"), q(org, "better")],
    )
    person, _ = person_in(org, team, "K1")
    survey_respond(
        survey=survey,
        person=person,
        answers={q(org, "enps").pk: 3, q(org, "better").pk: "Fewer cases"},
        actor=None,
    )
    lead = make_user(org, "principal_social_worker")
    named = make_user(org, "workforce_development")
    practitioner = person_in(org, team, "K2")[1]
    linked = reverse("engagement:linked_answers", args=[org.code, survey.pk])
    readers = reverse("engagement:survey_readers", args=[org.code, survey.pk])

    assert _client(lead).get(linked).status_code == 403  # running surveys is not enough
    assert _client(practitioner).post(readers, {"readers": [practitioner.pk]}).status_code == 403
    page = _client(lead).post(
        readers, {"readers": [named.pk, practitioner.pk], "version": survey.version}
    )
    assert "Only people who read the council" in page.content.decode()
    # A page drawn before someone else named readers, or with no version: refused, the boxes
    # ticked kept, nobody named (issue 14).
    for version in (survey.version + 1, ""):
        stale = _client(lead).post(readers, {"readers": [named.pk], "version": version})
        text = stale.content.decode()
        assert "nothing was saved" in text and f'value="{named.pk}" checked' in text
    assert not survey.readers.exists()
    assert (
        _client(lead).post(readers, {"readers": [named.pk], "version": survey.version}).status_code
        == 302
    )
    survey.refresh_from_db()
    assert survey.version == 2
    text = _client(named).get(linked).content.decode()
    assert person.full_name in text and "Fewer cases" in text
    read = AuditEvent.objects.get(action="engagement.linked_answers_read")
    assert read.user == named and read.detail["responses"] == 1
    assert _client(lead).get(linked).status_code == 403
