"""A newly qualified worker finds and books learning on a phone; the full session's waiting list;
a partner's user sees only the places offered to them; CPD, the needs analysis and the exchange —
axe on every page."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.pages import (
    CataloguePage,
    ChampionPage,
    ChampionsPage,
    CpdPage,
    CpdRulesPage,
    ExchangePage,
    ExchangePlacesPage,
    FeedbackPage,
    FeedbackReportPage,
    LearningItemFormPage,
    LearningItemPages,
    LearningSessionPage,
    MyLearningPage,
    NeedsPage,
    ProgrammePage,
    ProgrammesPage,
    QuestionnairePage,
    SignInPage,
    TeamCpdPage,
    TeamLearningPage,
)
from tests.factories import PASSWORD, link_user, make_org, make_staff, make_team, make_user
from thrive.core import clock
from thrive.core.roles import Role
from thrive.learning.models import Booking, LearningItem, LearningSession, Partner
from thrive.learning.services import exchange_offer

pytestmark = pytest.mark.django_db(transaction=True)


def council() -> None:
    org = make_org("331", "Coventry")
    team = make_team(org, "Assessment Team 1")
    nqsw = make_staff(
        org,
        staff_id="1",
        first_name="Nia",
        last_name="Test",
        team=team,
        swe_number="SW1",
        start_origin=1,
        start_date=clock.today() - timedelta(days=30),
    )
    link_user(nqsw, make_user(org, Role.PRACTITIONER, email="nia@example.test"))
    make_user(org, Role.WORKFORCE_DEVELOPMENT, email="lead@example.test")
    start = timezone.make_aware(
        datetime.combine(clock.today() + timedelta(days=10), datetime.min.time().replace(hour=9))
    )
    for title, stages, capacity in (
        ("ASYE recall day", ["asye"], 1),
        ("Domestic abuse awareness", [], 5),
    ):
        item = LearningItem.objects.create(
            organisation=org,
            title=title,
            item_type="course",
            provider_kind="in_house",
            career_stages=stages,
            published_at=clock.now(),
        )
        session = LearningSession.objects.create(
            organisation=org,
            item=item,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            capacity=capacity,
        )
    partner = Partner.objects.create(organisation=org, name="City Police", sector="police")
    partner.users.add(make_user(org, Role.PARTNER, email="officer@police.example"))
    exchange_offer(session=session, partner=partner, places=2, actor=None)


def test_newly_qualified_worker_books_on_a_phone(phone: Any, browser: Any) -> None:
    council()
    SignInPage(phone).open().sign_in("nia@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    page = CataloguePage(phone).open().check_accessible()
    assert "ASYE recall day" in page.recommended
    item = page.open_recommended("ASYE recall day").check_accessible()
    item.book_a_place()
    assert "You have a place" in item.banner
    item.check_accessible()
    MyLearningPage(phone).open().check_accessible()
    cpd = CpdPage(phone).open().check_accessible()
    cpd.add_record("Research briefing on neglect")
    assert "Enter" in cpd.error_summary or "required" in cpd.error_summary
    assert cpd.value_of("What it was") == "Research briefing on neglect"
    cpd.check_accessible()
    assert cpd.fits_the_screen()

    base = phone.url.split("/o/")[0]
    context = browser.new_context(base_url=base)
    partner = context.new_page()
    SignInPage(partner).open().sign_in("officer@police.example", PASSWORD)
    partner.wait_for_url("**/o/331/")
    places = ExchangePlacesPage(partner).open().check_accessible()
    assert (
        "Domestic abuse awareness" in partner.content()
        and "ASYE recall day" not in partner.content()
    )
    places.book_a_place()
    assert "You have a place" in places.banner
    places.check_accessible()
    context.close()

    context = browser.new_context(base_url=base)
    lead = context.new_page()
    SignInPage(lead).open().sign_in("lead@example.test", PASSWORD)
    lead.wait_for_url("**/o/331/")
    for page_class in (
        NeedsPage,
        ExchangePage,
        LearningItemFormPage,
        FeedbackReportPage,
        ChampionsPage,
    ):
        page_class(lead).open().check_accessible()
    NeedsPage(lead).open().record_need().check_accessible()
    context.close()


def test_lead_and_manager_pages(desktop: Any) -> None:
    from thrive.learning.models import Champion, LearningItem
    from thrive.learning.programmes import participant_add, programme_create
    from thrive.people.models import Service, StaffMember

    council()
    org = StaffMember.objects.get(staff_id="1").organisation
    nia = StaffMember.objects.get(staff_id="1")
    service = Service.objects.get(organisation=org)
    Champion.objects.create(organisation=org, person=nia, service=service)
    LearningItem.objects.filter(title="ASYE recall day").update(service=service)
    today = clock.today()
    programme = programme_create(
        organisation=org,
        actor=None,
        name="Grit",
        kind="resilience",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=50),
    )
    participant = participant_add(programme=programme, person=nia, joined_on=today, actor=None)
    for staff_id, first, last in (("2", "Omar", "Khan"), ("3", "Rosa", "Diaz")):
        make_staff(
            org,
            staff_id=staff_id,
            first_name=first,
            last_name=last,
            team=nia.spells.get().team,
            start_date=today - timedelta(days=400),
        )
    make_user(org, Role.TEAM_MANAGER, email="tm@example.test", team=nia.spells.get().team)
    # A session Nia went to last week, for the feedback form.
    went = LearningItem.objects.get(title="Domestic abuse awareness")
    last_week = clock.now() - timedelta(days=7)
    held = LearningSession.objects.create(
        organisation=org,
        item=went,
        starts_at=last_week,
        ends_at=last_week + timedelta(hours=3),
        capacity=5,
    )
    attended = Booking.objects.create(
        organisation=org, session=held, user=nia.user, person=nia, status="booked", attended=True
    )

    LearningItem.objects.create(
        organisation=org,
        title="Safeguarding refresher",
        item_type="course",
        provider_kind="in_house",
        mandatory=True,
        renewal_months=12,
        published_at=clock.now(),
    )
    team = nia.spells.get().team

    SignInPage(desktop).open().sign_in("lead@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    session = LearningSession.objects.filter(item__title="ASYE recall day").get()
    TeamLearningPage(desktop).open().check_accessible()
    TeamLearningPage(desktop).open(query=f"team={team.pk}").check_accessible()
    TeamCpdPage(desktop).open().check_accessible()
    TeamCpdPage(desktop).open(query=f"team={team.pk}&status=not_started").check_accessible()
    managed = LearningSessionPage(desktop).open(session=session.pk).check_accessible()
    managed.open(f"{desktop.url}cancel/").check_accessible()
    for action in ("change", "sessions/new", "withdraw"):
        LearningItemPages(desktop).open(item=session.item_id, action=action).check_accessible()
    CpdRulesPage(desktop).open().check_accessible()
    ProgrammesPage(desktop).open().check_accessible()
    shown = ProgrammePage(desktop).open(programme=programme.pk).check_accessible()
    shown.add_participant("Rosa Diaz")
    assert "1 participant added" in shown.banner
    assert shown.page.get_by_role("cell", name="Rosa Diaz").count()
    shown.open(f"{desktop.url}report/").check_accessible()
    CataloguePage(desktop).open().check_accessible()
    desktop.context.clear_cookies()
    SignInPage(desktop).open().sign_in("tm@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    TeamLearningPage(desktop).open().check_accessible()
    TeamCpdPage(desktop).open().check_accessible()
    desktop.context.clear_cookies()
    SignInPage(desktop).open().sign_in("nia@example.test", PASSWORD)
    desktop.wait_for_url("**/o/331/")
    ChampionPage(desktop).open().check_accessible()
    mine = MyLearningPage(desktop).open().check_accessible()
    assert "Questionnaires waiting for you" in mine.questionnaires
    feedback = (
        FeedbackPage(desktop)
        .open(f"/o/331/learning/bookings/{attended.pk}/feedback/")
        .check_accessible()
    )
    feedback.send()
    feedback.check_accessible()  # with its errors
    baseline = participant.invitations.get(point__name="Baseline")
    form = (
        QuestionnairePage(desktop)
        .open(f"/o/331/learning/questionnaires/{baseline.pk}/")
        .check_accessible()
    )
    form.send()
    assert "Answer every question" in form.error_summary
    form.check_accessible()
