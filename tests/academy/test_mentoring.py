"""Strengths-based mentoring from the pages, the CLI and the API: a practitioner offers a skill,
a colleague asks for it and chooses from suggestions that never include their line manager, the
pair records meetings and a closing reflection; skills seen in supervision suggest offers;
champion networks; coverage and outcomes for the lead, hidden under five."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import link_user, make_org, make_staff, make_team, make_user
from thrive.academy import selectors_mentoring as sel
from thrive.academy.models import MentoringPair, SkillOffer, SkillRequest
from thrive.academy.services.mentoring import (
    mentoring_close,
    mentoring_pair_start,
    skill_offer_add,
    skill_request_add,
)
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.services import line_managers_set
from thrive.supervision.models import PracticeSkill
from thrive.supervision.services import practice_skills_add_defaults, record_save, session_book

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]
LONDON = ZoneInfo("Europe/London")


class Crew:
    """A team whose manager (Max) manages Nia; Bea and Cal are experienced colleagues."""

    def __init__(self) -> None:
        self.org = make_org("331", "Council 331")
        practice_skills_add_defaults(organisation=self.org)
        self.team = make_team(self.org, "Assessment Team")
        self.people = {}
        for staff_id, first, role in (
            ("M1", "Max", Role.TEAM_MANAGER),
            ("N1", "Nia", Role.PRACTITIONER),
            ("B1", "Bea", Role.PRACTITIONER),
            ("C1", "Cal", Role.PRACTITIONER),
        ):
            person = make_staff(
                self.org,
                staff_id=staff_id,
                first_name=first,
                last_name="Test",
                team=self.team,
                org_role=3 if first == "Max" else 5,
                start_date=date(2020, 1, 6),
            )
            kw = {"team": self.team} if role == Role.TEAM_MANAGER else {}
            user = make_user(self.org, role, email=f"{first.lower()}@331.test", **kw)
            link_user(person, user)
            self.people[first] = (person, user)
        line_managers_set(
            organisation=self.org,
            managers={
                self.person(n).spells.get(): self.person("Max") for n in ("Nia", "Bea", "Cal")
            },
            effective_date=date(2020, 1, 6),
        )
        self.lead = make_user(self.org, Role.WORKFORCE_DEVELOPMENT, email="lead@331.test")
        self.skill = PracticeSkill.objects.get(organisation=self.org, name="Building relationships")

    def person(self, name: str) -> Any:
        return self.people[name][0]

    def user(self, name: str) -> Any:
        return self.people[name][1]


def test_offer_ask_choose_meet_and_close(client: Client) -> None:
    c = Crew()
    code = c.org.code
    mine = reverse("academy:mentoring", args=[code])
    client.force_login(c.user("Bea"))
    wrong = client.post(mine, {"action": "offer", "offer-skill": "", "offer-capacity": "9"})
    assert "Error: " in wrong.content.decode()
    assert "How many people at a time must be 5 or less" in wrong.content.decode()
    client.post(
        mine,
        {
            "action": "offer",
            "offer-skill": str(c.skill.pk),
            "offer-capacity": "2",
            "offer-note": "",
        },
    )
    assert SkillOffer.objects.get().person == c.person("Bea")
    skill_offer_add(person=c.person("Max"), skill=c.skill, capacity=3, actor=c.user("Max"))

    client.force_login(c.lead)  # the lead makes Bea a practice champion
    champions = reverse("academy:champions", args=[code])
    client.post(
        champions,
        {
            "action": "network",
            "network-topic": "Building relationships",
            "network-skill": str(c.skill.pk),
            "network-description": "",
        },
    )
    network = sel.networks(c.org).get()
    client.post(
        champions,
        {
            "action": "champion",
            "champion-network": str(network.pk),
            "champion-person": str(c.person("Bea").pk),
        },
    )
    client.force_login(c.user("Cal"))
    assert "Bea Test, since" in client.get(champions).content.decode()

    client.force_login(c.user("Nia"))
    client.post(mine, {"action": "ask", "ask-skill": str(c.skill.pk), "ask-note": "Teenagers"})
    request = SkillRequest.objects.get()
    page = client.get(mine).content.decode()
    shown = page[page.index(f'id="suggestions-{request.pk}"') :]
    assert "Bea Test" in shown and "Max Test" not in shown  # never the line manager
    assert "A practice champion for building relationships" in shown
    bea_offer = SkillOffer.objects.get(person=c.person("Bea"))
    max_offer = SkillOffer.objects.get(person=c.person("Max"))
    refused = client.post(
        mine, {"action": "choose", "request": request.pk, "offer": max_offer.pk}, follow=True
    )
    assert "they are your line manager" in refused.content.decode()
    chosen = client.post(mine, {"action": "choose", "request": request.pk, "offer": bea_offer.pk})
    pair = MentoringPair.objects.get()
    assert chosen["Location"] == reverse("academy:mentoring_pair", args=[code, pair.pk])
    assert "A practice champion" in pair.reasons and "Not your line manager" in pair.reasons

    url = reverse("academy:mentoring_pair", args=[code, pair.pk])
    client.force_login(c.user("Bea"))  # the mentor records a meeting, but does not close
    client.post(
        url,
        {
            "action": "meeting",
            "meeting-held_on_0": "17",
            "meeting-held_on_1": "6",
            "meeting-held_on_2": "2026",
            "meeting-note": "Boundaries",
        },
    )
    assert pair.meetings.count() == 1
    assert client.post(url, {"action": "close"}).status_code == 403
    client.force_login(c.user("Cal"))
    assert client.get(url).status_code == 404
    client.force_login(c.user("Nia"))
    close = {
        "action": "close",
        "version": pair.version,
        "close-on_0": "17",
        "close-on_1": "6",
        "close-on_2": "2026",
        "close-outcome": "developed",
        "close-reflection": "",
    }
    assert "Enter your closing reflection" in client.post(url, close).content.decode()
    client.post(url, {**close, "close-reflection": "I hold boundaries kindly now."})
    pair.refresh_from_db()
    assert pair.ended_on == date(2026, 6, 17) and pair.outcome == "developed"

    # The pair's own readings are not logged; the academy lead's is.
    assert not AuditEvent.objects.filter(action="academy.mentoring_pair_read").exists()
    client.force_login(c.lead)
    assert "I hold boundaries kindly now." in client.get(url).content.decode()
    read = AuditEvent.objects.get(action="academy.mentoring_pair_read")
    assert read.user == c.lead and read.object_id == str(pair.pk)
    coverage = client.get(reverse("academy:mentoring_coverage", args=[code])).content.decode()
    assert "Requests: 1; matched with a mentor: 1 (100.0%)" in coverage
    assert "Not shown (under 5)" in coverage
    client.force_login(c.user("Nia"))
    assert client.get(reverse("academy:mentoring_coverage", args=[code])).status_code == 403


def test_skills_seen_in_supervision_suggest_an_offer(client: Client) -> None:
    c = Crew()
    boss = access_for(c.user("Max"), c.org)
    curiosity = PracticeSkill.objects.get(organisation=c.org, name="Curiosity")
    for day in (3, 10):
        session = session_book(
            access=boss,
            supervisor=c.person("Max"),
            supervisee=c.person("Cal"),
            starts_at=datetime(2026, 3, day, 10, 0, tzinfo=LONDON),
        )
        record_save(access=boss, session=session, minutes=60, skills=[curiosity.pk])
    client.force_login(c.user("Cal"))
    mine = reverse("academy:mentoring", args=[c.org.code])
    assert "Curiosity: recorded in 2 supervision sessions" in client.get(mine).content.decode()
    client.post(mine, {"action": "offer_suggested", "skill": curiosity.pk})
    assert SkillOffer.objects.get().skill == curiosity
    assert "Skills your supervisors" not in client.get(mine).content.decode()


def test_outcomes_are_hidden_under_five_and_by_subtraction(capsys: Any, client: Client) -> None:
    c = Crew()
    other = PracticeSkill.objects.get(organisation=c.org, name="Curiosity")
    bea, cal = c.person("Bea"), c.person("Cal")
    skill_offer_add(person=bea, skill=c.skill, capacity=5, actor=None)
    skill_offer_add(person=cal, skill=other, capacity=1, actor=None)
    mentees = [
        make_staff(c.org, staff_id=f"Q{n}", team=c.team, start_date=date(2024, 1, 8))
        for n in range(7)
    ]
    for n, mentee in enumerate(mentees):
        skill = c.skill if n < 6 else other
        asked = skill_request_add(person=mentee, skill=skill, actor=None)
        offer = SkillOffer.objects.get(skill=skill)
        pair = mentoring_pair_start(request=asked, offer=offer, actor=None, on=date(2026, 1, 5))
        mentoring_close(
            pair=pair,
            on=date(2026, 3, 2),
            reflection="Done",
            outcome="partly",
            version=None,
            actor=None,
        )
        if n == 5:  # Bea has room for five at a time: a sixth waits until one closes
            assert pair.mentor == bea
    with pytest.raises(ThriveError, match="already has a mentor"):
        mentoring_pair_start(request=asked, offer=offer, actor=None)
    cover = sel.coverage(c.org, date(2026, 6, 17))
    rows = {r.skill: r for r in cover.rows}
    assert rows["Building relationships"].outcomes == {"Partly developed": 6}
    assert rows["Curiosity"].outcomes is None and rows["Curiosity"].pairs_closed == 1
    assert cover.outcomes is None  # 7 less the 6 shown would reveal the one
    assert main(["academy", "mentoring", "--org", c.org.code, "--as", c.lead.email]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["matched"] == 7 and data["outcomes"] is None
    assert main(["academy", "mentoring", "--org", c.org.code, "--as", c.user("Nia").email]) == 1

    base = f"/api/organisations/{c.org.code}/academy/"
    _, key = api_token_create(user=c.user("Bea"), name="t")
    body = client.get(base + "mentoring/mine/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert len(body["as_mentor"]) == 6 and body["as_mentor"][0]["ended_on"] == "2026-03-02"
    assert (
        client.get(base + "mentoring/coverage/", HTTP_AUTHORIZATION=f"Token {key}").status_code
        == 403
    )
    assert client.get(base + "champions/", HTTP_AUTHORIZATION=f"Token {key}").json() == []


def test_the_lead_pages_query_a_fixed_number_of_times(client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thrive.academy.services.mentoring import champion_add, champion_network_add

    c = Crew()
    client.force_login(c.lead)
    urls = [
        reverse("academy:champions", args=[c.org.code]),
        reverse("academy:mentoring_coverage", args=[c.org.code]),
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    def more(n: int) -> None:
        network = champion_network_add(organisation=c.org, topic=f"Topic {n}", actor=None)
        person = make_staff(c.org, staff_id=f"Z{n}", team=c.team, start_date=date(2021, 1, 4))
        champion_add(network=network, person=person, actor=None)
        skill = PracticeSkill.objects.filter(organisation=c.org).order_by("pk")[n]
        skill_offer_add(person=person, skill=skill, capacity=1, actor=None)

    more(0)
    counts()  # the first visit also records the council the person last used
    few = counts()
    for n in range(1, 4):
        more(n)
    assert counts() == few
