"""A vacancy's kind of post (not its title) makes it a manager post; an appointment from the talent
pool changes the register, the posts, the vacancy and the pool entry in one transaction, audited;
the shortlist email has its own message kind and the council's academy rule can switch it off."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.academy.test_pipeline import Pipeline
from thrive.academy import selectors_pipeline as sel
from thrive.academy.models import PoolMember, PoolStatus, ShortlistOffer
from thrive.academy.services import rule_add
from thrive.academy.services.pipeline import (
    career_conversation_record,
    pool_appoint,
    shortlist_offer,
)
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent, OutboxMessage
from thrive.people.models import Post
from thrive.recruitment.models import VacancyRole, vacancy_role_from_title

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]

TITLES = {
    "Team Manager, child protection": "team_manager",
    "Assistant team manager": "practice_manager",
    "Practice Manager": "practice_manager",
    "Head of Service, safeguarding": "service_manager",
    "Senior Practitioner": "senior_practitioner",
    "Consultant social worker": "advanced_practitioner",
    "Social Worker": "practitioner",
}


def test_the_kind_of_post_comes_from_the_title_unless_given_and_makes_a_manager_post() -> None:
    migration = importlib.import_module("thrive.recruitment.migrations.0015_vacancy_role")
    for title, role in TITLES.items():
        assert vacancy_role_from_title(title) == role, title
        assert migration._role_from_title(title, True) == role, title  # the frozen copy agrees
    assert vacancy_role_from_title("Business support officer", social_work_post=False) == "other"
    p = Pipeline()
    named = p.vacancy("Lead for practice")  # no "manager" in the title ...
    assert named.role == VacancyRole.PRACTITIONER and not sel.is_manager_vacancy(named)
    lead = p.vacancy("Lead for practice", role=VacancyRole.TEAM_MANAGER)  # ... but it is one
    titled = p.vacancy("Team manager")
    flagged = p.vacancy("Social worker", manager_post=True)  # an assessment centre: a manager
    senior = p.vacancy("Senior practitioner")
    assert (titled.role, flagged.role, senior.role) == (
        VacancyRole.TEAM_MANAGER,
        VacancyRole.TEAM_MANAGER,
        VacancyRole.SENIOR_PRACTITIONER,
    )
    found = {v.pk for v in sel.manager_vacancies_of(p.org)}
    assert found == {lead.pk, titled.pk, flagged.pk}
    with pytest.raises(ThriveError, match="kind of post"):
        p.vacancy("Team manager", role="chief")


def _posts(p: Pipeline) -> tuple[Post, Post]:
    old = Post.objects.create(
        organisation=p.org,
        post_id="FD-SW-1",
        team=p.other,
        title="Senior practitioner",
        fte=1,
        social_work_post=True,
        funded_from=date(2019, 1, 1),
        holder=p.ann,
    )
    new = Post.objects.create(
        organisation=p.org,
        post_id="CP-TM-1",
        team=p.cp,
        title="Team Manager",
        fte=1,
        social_work_post=True,
        funded_from=date(2019, 1, 1),
    )
    return old, new


def test_an_appointment_from_the_pool_changes_the_register_in_one_transaction(
    client: Client,
) -> None:
    p = Pipeline()
    old, new = _posts(p)
    vacancy = p.vacancy(post_id="CP-TM-1")
    assert vacancy.role == VacancyRole.TEAM_MANAGER and vacancy.team == p.cp
    for person in (p.ann, p.cal):
        career_conversation_record(
            person=person, held_on=date(2026, 6, 1), readiness="ready_now", actor=p.lead
        )
    ann = PoolMember.objects.get(person=p.ann)
    # A post held by someone else: refused, and nothing at all changed.
    new.holder = p.cal
    new.save()
    with pytest.raises(ThriveError, match="held by someone else"):
        pool_appoint(
            member=ann,
            vacancy=vacancy,
            on=date(2026, 6, 15),
            version=ann.version,
            actor=p.recruiter,
        )
    ann.refresh_from_db()
    spell = p.ann.spells.get()
    assert ann.status == PoolStatus.IN_POOL and spell.team == p.other and spell.org_role == 4
    old.refresh_from_db()
    assert old.holder == p.ann
    new.holder = None
    new.save()

    client.force_login(p.lead)
    page = reverse("academy:pool_member", args=[p.org.code, ann.pk])
    response = client.post(
        page,
        {
            "outcome-status": "appointed",
            "outcome-on_0": "15",
            "outcome-on_1": "6",
            "outcome-on_2": "2026",
            "outcome-vacancy": str(vacancy.pk),
            "outcome-note": "",
            "version": ann.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ann.refresh_from_db()
    assert (ann.status, ann.appointed_to, ann.outcome_on) == (
        PoolStatus.APPOINTED,
        vacancy,
        date(2026, 6, 15),
    )
    spell = p.ann.spells.get()
    assert (spell.team, spell.org_role, spell.job_title) == (p.cp, 3, "Team Manager")
    old.refresh_from_db()
    new.refresh_from_db()
    vacancy.refresh_from_db()
    assert (old.holder, new.holder, vacancy.status) == (None, p.ann, "filled")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "academy.pool_appointed",
        "academy.pool_outcome",
        "register.spell_changed",
        "recruitment.vacancy_filled",
    } <= actions
    # Filled: no longer a manager vacancy to appoint to.
    cal = PoolMember.objects.get(person=p.cal)
    with pytest.raises(ThriveError, match="already filled"):
        pool_appoint(
            member=cal, vacancy=vacancy, on=date(2026, 6, 16), version=cal.version, actor=p.lead
        )


def test_the_shortlist_email_has_its_own_kind_and_can_be_switched_off(
    django_capture_on_commit_callbacks: Any,
) -> None:
    p = Pipeline()
    career_conversation_record(
        person=p.bea, held_on=date(2026, 6, 1), readiness="ready_now", actor=p.lead
    )
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_offer(vacancy=p.vacancy(), on=date(2026, 6, 17), actor=p.lead)
    (mail,) = OutboxMessage.objects.all()
    assert mail.kind == "academy.shortlist" and mail.to == ["hr@331.test"]
    rule_add(
        organisation=p.org,
        actor=p.lead,
        effective_from=date(2026, 6, 1),
        recall_every_months=2,
        induction_days=10,
        development_percent=10,
        weekly_hours=37,
        transition_months=6,
        shortlist_email=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_offer(vacancy=p.vacancy("Practice manager"), on=date(2026, 6, 17), actor=p.lead)
    assert OutboxMessage.objects.count() == 1  # not emailed ...
    assert ShortlistOffer.objects.count() == 2  # ... but offered, in Thrive
