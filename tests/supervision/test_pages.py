"""The supervision pages end to end: booking, writing and signing, agreeing, the personal part
hidden from others, the calendar file and feed, compliance with its Excel export, the policy."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from tests.factories import make_user
from tests.supervision.conftest import Crew
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.supervision.models import Session, SupervisionPolicy, SupervisionSettings


def url(crew: Crew, name: str, *args: Any) -> str:
    return reverse(f"supervision:{name}", args=[crew.org.code, *args])


@pytest.mark.django_db
def test_book_record_sign_agree(client: Client, crew: Crew) -> None:
    client.force_login(crew.manager_user)
    home = client.get(url(crew, "home")).content.decode()
    assert "Noor Test" in home and "Sam Test" in home and "People you supervise" in home
    day = clock.today() - timedelta(days=1)
    response = client.post(
        url(crew, "book"),
        {
            "kind": "one_to_one",
            "supervisee": crew.senior.pk,
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "start_time": "14:30",
            "planned_minutes": "90",
            "location": "Room 2",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at.astimezone(timezone.get_current_timezone()).hour == 14
    record_url = url(crew, "record", session.pk)
    page = client.get(record_url).content.decode()
    assert "Caseload today" in page
    response = client.post(
        record_url,
        {
            "minutes": "85",
            "wellbeing": "Struggling with sleep since the inquest.",
            "workload": "Manageable.",
            "balance": "balanced",
            "action_1": "Read the new CP procedures",
            "owner_1": "supervisee",
            "due_1_0": "1",
            "due_1_1": "1",
            "due_1_2": str(day.year + 1),
            "action": "sign",
            "version": session.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.force_login(crew.senior_user)
    page = client.get(url(crew, "session", session.pk)).content.decode()
    assert "Struggling with sleep" in page and "Agree the record" in page
    client.post(
        url(crew, "session", session.pk),
        {"action": "agree", "reflections": "Useful.", "version": session.version + 1},
    )
    session.refresh_from_db()
    assert session.locked
    # Someone the setting does not allow sees the record without its wellbeing part.
    client.force_login(make_user(crew.org, Role.PRINCIPAL_SOCIAL_WORKER))
    page = client.get(url(crew, "session", session.pk)).content.decode()
    assert "Manageable." in page and "Struggling with sleep" not in page
    assert "Confidential to the supervisor and the supervisee" in page
    # A colleague gets "not found", and the refusal is logged.
    client.force_login(crew.asye_user)
    assert client.get(url(crew, "session", session.pk)).status_code == 404
    assert AuditEvent.objects.filter(action="supervision.refused").count() == 1
    assert AuditEvent.objects.filter(action="supervision.read").count() >= 3


@pytest.mark.django_db
def test_booking_keeps_input_on_error(client: Client, crew: Crew) -> None:
    client.force_login(crew.manager_user)
    response = client.post(
        url(crew, "book"),
        {"kind": "one_to_one", "location": "The library", "planned_minutes": "60"},
    )
    page = response.content.decode()
    assert "Choose who is being supervised" in page and "The library" in page


@pytest.mark.django_db
def test_calendar_file_and_feed(client: Client, crew: Crew) -> None:
    session = Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        supervisee=crew.asye,
        team=crew.team,
        starts_at=clock.now() + timedelta(days=3),
        location="Room 4",
    )
    client.force_login(crew.asye_user)
    ics = client.get(url(crew, "session_ics", session.pk))
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["location"]) == "Room 4" and "Maya Test" in str(event["summary"])
    client.post(url(crew, "feed_manage"), {"action": "create"})
    page = client.get(url(crew, "home")).content.decode()
    token = page.split("/calendar/")[1].split(".ics")[0]
    client.logout()
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and b"BEGIN:VEVENT" in feed.content
    assert b"wellbeing" not in feed.content.lower()
    client.force_login(crew.asye_user)
    client.post(url(crew, "feed_manage"), {"action": "revoke"})
    client.logout()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


@pytest.mark.django_db
def test_compliance_page_and_excel(client: Client, crew: Crew) -> None:
    from tests.supervision.test_schedule import held

    held(crew, crew.senior, clock.today() - timedelta(days=10))
    client.force_login(crew.manager_user)
    page = client.get(url(crew, "compliance")).content.decode()
    assert "Assessment Team 1" in page and "<svg" in page and "Overdue now" in page
    xlsx = client.get(url(crew, "compliance"), {"format": "xlsx"})
    book = load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames == ["Compliance", "Trend", "Overdue"]
    rows = list(book["Compliance"].iter_rows(min_row=3, values_only=True))
    assert rows[0][0] == "Assessment Team 1" and rows[0][1] == 3
    client.force_login(crew.senior_user)
    assert client.get(url(crew, "compliance")).status_code == 403


@pytest.mark.django_db
def test_policy_page(client: Client, crew: Crew) -> None:
    client.force_login(make_user(crew.org, Role.PRINCIPAL_SOCIAL_WORKER))
    today = clock.today()
    response = client.post(
        url(crew, "policy"),
        {
            "action": "policy",
            "effective_from_0": today.day,
            "effective_from_1": today.month,
            "effective_from_2": today.year,
            "applies_to": "team_type",
            "team_type": "residential",
            "frequency": "six_weekly",
            "minimum_minutes_per_month": "60",
        },
    )
    assert response.status_code == 302
    assert SupervisionPolicy.objects.get().team_type == "residential"
    page = client.get(url(crew, "policy")).content.decode()
    assert "Every six weeks" in page and "Compliance allows no days of grace" in page
    # The days of grace are a council setting; a bad value is refused, keeping what was typed.
    page = client.post(
        url(crew, "policy"),
        {
            "action": "settings",
            "personal_access": "managers",
            "retention_years": "6",
            "grace_days": "90",
        },
    ).content.decode()
    assert "Error:" in page and 'value="90"' in page
    response = client.post(
        url(crew, "policy"),
        {
            "action": "settings",
            "personal_access": "managers",
            "retention_years": "6",
            "grace_days": "5",
        },
    )
    assert response.status_code == 302
    settings = SupervisionSettings.objects.get(organisation=crew.org)
    assert (settings.personal_access, settings.retention_years, settings.grace_days) == (
        "managers",
        6,
        5,
    )
    page = client.get(url(crew, "policy")).content.decode()
    assert "Compliance allows 5 days of grace" in page and 'name="grace_days"' in page
    # A settings form drawn before that save is refused, keeping what was typed.
    assert f'name="version" value="{settings.version}"' in page
    stale = {
        "action": "settings",
        "personal_access": "the_two",
        "retention_years": "7",
        "grace_days": "3",
        "version": str(settings.version - 1),
    }
    page = client.post(url(crew, "policy"), stale).content.decode()
    assert "Someone else changed the settings" in page and 'value="7"' in page
    settings.refresh_from_db()
    assert settings.grace_days == 5
    client.force_login(crew.manager_user)
    assert (
        client.post(
            url(crew, "policy"),
            {
                "action": "settings",
                "personal_access": "the_two",
                "retention_years": "6",
                "grace_days": "0",
            },
        ).status_code
        == 403
    )
    # Managers read the policy (in words), not the settings form.
    page = client.get(url(crew, "policy")).content.decode()
    assert "Compliance allows 5 days of grace" in page and 'name="grace_days"' not in page


@pytest.mark.django_db
def test_a_persons_own_rule_and_the_skills_list(client: Client, crew: Crew) -> None:
    client.force_login(make_user(crew.org, Role.PRINCIPAL_SOCIAL_WORKER))
    today = clock.today()
    base = {
        "action": "policy",
        "effective_from_0": today.day,
        "effective_from_1": today.month,
        "effective_from_2": today.year,
        "applies_to": "person",
        "frequency": "fortnightly",
        "minimum_minutes_per_month": "120",
    }
    page = client.post(url(crew, "policy"), {**base, "staff_id": "nobody"}).content.decode()
    assert "There is nobody with staff ID nobody" in page
    assert client.post(url(crew, "policy"), {**base, "staff_id": "100003"}).status_code == 302
    assert SupervisionPolicy.objects.get().person == crew.senior
    skills = url(crew, "skills")
    assert "Hearing the child&#x27;s voice" in client.get(skills).content.decode()
    response = client.post(
        skills,
        {
            "name": "Systemic practice",
            "available_from_0": today.day,
            "available_from_1": today.month,
            "available_from_2": today.year,
        },
    )
    assert response.status_code == 302
    client.force_login(crew.manager_user)
    assert client.get(skills).status_code == 403


@pytest.mark.django_db
def test_the_person_page_shows_one_picture_to_those_who_may_see_it(
    client: Client, crew: Crew
) -> None:
    from tests.supervision.test_schedule import held

    held(crew, crew.senior, clock.today() - timedelta(days=3))
    url = reverse("people:person", args=[crew.org.code, crew.senior.pk])
    client.force_login(crew.manager_user)
    page = client.get(url).content.decode()
    assert "Supervision, CPD and learning" in page and "CPD this registration year" in page
    assert "Mandatory learning" in page
    client.force_login(make_user(crew.org, Role.HR_RECRUITMENT))
    page = client.get(url).content.decode()
    assert client.get(url).status_code == 200 and "Supervision, CPD and learning" not in page


@pytest.mark.django_db
def test_home_shows_your_work(client: Client, crew: Crew) -> None:
    from tests.supervision.test_schedule import held

    held(crew, crew.senior, clock.today() - timedelta(days=3))
    client.force_login(crew.senior_user)
    page = client.get(reverse("core:org_home", args=[crew.org.code])).content.decode()
    assert "Your work" in page and "Next due" in page and "CPD" in page
    client.force_login(crew.manager_user)
    page = client.get(reverse("core:org_home", args=[crew.org.code])).content.decode()
    assert "People you supervise" in page and "2: " in page


@pytest.mark.django_db
def test_team_page_shows_supervision_and_learning(client: Client, crew: Crew) -> None:
    from tests.supervision.test_schedule import held

    held(crew, crew.senior, clock.today() - timedelta(days=3))
    client.force_login(crew.manager_user)
    page = client.get(reverse("people:team", args=[crew.org.code, crew.team.pk])).content.decode()
    assert "Supervised within policy, last 3 months" in page and "Mandatory learning" in page
    client.force_login(make_user(crew.org, Role.HR_RECRUITMENT))
    page = client.get(reverse("people:team", args=[crew.org.code, crew.team.pk])).content.decode()
    assert "Supervised within policy" not in page


@pytest.mark.django_db
def test_group_case_supervision_invites_every_discipline(client: Client, crew: Crew) -> None:
    from decimal import Decimal

    from thrive.people.services import staff_add

    da = staff_add(
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
    client.force_login(crew.manager_user)
    assert "Dina Abbott" in client.get(url(crew, "book")).content.decode()
    day = clock.today() + timedelta(days=2)
    response = client.post(
        url(crew, "book"),
        {
            "kind": "group",
            "attendees": [da.pk, crew.senior.pk],
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "start_time": "10:00",
            "planned_minutes": "120",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(kind="group")
    assert set(session.attendance.values_list("person_id", flat=True)) == {da.pk, crew.senior.pk}


@pytest.mark.django_db
def test_rules_are_shown_in_words(client: Client, crew: Crew) -> None:
    from thrive.people.models import EmploymentSpell
    from thrive.supervision.services import supervision_policy_add

    supervision_policy_add(
        organisation=crew.org, effective_from=date(2020, 1, 1), frequency="six_weekly", org_role=4
    )
    # Noor qualified a month ago, so she is in her ASYE today.
    EmploymentSpell.objects.filter(person=crew.asye).update(
        start_date=clock.today() - timedelta(days=30)
    )
    client.force_login(crew.manager_user)
    page = client.get(url(crew, "home")).content.decode()
    # The diary's Rule column: Sam (a senior practitioner) six-weekly; Noor on the ASYE ladder.
    assert "Every six weeks" in page
    assert "ASYE: weekly for six weeks, fortnightly to six months, then monthly" in page
    assert "six_weekly" not in page and ">asye<" not in page
    client.force_login(crew.asye_user)
    page = client.get(url(crew, "home")).content.decode()
    assert (
        "ASYE: weekly for six weeks, fortnightly to six months, then monthly; at least 90 minutes"
        in page
    )


@pytest.mark.django_db
def test_a_personal_addendum_is_as_confidential_as_wellbeing(client: Client, crew: Crew) -> None:
    from thrive.core.permissions import access_for
    from thrive.supervision.services import record_save, reflections_save, settings_save

    boss = access_for(crew.manager_user, crew.org)
    session = Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        supervisee=crew.senior,
        team=crew.team,
        starts_at=clock.now() - timedelta(days=2),
    )
    record_save(access=boss, session=session, minutes=90, wellbeing="Fine.", sign=True)
    reflections_save(
        access=access_for(crew.senior_user, crew.org), session=session, reflections="", agree=True
    )
    client.force_login(crew.senior_user)
    page = client.get(url(crew, "session", session.pk)).content.decode()
    assert "About wellbeing or reflections – keep it as confidential as those parts" in page
    # What was typed is kept when the addendum is refused (empty text).
    page = client.post(
        url(crew, "session", session.pk), {"action": "addendum", "text": "", "personal": "on"}
    ).content.decode()
    assert "<title>Error:" in page and 'name="personal"' in page and "checked" in page
    for text, personal in [
        ("Correction: my wellbeing is worse than recorded; on leave next week.", "on"),
        ("The transfer meeting moved to Monday.", ""),
    ]:
        response = client.post(
            url(crew, "session", session.pk),
            {"action": "addendum", "text": text, "personal": personal},
        )
        assert response.status_code == 302
    page = client.get(url(crew, "session", session.pk)).content.decode()
    assert "wellbeing is worse" in page and "Confidential</strong>" in page
    # The principal social worker reads the record but not the personal addendum...
    psw = make_user(crew.org, Role.PRINCIPAL_SOCIAL_WORKER)
    client.force_login(psw)
    page = client.get(url(crew, "session", session.pk)).content.decode()
    assert "transfer meeting moved" in page and "wellbeing is worse" not in page
    assert "keep it as confidential" not in page  # only the two add addenda
    # ... until the council's setting lets them read the personal parts.
    settings_save(
        organisation=crew.org, personal_access="managers_psw", retention_years=7, actor=None
    )
    page = client.get(url(crew, "session", session.pk)).content.decode()
    assert "wellbeing is worse" in page


@pytest.mark.django_db
def test_a_debrief_has_its_own_record(client: Client, crew: Crew) -> None:
    from thrive.core.permissions import access_for
    from thrive.supervision.services import session_book

    boss = access_for(crew.manager_user, crew.org)
    debrief = session_book(
        access=boss,
        supervisor=crew.manager,
        supervisee=crew.senior,
        kind="debrief",
        starts_at=clock.now() - timedelta(days=1),
    )
    client.force_login(crew.manager_user)
    record = url(crew, "record", debrief.pk)
    form = client.get(record).content.decode()
    assert "What happened" in form and "Support offered and agreed" in form
    assert "Practice skills seen in the work" not in form
    page = client.post(record, {"minutes": "45", "support_agreed": "Joint visits"}).content.decode()
    assert "Enter the date of the incident" in page or "date of the incident" in page
    assert "Joint visits" in page  # what was typed is kept
    yesterday = clock.today() - timedelta(days=2)
    done = client.post(
        record,
        {
            "minutes": "45",
            "incident_on_0": str(yesterday.day),
            "incident_on_1": str(yesterday.month),
            "incident_on_2": str(yesterday.year),
            "incident": "A father threatened Sam at the door.",
            "wellbeing": "Shaken.",
            "support_agreed": "Joint visits",
            "action": "save",
            "version": str(debrief.version),
        },
    )
    assert done.status_code == 302
    shown = client.get(url(crew, "session", debrief.pk)).content.decode()
    assert "A father threatened Sam at the door." in shown and "How it has affected them" in shown
