"""Booking a session and a session's page through a working day: the group invitations only for a
group session (with professions), a confirmation in a sentence, who was invited, and a way to sign
a record that is held but not signed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.supervision.conftest import Crew
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.people.services import staff_add
from thrive.supervision.models import Attendance, Session
from thrive.supervision.services import record_save, session_book

LONDON = ZoneInfo("Europe/London")


def _url(crew: Crew, name: str, *args: object) -> str:
    return reverse(f"supervision:{name}", args=[crew.org.code, *args])


def _dina(crew: Crew) -> object:
    return staff_add(
        organisation=crew.org,
        staff_id="DA1",
        first_name="Dina",
        last_name="Abbott",
        profession="domestic_abuse",
        contract="permanent",
        team=crew.team,
        fte=Decimal(1),
        start_date=date(2024, 1, 1),
    )


@pytest.mark.django_db
def test_group_invitations_are_revealed_only_for_a_group_session(
    client: Client, crew: Crew
) -> None:
    dina = _dina(crew)
    client.force_login(crew.manager_user)
    page = client.get(_url(crew, "book")).content.decode()
    # The invitations sit in the conditional reveal under "Group case supervision", hidden (with
    # JavaScript) until that type is chosen; each name says the person's profession.
    radio = page.index('value="group"')
    assert 'data-thrive-reveal="id_kind_1-conditional"' in page[radio : radio + 200]
    reveal = page.index('<div class="govuk-radios__conditional govuk-radios__conditional--hidden"')
    assert 'id="id_kind_1-conditional"' in page[reveal : reveal + 200]
    invited = page[reveal:]
    assert invited.index("Dina Abbott (domestic abuse worker)") < invited.index("</fieldset>")
    assert "Sam Test (social worker)" in invited
    # Professions are grouped together: the domestic abuse worker before the social workers.
    assert invited.index("Dina Abbott") < invited.index("Noor Test") < invited.index("Sam Test")

    # A one-to-one ignores any invitations posted with it (even ones that are not choices).
    day = clock.today() + timedelta(days=2)
    response = client.post(
        _url(crew, "book"),
        {
            "kind": "one_to_one",
            "supervisee": crew.senior.pk,
            "attendees": [dina.pk, "999999"],  # type: ignore[attr-defined]
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "start_time": "14:30",
            "planned_minutes": "90",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert not Attendance.objects.filter(session=session).exists()
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        f"You have booked one-to-one supervision with Sam Test on {day:%A} {day.day} "
        f"{day:%B %Y} at 14:30."
    ]
    # Posting back after an error keeps the group type chosen and so the invitations shown.
    page = client.post(_url(crew, "book"), {"kind": "group"}).content.decode()
    assert "Choose who is invited" in page
    assert 'class="govuk-radios__conditional" id="id_kind_1-conditional"' in page


@pytest.mark.django_db
def test_a_group_session_lists_who_is_invited(client: Client, crew: Crew) -> None:
    boss = access_for(crew.manager_user, crew.org)
    session = session_book(
        access=boss,
        supervisor=crew.manager,
        kind="group",
        starts_at=datetime(2026, 12, 3, 10, 0, tzinfo=LONDON),
        attendees=[crew.senior, crew.asye],
    )
    assert session.in_words == "group case supervision on Thursday 3 December 2026 at 10:00"
    client.force_login(crew.manager_user)
    page = client.get(_url(crew, "session", session.pk)).content.decode()
    invited = page[page.index('id="invited"') :]
    assert "<li>Noor Test</li><li>Sam Test</li>" in invited.replace("\n", "")


@pytest.mark.django_db
def test_held_but_not_signed_says_who_signs_and_links_the_signer(
    client: Client, crew: Crew
) -> None:
    boss = access_for(crew.manager_user, crew.org)
    session = session_book(
        access=boss,
        supervisor=crew.manager,
        supervisee=crew.senior,
        starts_at=datetime(2025, 3, 4, 10, 0, tzinfo=LONDON),
    )
    record_save(access=boss, session=session, minutes=60, workload="Fine.")
    page_url = _url(crew, "session", session.pk)
    client.force_login(crew.manager_user)
    page = client.get(page_url).content.decode()
    sign = _url(crew, "record", session.pk)
    assert f'id="sign-link" href="{sign}">check and sign the record</a>' in page
    client.force_login(crew.senior_user)
    page = client.get(page_url).content.decode()
    assert "sign-link" not in page and "waiting for Maya Test to sign" in page
    record_save(access=boss, session=session, minutes=60, workload="Fine.", sign=True)
    page = client.get(page_url).content.decode()
    assert '<a class="govuk-link" href="#agree">waiting for you to agree</a>' in page
    assert 'id="agree"' in page
