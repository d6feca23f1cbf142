"""Who a supervision session's invitation goes to is one public selector, read by the
invitations and by the API's count of the people told, so the two cannot disagree."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.notifications.test_changes_cli_api import _token, _when
from tests.supervision.conftest import make_crew, person
from thrive.core.permissions import access_for
from thrive.supervision.models import Kind
from thrive.supervision.selectors import invitation_recipients
from thrive.supervision.services import session_book

pytestmark = pytest.mark.django_db


def test_the_invitation_and_the_api_count_the_same_people(
    org: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    crew = make_crew(org)
    # Someone attending with no sign-in (so no address) is not counted as told.
    unsigned = person(org, crew.team, "100004", "Ari")
    with django_capture_on_commit_callbacks(execute=True):
        group = session_book(
            access=access_for(crew.manager_user, org),
            supervisor=crew.manager,
            kind=Kind.GROUP,
            starts_at=_when(5),
            attendees=[crew.asye, crew.senior, unsigned, crew.manager],
        )
    # The supervisor first, each address once (the supervisor also attending is not twice).
    expected = ["maya@example.test", "noor@example.test", "sam@example.test"]
    assert invitation_recipients(group) == expected
    (invitation,) = [m for m in mail.outbox if m.attachments]
    assert sorted(invitation.to + invitation.bcc + invitation.cc) == sorted(expected)
    mail.outbox.clear()
    url = f"/api/organisations/{org.code}/supervision/sessions/{group.pk}/cancel/"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {"version": group.version}, content_type="application/json",
            headers=_token(crew.manager_user),
        )  # fmt: skip
    assert done.status_code == 200, done.content
    (cancelled,) = [m for m in mail.outbox if m.attachments]
    assert done.json()["told"] == len(expected) == len(cancelled.to + cancelled.bcc + cancelled.cc)


def test_a_past_session_cancelled_tells_nobody_and_the_api_says_so(
    org: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """A session booked for two days ago that never took place is cancelled afterwards: no
    cancellation is sent (there is nothing left in anyone's calendar to take out), so the API's
    "told" is 0, not the three people who were in it."""
    crew = make_crew(org)
    with django_capture_on_commit_callbacks(execute=True):
        past = session_book(
            access=access_for(crew.manager_user, org),
            supervisor=crew.manager,
            kind=Kind.GROUP,
            starts_at=_when(-2),
            attendees=[crew.asye, crew.senior],
        )
    assert invitation_recipients(past) == []
    assert not [m for m in mail.outbox if m.attachments]  # booked afterwards: no invitation
    url = f"/api/organisations/{org.code}/supervision/sessions/{past.pk}/cancel/"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {"version": past.version}, content_type="application/json",
            headers=_token(crew.manager_user),
        )  # fmt: skip
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "cancelled" and done.json()["told"] == 0
    assert not [m for m in mail.outbox if m.attachments]
