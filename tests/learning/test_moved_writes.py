"""Writes that were made by the pages themselves and now go through services (so the API, the
CLI and the demo can make them too, under the same rules): a partner joining the exchange, a
registration rule, a programme's participants (all or none); and the one check-your-answers
flow that cancelling a session and withdrawing an item share."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.learning.conftest import Org, item, session
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.learning.models import Participant, Partner, Programme, RegistrationRule
from thrive.learning.programmes import participants_add, programme_create
from thrive.learning.services import partner_add, registration_rule_add, session_cancel


@pytest.mark.django_db
def test_a_partner_joins_once_whatever_the_case_of_its_name(council: Org) -> None:
    added = partner_add(
        organisation=council.org, name="  Westshire Police ", sector="police", actor=council.lead
    )
    assert added.name == "Westshire Police"
    assert AuditEvent.objects.filter(action="learning.partner_added", object_id=str(added.pk))
    with pytest.raises(ThriveError, match="already a partner") as refused:
        partner_add(
            organisation=council.org, name="WESTSHIRE POLICE", sector="police", actor=council.lead
        )
    assert refused.value.field == "name"
    assert (
        Partner.objects.filter(organisation=council.org, name__iexact="westshire police").count()
        == 1
    )


@pytest.mark.django_db
def test_the_exchange_page_says_a_partner_is_already_there(council: Org, client: Client) -> None:
    client.force_login(council.lead)
    url = reverse("learning:exchange", args=[council.org.code])
    name = council.partner.name
    page = client.post(url, {"action": "partner", "name": name.upper(), "sector": "health"})
    assert page.status_code == 200
    assert f"{name.upper()} is already a partner" in page.content.decode()


@pytest.mark.django_db
def test_one_registration_rule_from_a_date(council: Org) -> None:
    fields = {
        "year_start_day": 1,
        "year_start_month": 12,
        "renewal_window_start_day": 1,
        "renewal_window_start_month": 9,
        "minimum_records": 2,
        "minimum_peer_reflected": 1,
        "at_risk_days": 120,
    }
    on = clock.today()
    registration_rule_add(organisation=council.org, actor=council.lead, effective_from=on, **fields)
    with pytest.raises(ThriveError, match="already a rule from that date") as refused:
        registration_rule_add(
            organisation=council.org, actor=council.lead, effective_from=on, **fields
        )
    assert refused.value.field == "effective_from"
    assert RegistrationRule.objects.filter(organisation=council.org, effective_from=on).count() == 1


@pytest.mark.django_db
def test_participants_are_added_all_or_none(council: Org) -> None:
    today = clock.today()
    programme: Programme = programme_create(
        organisation=council.org,
        actor=council.lead,
        name="Firstline",
        kind="leadership",
        description="",
        starts_on=today,
        ends_on=today + timedelta(days=365),
    )
    with pytest.raises(ThriveError, match="Not in the register: nobody"):
        participants_add(
            programme=programme, staff_ids=["200001", "nobody"], joined_on=today, actor=council.lead
        )
    participants_add(programme=programme, staff_ids=["200001"], joined_on=today, actor=council.lead)
    # The second is new, the first already in: nobody is added, and the list can be sent again.
    with pytest.raises(ThriveError, match="already a participant.*Nobody was added"):
        participants_add(
            programme=programme, staff_ids=["200002", "200001"], joined_on=today, actor=council.lead
        )
    assert [p.person.staff_id for p in Participant.objects.filter(programme=programme)] == [
        "200001"
    ]


@pytest.mark.django_db
def test_each_records_answers_are_kept_apart(council: Org, client: Client) -> None:
    """Typing a reason to cancel one session does not make it the answer for another."""
    first, second = session(item(council.org), days=7), session(item(council.org), days=8)
    code = council.org.code
    client.force_login(council.lead)
    start = reverse("learning:session_cancel", args=[code, first.pk])
    check = client.post(start, {"reason": "The trainer is ill", "version": first.version})
    assert check["Location"] == reverse("learning:session_cancel_check", args=[code, first.pk])
    other = client.get(reverse("learning:session_cancel_check", args=[code, second.pk]))
    assert other["Location"] == reverse("learning:session_cancel", args=[code, second.pk])
    assert "The trainer is ill" in client.get(check["Location"]).content.decode()


@pytest.mark.django_db
def test_a_session_already_cancelled_sends_the_lead_back_with_the_reason(
    council: Org, client: Client
) -> None:
    s = session(item(council.org))
    session_cancel(session=s, reason="Room flooded", actor=council.lead)
    code = council.org.code
    client.force_login(council.lead)
    for name in ("learning:session_cancel", "learning:session_cancel_check"):
        response = client.get(reverse(name, args=[code, s.pk]), follow=True)
        assert response.redirect_chain[0][0] == reverse("learning:session", args=[code, s.pk])
        assert "This session is already cancelled." in response.content.decode()


@pytest.mark.django_db
def test_the_withdrawal_check_names_the_sessions_it_cancels(council: Org, client: Client) -> None:
    it = item(council.org)
    session(it, days=3)
    session(it, days=20)
    code = council.org.code
    client.force_login(council.lead)
    start = reverse("learning:item_withdraw", args=[code, it.pk])
    when = clock.today() + timedelta(days=10)
    response = client.post(
        start,
        {
            "reason": "Replaced",
            "version": it.version,
            "on_0": when.day,
            "on_1": when.month,
            "on_2": when.year,
        },
    )
    page = client.get(response["Location"]).content.decode()
    later = clock.today() + timedelta(days=20)
    assert "These sessions are cancelled" in page
    assert f"{later:%-d %B %Y}, 09:00" in page
    assert f"{clock.today() + timedelta(days=3):%-d %B %Y}" not in page
