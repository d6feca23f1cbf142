"""A person's notifications over the API (``/api/notifications/``): their own list, newest first,
and marking read; another person's are never listed or touched."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from thrive.accounts.services import api_token_create
from thrive.core.outbox import email_on_commit
from thrive.core.roles import Role
from thrive.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="test")
    return {"Authorization": f"Token {key}"}


def test_list_and_mark_read_only_ones_own(client: Client, org: Any) -> None:
    me = make_user(org, Role.PRACTITIONER, email="me@coventry.gov.uk")
    other = make_user(org, Role.PRACTITIONER, email="other@coventry.gov.uk")
    for subject in ("First", "Second", "Third"):
        email_on_commit(
            to=[me.email], subject=subject, body="B", organisation=org, kind="learning.sessions"
        )
    email_on_commit(to=[other.email], subject="Theirs", body="B", organisation=org)
    auth = _auth(me)
    listed = client.get("/api/notifications/", headers=auth).json()
    assert [n["subject"] for n in listed["results"]] == ["Third", "Second", "First"]
    assert listed["count"] == 3 and listed["unread"] == 3
    first = listed["results"][-1]
    assert first["organisation"] == org.code and first["kind"] == "learning.sessions"
    assert first["kind_label"] == "Learning sessions and bookings" and first["read"] is False
    theirs = Notification.objects.get(user=other)
    answer = client.post(
        "/api/notifications/read/",
        {"ids": [first["id"], theirs.pk]},
        content_type="application/json",
        headers=auth,
    )
    assert answer.status_code == 200 and answer.json() == {"marked": 1, "unread": 2}
    theirs.refresh_from_db()
    assert theirs.read_at is None  # another person's is never touched
    unread = client.get("/api/notifications/?unread=1", headers=auth).json()
    assert [n["subject"] for n in unread["results"]] == ["Third", "Second"]
    everything = client.post(
        "/api/notifications/read/", {}, content_type="application/json", headers=auth
    )
    assert everything.json() == {"marked": 2, "unread": 0}
    bad = client.post(
        "/api/notifications/read/", {"ids": ["x"]}, content_type="application/json", headers=auth
    )
    assert bad.status_code == 400 and "ids" in bad.json()


def test_the_list_needs_a_sign_in_and_api_use(client: Client, org: Any) -> None:
    assert client.get("/api/notifications/").status_code in (401, 403)
    panel = make_user(org, Role.PANEL_MEMBER)  # no api.use: the pages only
    assert client.get("/api/notifications/", headers=_auth(panel)).status_code == 403
