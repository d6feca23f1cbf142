"""Shout-outs (a colleague's published only with their consent), the monthly newsletter drafted
from the month's news, edited and sent through the outbox and read as a page, and long-service
milestones on continuous or total service with their certificates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.engagement.helpers import person_in
from tests.factories import make_staff, make_team, make_user
from thrive.core.models import OutboxMessage
from thrive.engagement.longservice import long_service_rule_set, milestones
from thrive.engagement.models import Newsletter, ShoutOut
from thrive.people.models import EmploymentSpell
from thrive.people.services import spell_end


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.today("2026-06-17")
def test_shout_outs_the_newsletter_and_its_sending(org: Any, today: date) -> None:
    team = make_team(org, "Duty")
    giver, giver_user = person_in(org, team, "R1")
    named, named_user = person_in(org, team, "R2")
    lead = make_user(org, "workforce_development")
    url = reverse("engagement:recognition", args=[org.code])
    me = _client(giver_user)

    page = me.post(url, {"form": "give", "about": "colleague", "message": "Thanks"})
    assert "Choose the colleague" in page.content.decode()
    given = {"form": "give", "about": "colleague", "colleague": str(named.pk)}
    assert me.post(url, {**given, "message": "Covered my duty day"}).status_code == 302
    assert me.post(
        url, {"form": "give", "about": "team", "team": str(team.pk), "message": "Go Duty"}
    )
    shout = ShoutOut.objects.get(colleague=named)
    assert shout.status == "awaiting"
    assert OutboxMessage.objects.filter(kind="engagement.shout_out", to=[named_user.email]).exists()
    # Not published before consent; only the named colleague can consent.
    assert "Covered my duty day" not in me.get(url).content.decode()
    me.post(url, {"form": "consent", "shout": shout.pk, "answer": "agree"})
    shout.refresh_from_db()
    assert shout.status == "awaiting"
    them = _client(named_user)
    assert "Covered my duty day" in them.get(url).content.decode()  # theirs to answer
    them.post(url, {"form": "consent", "shout": shout.pk, "answer": "agree"})
    assert "Covered my duty day" in me.get(url).content.decode()

    # The newsletter: drafted from the month's news, edited, sent, read.
    lead_client = _client(lead)
    letters = reverse("engagement:newsletters", args=[org.code])
    assert me.post(letters, {"month": "2026-06"}).status_code == 403
    response = lead_client.post(letters, {"month": "2026-06"})
    letter = Newsletter.objects.get()
    assert response["Location"].endswith(f"/newsletters/{letter.pk}/edit/")
    assert "Covered my duty day" in letter.body and "Go Duty" in letter.body
    edit = reverse("engagement:newsletter_edit", args=[org.code, letter.pk])
    web = reverse("engagement:newsletter", args=[org.code, letter.pk])
    assert me.get(web).status_code == 404  # a draft is for the leads
    form = {
        "version": letter.version,
        "title": "Duty news, June",
        "introduction": "Hello all",
        "body": letter.body,
        "story": "I left agency work for a team that supervises well.",
    }
    assert lead_client.post(edit, {**form, "body": ""}).status_code == 200
    assert lead_client.post(edit, {**form, "send": "1"}).status_code == 302
    letter.refresh_from_db()
    sent = OutboxMessage.objects.filter(kind="engagement.newsletter")
    assert letter.sent_on == today and letter.sent_to == sent.count() == 2
    assert "I left agency work" in sent[0].body
    assert "I left agency work" in me.get(web).content.decode()

    api = (
        Client()
        .get(
            reverse("api:engagement_my_shout_outs", args=[org.code]),
            HTTP_AUTHORIZATION=f"Token {_token(named_user)}",
        )
        .json()
    )
    assert [(x["who"], x["status"]) for x in api["received"]] == [(named.full_name, "published")]


def _token(user: Any) -> str:
    from thrive.accounts.services import api_token_create

    return api_token_create(user=user, name="test")[1]


@pytest.mark.today("2026-06-17")
def test_long_service_on_continuous_or_total_service(org: Any, today: date) -> None:
    team = make_team(org, "Duty")
    steady = make_staff(org, staff_id="L1", team=team, start_date=date(2016, 6, 3))
    # Left for two years and came back: 10 years' continuous service never reached; total
    # service of 5 years on 2 June 2026: the 1,095 days before are taken off five years from
    # returning on 1 June 2024 (five years that hold 29 February 2028).
    back = make_staff(org, staff_id="L2", team=team, start_date=date(2020, 6, 1))
    first = back.spells.get()
    spell_end(
        spell=first,
        end_date=date(2023, 6, 1),
        leaving_reason=3,
        leaver_destination=None,
        version=first.version,
    )
    EmploymentSpell.objects.create(
        organisation=org,
        person=back,
        start_date=date(2024, 6, 1),
        profession="social_worker",
        contract="permanent",
        team=team,
        fte=Decimal("1"),
    )
    june = (date(2026, 6, 1), date(2026, 6, 30))
    assert [(m.person.staff_id, m.years, m.on) for m in milestones(org, *june)] == [
        ("L1", 10, date(2026, 6, 3)),
    ]
    leader = make_user(org, "senior_leader")
    long_service_rule_set(
        organisation=org, effective_from=date(2026, 1, 1), basis="total", actor=leader
    )
    assert [(m.person.staff_id, m.years, m.on) for m in milestones(org, *june)] == [
        ("L2", 5, date(2026, 6, 2)),
        ("L1", 10, date(2026, 6, 3)),
    ]
    c = _client(leader)
    page = c.get(reverse("engagement:long_service", args=[org.code]) + "?month=2026-06")
    assert steady.full_name in page.content.decode()
    pdf = c.get(reverse("engagement:certificate", args=[org.code, steady.pk, 10]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        c.get(reverse("engagement:certificate", args=[org.code, steady.pk, 15])).status_code == 404
    )
    staff = person_in(org, team, "L3")[1]
    assert (
        _client(staff).get(reverse("engagement:long_service", args=[org.code])).status_code == 403
    )
