"""Cancelling a supervision session asks first: the button leads to a confirmation, which posts
the version the supervisor saw."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.supervision.conftest import Crew
from thrive.core.permissions import access_for
from thrive.supervision.models import Session
from thrive.supervision.services import session_book

LONDON = ZoneInfo("Europe/London")


@pytest.mark.django_db
def test_cancel_asks_first_then_cancels(client: Client, crew: Crew) -> None:
    session = session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        supervisee=crew.asye,
        starts_at=datetime(2099, 3, 4, 10, 0, tzinfo=LONDON),
    )
    page_url = reverse("supervision:session", args=[crew.org.code, session.pk])
    client.force_login(crew.manager_user)
    page = client.get(page_url).content.decode()
    assert 'method="get"' in page and 'name="confirm" value="cancel"' in page
    assert "Are you sure" not in page

    confirm = client.get(page_url, {"confirm": "cancel", "version": str(session.version)})
    text = confirm.content.decode()
    assert "<title>Cancel the session? – " in text
    assert "Are you sure you want to cancel the session?" in text
    # The question takes the focus (init.js moves it to the one data-thrive-focus element), so
    # a keyboard or screen-reader user lands on it, not at the top of the page (issue 15).
    question = re.search(r"<h2[^>]*>Are you sure you want to cancel the session\?", text)
    assert question and "data-thrive-focus" in question.group(0)
    assert 'tabindex="-1"' in question.group(0)
    assert "Wednesday 4 March 2099, 10:00" in text
    assert "Yes, cancel the session" in text and "No, keep the session" in text
    session.refresh_from_db()
    assert session.status == "booked"  # looking at the question changes nothing

    response = client.post(page_url, {"action": "cancel", "version": session.version})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert Session.objects.filter(pk=session.pk, status="cancelled").count() == 1
