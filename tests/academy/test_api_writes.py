"""The academy's API writes go through the pages' services and policy: offering and asking for a
mentor, the mentee's choice, a pair's meetings and its closing reflection (with a version
check), and a career conversation — each refused as the pages refuse it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.academy.test_mentoring import Crew
from thrive.academy.models import CareerConversation, MentoringPair, PoolMember, SkillOffer
from thrive.accounts.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


class Api:
    def __init__(self, client: Client, crew: Crew) -> None:
        self.client, self.base = client, f"/api/organisations/{crew.org.code}/academy/"
        self.keys: dict[Any, str] = {}

    def auth(self, user: Any) -> str:
        if user.pk not in self.keys:
            self.keys[user.pk] = api_token_create(user=user, name="t")[1]
        return f"Token {self.keys[user.pk]}"

    def post(self, user: Any, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            self.base + path,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=self.auth(user),
        )

    def get(self, user: Any, path: str) -> Any:
        return self.client.get(self.base + path, HTTP_AUTHORIZATION=self.auth(user)).json()


def test_mentoring_through_the_api_and_its_refusals(client: Client) -> None:
    c = Crew()
    api = Api(client, c)
    bea, nia, cal = c.user("Bea"), c.user("Nia"), c.user("Cal")
    skill = c.skill.pk
    assert api.post(bea, "mentoring/offers/", {"skill": skill, "capacity": 9}).status_code == 400
    assert api.post(bea, "mentoring/offers/", {"skill": 999999}).status_code == 404
    made = api.post(bea, "mentoring/offers/", {"skill": skill, "capacity": 2})
    assert made.status_code == 201
    offer = SkillOffer.objects.get()
    assert (made.json()["id"], offer.person, offer.capacity) == (offer.pk, c.person("Bea"), 2)
    again = api.post(bea, "mentoring/offers/", {"skill": skill})
    assert again.status_code == 400  # the service's own refusal, as on the page

    asked = api.post(nia, "mentoring/requests/", {"skill": skill, "note": "With teenagers"})
    assert asked.status_code == 201
    request_id = asked.json()["id"]
    mine = api.get(nia, "mentoring/mine/")
    assert [s["offer"] for s in mine["requests"][0]["suggestions"]] == [offer.pk]
    path = f"mentoring/requests/{request_id}/choose/"
    assert api.post(cal, path, {"offer": offer.pk}).status_code == 404  # not Cal's request
    chosen = api.post(nia, path, {"offer": offer.pk})
    assert chosen.status_code == 201 and chosen.json()["mentor"] == "Bea Test"
    pair = MentoringPair.objects.get()

    meetings = f"mentoring/pairs/{pair.pk}/meetings/"
    assert api.post(cal, meetings, {"held_on": "2026-06-17"}).status_code == 404
    assert api.post(c.lead, meetings, {"held_on": "2026-06-17"}).status_code == 403
    met = api.post(bea, meetings, {"held_on": "2026-06-17", "note": "Practised it"})
    assert met.status_code == 201 and met.json()["meetings"] == ["2026-06-17"]

    close = f"mentoring/pairs/{pair.pk}/close/"
    body: dict[str, Any] = {"on": "2026-06-17", "reflection": "I hold the boundary kindly now."}
    body |= {"outcome": "developed", "version": pair.version}
    assert api.post(bea, close, body).status_code == 403  # the reflection is the mentee's
    stale = api.post(nia, close, {**body, "version": pair.version - 1})
    assert stale.status_code == 400
    pair.refresh_from_db()
    assert pair.ended_on is None
    closed = api.post(nia, close, body)
    assert closed.status_code == 200 and closed.json()["outcome"] == "developed"
    pair.refresh_from_db()
    assert (str(pair.ended_on), pair.reflection) == ("2026-06-17", body["reflection"])


def test_a_career_conversation_through_the_api(client: Client) -> None:
    c = Crew()
    api = Api(client, c)
    talk = {"held_on": "2026-06-01", "readiness": "ready_12", "interest": ["assessment"]}
    path = "talent/conversations/"
    # A practitioner with nobody to talk to is refused; a manager only for their own staff.
    assert api.post(c.user("Bea"), path, {**talk, "person": c.person("Nia").pk}).status_code == 403
    max_ = c.user("Max")
    assert api.post(max_, path, {**talk, "person": c.person("Max").pk}).status_code == 404
    future = {**talk, "held_on": "2026-07-01", "person": c.person("Nia").pk}
    assert api.post(max_, path, future).status_code == 400
    made = api.post(max_, path, {**talk, "person": c.person("Nia").pk})
    assert made.status_code == 201 and made.json()["readiness"] == "ready_12"
    member = PoolMember.objects.get()
    assert (member.person, member.readiness, member.interest) == (
        c.person("Nia"),
        "ready_12",
        ["assessment"],
    )
    other = {**talk, "readiness": "other_path", "person": c.person("Cal").pk}
    assert api.post(c.lead, path, other).status_code == 400  # say what the path is
    assert CareerConversation.objects.count() == 1
