"""The set-based services the demo seeder (and a council bringing its history) writes through:
the same rules as the per-record service, checked by the same function, and the same entries in
the audit trail."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import make_staff, make_team, make_user
from thrive.caseloads.models import CaseloadPolicy
from thrive.caseloads.services import caseload_policies_add, caseload_policy_add
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.learning.models import Booking, ExchangeOffer, Partner
from thrive.learning.services import (
    book,
    bookings_history_add,
    item_publish,
    item_save,
    session_add,
)
from thrive.people.models import Organisation
from thrive.supervision.models import Session
from thrive.supervision.services import sessions_history_add


def _actions(org: Organisation) -> list[str]:
    return sorted(AuditEvent.objects.filter(organisation=org).values_list("action", flat=True))


@pytest.mark.django_db
def test_a_councils_policy_history_is_added_as_its_first_policy(org: Organisation) -> None:
    today = clock.today()
    team = make_team(org)
    added = caseload_policies_add(
        organisation=org,
        policies=[
            {"effective_from": today - timedelta(days=400), "full_time_cap": Decimal(18)},
            {"team": team, "effective_from": today - timedelta(days=30), "full_time_cap": 16},
        ],
    )
    assert [p.full_time_cap for p in added] == [18, 16]
    assert _actions(org).count("caseload.policy_added") == 2
    # Once the council has a policy, a change starts today or later: the same rule, the same
    # words, whether one policy is added or several.
    with pytest.raises(ThriveError) as one:
        caseload_policy_add(
            organisation=org, effective_from=today - timedelta(days=1), full_time_cap=Decimal(15)
        )
    with pytest.raises(ThriveError) as many:
        caseload_policies_add(
            organisation=org,
            policies=[{"effective_from": today - timedelta(days=1), "full_time_cap": 15}],
        )
    assert str(one.value) == str(many.value)
    with pytest.raises(ThriveError, match="already a policy from that date"):
        caseload_policies_add(
            organisation=org,
            policies=[{"team": team, "effective_from": today, "full_time_cap": 15}] * 2,
        )
    assert CaseloadPolicy.objects.for_org(org).count() == 2


def _at(day: Any, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.mark.django_db
def test_supervision_history_is_checked_and_audited_as_booking_and_recording(
    org: Organisation, other_org: Organisation
) -> None:
    today = clock.today()
    manager = make_staff(org, org_role=3)
    worker = make_staff(org)
    past = _at(today - timedelta(days=20))
    held = Session(
        supervisor=manager,
        supervisee=worker,
        team_id=worker.spells.get().team_id,
        starts_at=past,
        minutes=90,
        status="held",
        supervisor_signed_at=past + timedelta(days=1),
        supervisee_signed_at=past + timedelta(days=2),
    )
    ahead = Session(supervisor=manager, supervisee=worker, starts_at=_at(today + timedelta(days=5)))
    sessions_history_add(organisation=org, sessions=[held, ahead])
    assert Session.objects.for_org(org).count() == 2
    assert AuditEvent.objects.filter(organisation=org, action="supervision.booked").count() == 2
    for action in ("supervision.recorded", "supervision.agreed"):
        event = AuditEvent.objects.get(organisation=org, action=action)
        assert event.object_id == str(held.pk) and event.object_type == "supervision.session"
    # The same rules as booking and recording one.
    debrief: dict[str, Any] = {"starts_at": past, "status": "held", "minutes": 45}
    for bad, words in [
        (Session(supervisor=worker, supervisee=worker, starts_at=past), "supervise themselves"),
        (Session(supervisor=manager, starts_at=past), "Choose who is being supervised"),
        (
            Session(
                supervisor=manager,
                supervisee=worker,
                starts_at=_at(today + timedelta(days=3)),
                status="held",
                minutes=60,
            ),
            "before it has happened",
        ),
        (
            Session(supervisor=manager, supervisee=worker, starts_at=past, status="held"),
            "length in minutes",
        ),
        (
            Session(supervisor=make_staff(other_org), supervisee=worker, starts_at=past),
            "work for this council",
        ),
        # A debrief's record, as recording one checks it.
        (
            Session(supervisor=manager, supervisee=worker, kind="debrief", **debrief),
            "date of the incident",
        ),
        (
            Session(
                supervisor=manager,
                supervisee=worker,
                kind="debrief",
                incident_on=today,
                incident="A visit went badly.",
                **debrief,
            ),
            "on or before the day of the debrief",
        ),
        (
            Session(
                supervisor=manager,
                supervisee=worker,
                kind="debrief",
                incident_on=past.date(),
                incident=" ",
                **debrief,
            ),
            "Say what happened",
        ),
    ]:
        with pytest.raises(ThriveError, match=words):
            sessions_history_add(organisation=org, sessions=[bad])
    assert Session.objects.for_org(org).count() == 2
    good = Session(
        supervisor=manager,
        supervisee=worker,
        kind="debrief",
        incident_on=past.date() - timedelta(days=1),
        incident="A parent was aggressive at a visit.",
        support_agreed="No visits alone for a month.",
        **debrief,
    )
    sessions_history_add(organisation=org, sessions=[good])
    assert Session.objects.get(pk=good.pk).incident == "A parent was aggressive at a visit."


@pytest.mark.django_db
def test_learning_history_books_places_then_the_waiting_list_as_book_does(
    org: Organisation,
) -> None:
    now = clock.now()
    item = item_save(
        organisation=org,
        actor=None,
        title="Court skills",
        item_type="course",
        provider_kind="in_house",
    )
    item_publish(item=item, actor=None)
    past = session_add(
        item=item,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=6),
        capacity=2,
    )
    people = [make_staff(org) for _ in range(3)]
    partner = Partner.objects.create(organisation=org, name="City Police", sector="police")
    guest = make_user(org, "partner")
    ExchangeOffer.objects.create(organisation=org, session=past, partner=partner, places=1)
    bookings = [
        Booking(session=past, user=guest, partner=partner, attended=True),
        Booking(session=past, person=people[0], attended=True),
        Booking(session=past, person=people[1], attended=False),
    ]
    bookings_history_add(bookings=bookings)
    assert [b.status for b in bookings] == ["booked", "booked", "waiting"]
    assert bookings[2].attended is None  # on the waiting list: not there
    actions = _actions(org)
    assert actions.count("learning.booked") == 2 and actions.count("learning.waiting") == 1
    assert actions.count("learning.attendance") == 1
    # The same checks as booking one place, in the same words.
    coming = session_add(
        item=item,
        starts_at=now + timedelta(days=9),
        ends_at=now + timedelta(days=9, hours=2),
        capacity=5,
    )
    book(session=coming, user=None, person=people[2])
    with pytest.raises(ThriveError) as one:
        book(session=coming, user=None, person=people[2])
    with pytest.raises(ThriveError) as many:
        bookings_history_add(bookings=[Booking(session=coming, person=people[2])])
    assert str(one.value) == str(many.value)
    with pytest.raises(ThriveError, match="no places left for City Police"):
        bookings_history_add(
            bookings=[Booking(session=past, user=make_user(org, "partner"), partner=partner)]
        )
    with pytest.raises(ThriveError, match="once the session has happened"):
        bookings_history_add(bookings=[Booking(session=coming, person=people[0], attended=True)])


@pytest.mark.django_db
def test_a_writers_workbook_records_are_added_as_one_at_a_time(known: Organisation) -> None:
    from tests.factories import linked_user
    from thrive.caseloads.models import Family
    from thrive.core.permissions import access_for
    from thrive.workbook.models import MonthlySummary, WorkbookEntry
    from thrive.workbook.services import entry_save, workbook_bulk_add

    access = access_for(linked_user(known, "S1", "practitioner"), known)
    family = Family.objects.get(family_id="F1")
    today = clock.today()
    month = today.replace(day=1)
    workbook_bulk_add(
        access=access,
        family=family,
        summaries=[
            {
                "month": month,
                "strengths": "Kept every appointment.",
                "concerns": "Rent arrears.",
                "family_shares": "partly",
                "direction": "improving",
                "next_steps": "Family network meeting.",
            }
        ],
        entries=[
            {
                "chapter": "social_worker",
                "occurred_on": today,
                "body": "Home visit.",
                "finalise": True,
            }
        ],
    )
    assert MonthlySummary.objects.filter(family=family, month=month).exists()
    assert WorkbookEntry.objects.filter(family=family, status="final").count() == 1
    actions = _actions(known)
    assert "family.workbook.summary_added" in actions
    assert "family.workbook.entry_added" in actions
    # The same refusals, in the same words, as writing one.
    wrong: dict[str, Any] = {
        "chapter": "probation",
        "occurred_on": today,
        "body": "x",
        "finalise": True,
    }
    with pytest.raises(ThriveError) as one:
        entry_save(access=access, family=family, **wrong)
    with pytest.raises(ThriveError) as many:
        workbook_bulk_add(access=access, family=family, entries=[wrong])
    assert str(one.value) == str(many.value)
    with pytest.raises(ThriveError, match="already a summary"):
        workbook_bulk_add(
            access=access,
            family=family,
            summaries=[
                {
                    "month": month,
                    "strengths": "",
                    "concerns": "",
                    "family_shares": "no",
                    "direction": "no_change",
                    "next_steps": "",
                }
            ],
        )


@pytest.mark.django_db
def test_feedback_cpd_and_answers_history_are_checked_as_one_at_a_time(
    org: Organisation,
) -> None:
    from thrive.learning.models import CpdRecord, Feedback, Invitation, OutcomeAnswer
    from thrive.learning.programmes import answers_history_add, participant_add, programme_create
    from thrive.learning.services import cpd_history_add, feedback_history_add

    now, today = clock.now(), clock.today()
    item = item_save(
        organisation=org, actor=None, title="Neglect", item_type="course", provider_kind="in_house"
    )
    item_publish(item=item, actor=None)
    past = session_add(
        item=item,
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20) + timedelta(hours=3),
        capacity=5,
    )
    came, missed = make_staff(org), make_staff(org)
    bookings = [
        Booking(session=past, person=came, attended=True),
        Booking(session=past, person=missed, attended=False),
    ]
    bookings_history_add(bookings=bookings)
    # Feedback: only from someone who came, once, scores 1 to 5 (feedback_save's words).
    with pytest.raises(ThriveError, match="sessions you attended"):
        feedback_history_add(feedback=[Feedback(booking=bookings[1], useful=4, practice=4)])
    with pytest.raises(ThriveError, match="from 1 to 5"):
        feedback_history_add(feedback=[Feedback(booking=bookings[0], useful=6, practice=4)])
    twice = [Feedback(booking=bookings[0], useful=4, practice=3) for _ in range(2)]
    with pytest.raises(ThriveError, match="already given feedback"):
        feedback_history_add(feedback=twice)
    feedback_history_add(feedback=[Feedback(booking=bookings[0], useful=4, practice=3)])
    assert list(Feedback.objects.values_list("organisation", "useful", "practice")) == [
        (org.pk, 4, 3)
    ]

    # CPD: never in the future, a peer named when reflected with; completed records audited
    # as cpd_save audits them, drafts kept as drafts and not audited.
    def cpd(**fields: Any) -> CpdRecord:
        values = {"person": came, "cpd_type": "reading", "title": "A briefing", "on": today}
        return CpdRecord(**{**values, "hours": Decimal("1.5"), **fields})

    with pytest.raises(ThriveError, match="future"):
        cpd_history_add(records=[cpd(on=today + timedelta(days=1))])
    with pytest.raises(ThriveError, match="who you reflected with"):
        cpd_history_add(records=[cpd(peer_reflected=True)])
    cpd_history_add(records=[cpd(), cpd(title="From the session", draft=True)])
    assert sorted(CpdRecord.objects.values_list("title", "draft")) == [
        ("A briefing", False),
        ("From the session", True),
    ]
    assert _actions(org).count("learning.cpd_saved") == 1
    # Answers: every question, only once due, once.
    programme = programme_create(
        organisation=org,
        actor=None,
        name="Grit",
        kind="resilience",
        starts_on=today - timedelta(days=100),
        ends_on=today - timedelta(days=40),
    )
    participant = participant_add(
        programme=programme, person=came, joined_on=programme.starts_on, actor=None
    )
    invitations = list(participant.invitations.order_by("due_on"))
    baseline, later = invitations[0], invitations[-1]
    assert baseline.due_on <= today < later.due_on
    questions = [q.pk for q in programme.questions.all()]
    every = dict.fromkeys(questions, 4)
    with pytest.raises(ThriveError, match="Answer every question"):
        answers_history_add(programme=programme, answers={baseline: {questions[0]: 3}})
    with pytest.raises(ThriveError, match="opens on"):
        answers_history_add(programme=programme, answers={later: every})
    assert answers_history_add(programme=programme, answers={baseline: every}) == 1
    baseline = Invitation.objects.get(pk=baseline.pk)
    assert baseline.answered_at is not None and baseline.sent_at is not None
    assert OutcomeAnswer.objects.filter(invitation=baseline).count() == len(questions) > 0
    with pytest.raises(ThriveError, match="already answered"):
        answers_history_add(programme=programme, answers={baseline: every})


@pytest.mark.django_db
def test_line_managers_are_set_with_a_revision_and_an_audit_entry_each(
    org: Organisation, other_org: Organisation
) -> None:
    from thrive.people.models import EmploymentSpell, RegisterRevision
    from thrive.people.services import line_managers_set

    manager, worker, second = make_staff(org), make_staff(org), make_staff(org)
    spells = {p: EmploymentSpell.objects.get(person=p) for p in (worker, second)}
    today = clock.today()
    with pytest.raises(ThriveError, match="cannot manage themselves"):
        line_managers_set(organisation=org, managers={spells[worker]: worker}, effective_date=today)
    with pytest.raises(ThriveError, match="in this council"):
        line_managers_set(
            organisation=org, managers={spells[worker]: make_staff(other_org)}, effective_date=today
        )
    changed = line_managers_set(
        organisation=org,
        managers={spells[worker]: manager, spells[second]: manager},
        effective_date=today,
    )
    assert changed == 2
    spell = EmploymentSpell.objects.get(person=worker)
    assert (spell.line_manager, spell.version) == (manager, 2)
    revision = RegisterRevision.objects.get(record_id=spell.pk, kind="spell")
    assert (revision.changed, revision.before) == (["line_manager"], {"line_manager": None})
    assert _actions(org).count("register.spell_changed") == 2
    # Naming the same manager again changes nothing.
    assert line_managers_set(organisation=org, managers={spell: manager}, effective_date=today) == 0
