"""The leadership pipeline from the pages, the CLI and the API: career conversations put people
in the talent pool, a vacant manager post gets a ranked shortlist with reasons, offered to its
recruiter by email once the offer commits, an appointment is recorded, leavers close, and the
share of manager appointments from the pool is not shown under five."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import link_user, make_org, make_staff, make_user
from tests.recruitment.helpers import raise_vacancy, recruiter
from thrive.academy import selectors_pipeline as sel
from thrive.academy.models import CareerConversation, PoolMember, PoolStatus
from thrive.academy.services.pipeline import (
    career_conversation_record,
    pool_leavers_record,
    pool_outcome_record,
)
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.core.models import OutboxMessage
from thrive.core.roles import Role
from thrive.learning.models import ProgrammeKind
from thrive.learning.programmes import participant_add, programme_create
from thrive.people.models import TeamType
from thrive.people.services import spell_end, team_get_or_create

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


class Pipeline:
    """A council with a child protection team, three experienced social workers (one of whom
    finished a Firstline-style programme last year), the academy lead, a recruiter and a
    practitioner."""

    def __init__(self) -> None:
        self.org = make_org("331", "Council 331")
        self.cp = team_get_or_create(
            organisation=self.org, name="CP Team", team_type=TeamType.CHILD_PROTECTION
        )
        self.other = team_get_or_create(
            organisation=self.org, name="Front Door", team_type=TeamType.FRONT_DOOR
        )
        self.ann = make_staff(
            self.org,
            staff_id="A1",
            first_name="Ann",
            last_name="Able",
            team=self.other,
            org_role=4,
            start_date=date(2019, 1, 7),
        )
        self.bea = make_staff(
            self.org,
            staff_id="B1",
            first_name="Bea",
            last_name="Bold",
            team=self.cp,
            org_role=4,
            start_date=date(2018, 4, 2),
        )
        self.cal = make_staff(
            self.org,
            staff_id="C1",
            first_name="Cal",
            last_name="Calm",
            team=self.cp,
            start_date=date(2021, 9, 6),
        )
        self.lead = make_user(self.org, Role.WORKFORCE_DEVELOPMENT, email="lead@331.test")
        self.recruiter = recruiter(self.org, email="hr@331.test")
        self.practitioner = make_user(self.org, Role.PRACTITIONER, email="p@331.test")
        self.firstline = programme_create(
            organisation=self.org,
            actor=self.lead,
            name="Firstline: leadership programme",
            kind=ProgrammeKind.LEADERSHIP,
            starts_on=date(2025, 1, 6),
            ends_on=date(2025, 7, 4),
        )
        participant_add(
            programme=self.firstline, person=self.bea, joined_on=date(2025, 1, 6), actor=self.lead
        )

    def vacancy(self, title: str = "Team Manager", **kw: Any) -> Any:
        return raise_vacancy(self.org, self.recruiter, team=self.cp, title=title, **kw)


def _talk(client: Client, code: str, person: Any, readiness: str, **extra: str) -> Any:
    data = {
        "talk-person": str(person.pk),
        "talk-held_on_0": "10",
        "talk-held_on_1": "6",
        "talk-held_on_2": "2026",
        "talk-readiness": readiness,
        "talk-programme": "",
        "talk-other_path": "",
        "talk-notes": "",
        **extra,
    }
    return client.post(reverse("academy:conversation_add", args=[code]), data)


def test_conversations_a_ranked_shortlist_offered_and_an_appointment(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    p = Pipeline()
    code = p.org.code
    vacancy = p.vacancy()
    client.force_login(p.lead)
    due = client.get(reverse("academy:talent", args=[code])).content.decode()
    assert "Due a career conversation" in due and "Bea Bold, Firstline" in due
    wrong = _talk(client, code, p.cal, "other_path")
    assert "Error: " in wrong.content.decode() and "the other path is" in wrong.content.decode()
    assert (
        _talk(client, code, p.cal, "other_path", **{"talk-other_path": "Court work"}).status_code
        == 302
    )
    assert (
        _talk(client, code, p.ann, "ready_now", **{"talk-interest": "front_door"}).status_code
        == 302
    )
    assert (
        _talk(
            client,
            code,
            p.bea,
            "ready_12",
            **{"talk-interest": "child_protection", "talk-programme": str(p.firstline.pk)},
        ).status_code
        == 302
    )
    assert CareerConversation.objects.count() == 3
    ann_user = make_user(p.org, Role.PRACTITIONER, email="ann@331.test")
    link_user(p.ann, ann_user)
    client.force_login(ann_user)  # Ann reads her own place in the pool
    own = client.get(reverse("academy:progression", args=[code])).content.decode()
    assert "The talent pool for manager posts: ready now,\nin the pool." in own
    assert "Career conversation on 10 June 2026: ready now" in own
    client.force_login(p.lead)
    assert set(PoolMember.objects.values_list("person__first_name", "readiness")) == {
        ("Ann", "ready_now"),
        ("Bea", "ready_12"),
    }

    client.force_login(p.recruiter)  # the recruiter sees the post and its shortlist
    talent = client.get(reverse("academy:talent", args=[code])).content.decode()
    assert "Due a career conversation" not in talent  # Bea has had hers
    assert "Team Manager, CP Team" in talent and "Ready in 12 months" in talent
    url = reverse("academy:shortlist", args=[code, vacancy.pk])
    page = client.get(url).content.decode()
    assert page.index("Bea Bold") < page.index("Ann Able")  # 1+2+1+1 = 5 against 3+0+0+0 = 3
    assert "8 years in child protection teams" in page
    assert "Completed Firstline: leadership programme (2025)" in page
    assert "Offer this shortlist" not in page  # offered by the academy lead

    client.force_login(p.lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "offer"})
    mail = OutboxMessage.objects.get()
    assert mail.to == ["hr@331.test"] and "Internal candidates for Team Manager" in mail.subject
    assert "1. Bea Bold: Ready in 12 months; 8 years in child protection teams" in mail.body
    assert "Offered to" in client.get(url).content.decode()
    again = client.post(url, {"action": "offer"}, follow=True).content.decode()
    assert "already offered" in again

    client.force_login(p.recruiter)
    bea = PoolMember.objects.get(person=p.bea)
    client.post(url, {"action": "appoint", "person": p.bea.pk, "version": bea.version})
    bea.refresh_from_db()
    assert bea.status == PoolStatus.APPOINTED and bea.appointed_to == vacancy
    assert bea.outcome_on == date(2026, 6, 17)
    figures = sel.figures(p.org, date(2026, 6, 17))
    assert (figures.appointed, figures.manager_appointments, figures.share) == (1, 1, None)
    talent = client.get(reverse("academy:talent", args=[code])).content.decode()
    assert "not shown (fewer than 5 appointments)" in talent


def test_who_is_refused(client: Client) -> None:
    p = Pipeline()
    code = p.org.code
    vacancy = p.vacancy()
    client.force_login(p.practitioner)
    assert client.get(reverse("academy:talent", args=[code])).status_code == 403
    assert client.get(reverse("academy:shortlist", args=[code, vacancy.pk])).status_code == 403
    assert client.get(reverse("academy:conversation_add", args=[code])).status_code == 403
    client.force_login(p.recruiter)  # sees the pool but neither talks nor offers
    assert client.get(reverse("academy:conversation_add", args=[code])).status_code == 403
    assert (
        client.post(
            reverse("academy:shortlist", args=[code, vacancy.pk]), {"action": "offer"}
        ).status_code
        == 403
    )
    member = career_conversation_record(
        person=p.ann, held_on=date(2026, 6, 1), readiness="ready_now", actor=p.lead
    )
    pool_url = reverse("academy:pool_member", args=[code, PoolMember.objects.get().pk])
    assert client.get(pool_url).status_code == 403
    assert member.pk
    not_a_manager = p.vacancy("Social Worker")
    client.force_login(p.lead)
    assert (
        client.get(reverse("academy:shortlist", args=[code, not_a_manager.pk])).status_code == 404
    )


def test_leavers_outcomes_and_the_share_from_five(client: Client) -> None:
    p = Pipeline()
    people = [p.ann, p.bea, p.cal] + [
        make_staff(p.org, staff_id=f"X{n}", team=p.cp, start_date=date(2020, 1, 6))
        for n in range(4)
    ]
    for person in people:
        career_conversation_record(
            person=person, held_on=date(2026, 1, 5), readiness="ready_now", actor=p.lead
        )
    with pytest.raises(ThriveError, match="cannot be in the future"):
        career_conversation_record(
            person=p.ann, held_on=date(2026, 7, 1), readiness="ready_now", actor=p.lead
        )
    members = {m.person_id: m for m in PoolMember.objects.all()}
    for person in people[:5]:
        pool_outcome_record(
            member=members[person.pk],
            status=PoolStatus.APPOINTED,
            on=date(2026, 3, 2),
            version=None,
            actor=p.lead,
        )
    spell = people[5].spells.get()
    spell_end(
        spell=spell,
        end_date=date(2026, 5, 29),
        leaving_reason=1,
        leaver_destination=1,
        version=None,
    )
    (left,) = pool_leavers_record(organisation=p.org, on=date(2026, 6, 17), actor=None)
    assert left.person == people[5] and left.outcome_on == date(2026, 5, 29)
    figures = sel.figures(p.org, date(2026, 6, 17))
    assert (figures.ready_now, figures.appointed, figures.left) == (1, 5, 1)
    assert figures.share == 100.0
    with pytest.raises(ThriveError, match="no longer in the pool"):
        pool_outcome_record(
            member=PoolMember.objects.get(pk=left.pk),
            status=PoolStatus.WITHDRAWN,
            on=date(2026, 6, 1),
            version=None,
            actor=p.lead,
        )


def test_the_cli_offers_the_shortlist_and_the_api_shows_it(
    client: Client, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    p = Pipeline()
    vacancy = p.vacancy()
    career_conversation_record(
        person=p.bea,
        held_on=date(2026, 6, 1),
        readiness="ready_now",
        actor=p.lead,
        interest=["child_protection"],
    )
    assert main(["academy", "talent", "--org", p.org.code, "--as", p.practitioner.email]) == 1
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            main(["academy", "talent", "--org", p.org.code, "--offer", "--as", p.lead.email]) == 0
        )
    data = json.loads(capsys.readouterr().out)
    (row,) = data["vacancies"]
    assert row["offered_on"] == "2026-06-17" and row["shortlist"][0]["name"] == "Bea Bold"
    assert OutboxMessage.objects.get().to == ["hr@331.test"]

    base = f"/api/organisations/{p.org.code}/academy/talent/"
    _, key = api_token_create(user=p.recruiter, name="t")
    body = client.get(base + "pool/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert body["pool"][0]["person"] == "Bea Bold" and body["figures"]["share_from_pool"] is None
    shortlist = client.get(
        base + f"vacancies/{vacancy.pk}/shortlist/", HTTP_AUTHORIZATION=f"Token {key}"
    ).json()
    assert shortlist["offered_on"] == "2026-06-17"
    assert shortlist["shortlist"][0]["reasons"][0] == "Ready now"
    _, other = api_token_create(user=p.practitioner, name="t")
    assert client.get(base + "pool/", HTTP_AUTHORIZATION=f"Token {other}").status_code == 403


def test_the_pool_pages_query_a_fixed_number_of_times(client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    p = Pipeline()
    vacancy = p.vacancy()
    client.force_login(p.lead)
    urls = [
        reverse("academy:talent", args=[p.org.code]),
        reverse("academy:shortlist", args=[p.org.code, vacancy.pk]),
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    for person in (p.ann, p.bea):
        career_conversation_record(
            person=person, held_on=date(2026, 6, 1), readiness="ready_now", actor=p.lead
        )
    counts()  # the first visit also records the council the person last used
    few = counts()
    for n in range(4):
        person = make_staff(p.org, staff_id=f"Y{n}", team=p.cp, start_date=date(2019, 1, 7))
        career_conversation_record(
            person=person, held_on=date(2026, 6, 1), readiness="ready_12", actor=p.lead
        )
        participant_add(
            programme=p.firstline, person=person, joined_on=date(2025, 1, 6), actor=None
        )
    assert counts() == few


def test_the_daily_job_offers_each_unadvertised_shortlist_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from thrive.academy.jobs import academy_reminders
    from thrive.recruitment.services import vacancy_submit

    p = Pipeline()
    draft, submitted = p.vacancy(), p.vacancy("Practice manager")
    vacancy_submit(vacancy=submitted, actor=p.recruiter)
    assert academy_reminders(None, lambda *a: None)["shortlists_offered"] == 0  # nobody in the pool
    career_conversation_record(
        person=p.ann, held_on=date(2026, 6, 1), readiness="ready_now", actor=p.lead
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert academy_reminders(None, lambda *a: None)["shortlists_offered"] == 2
    assert academy_reminders(None, lambda *a: None)["shortlists_offered"] == 0
    assert sorted(m.subject for m in OutboxMessage.objects.all()) == [
        "Internal candidates for Practice manager before it is advertised",
        "Internal candidates for Team Manager before it is advertised",
    ]
    assert draft.pk in sel.offers_for([draft.pk])


def test_a_line_manager_records_a_conversation_with_their_own_staff(client: Client) -> None:
    from thrive.people.services import line_managers_set

    p = Pipeline()
    code = p.org.code
    boss = make_staff(
        p.org, staff_id="M1", first_name="Max", team=p.cp, org_role=3, start_date=date(2015, 1, 5)
    )
    boss_user = make_user(p.org, Role.TEAM_MANAGER, email="max@331.test", team=p.cp)
    link_user(boss, boss_user)
    line_managers_set(
        organisation=p.org, managers={p.bea.spells.get(): boss}, effective_date=date(2020, 1, 6)
    )
    client.force_login(boss_user)
    own = client.get(reverse("academy:progression", args=[code])).content.decode()
    assert "Record a career conversation" in own
    form = client.get(reverse("academy:conversation_add", args=[code])).content.decode()
    assert "Bea Bold" in form and "Ann Able" not in form and "Max " not in form
    refused = _talk(client, code, p.ann, "ready_now").content.decode()
    assert "Choose who the conversation was with from the list" in refused
    done = _talk(client, code, p.bea, "ready_12")
    assert done["Location"] == reverse("academy:progression", args=[code])
    assert PoolMember.objects.get().person == p.bea
