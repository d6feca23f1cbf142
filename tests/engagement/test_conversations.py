"""Stay and exit conversations on the pages: a person with overdue supervision is flagged for a
stay conversation in their manager's list (and quietened once one is held); a leaver waits for an
exit conversation, which is then counted by reason for the retention analysis; returners are
listed; nothing is shown to another team's manager or to a practitioner."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.engagement.helpers import person_in
from tests.factories import make_staff, make_team, make_user
from thrive.engagement.conversations import stay_settings, stay_settings_set
from thrive.engagement.exits import exit_reasons
from thrive.engagement.models import StayConversation
from thrive.people.services import spell_end


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_stay_prompts_and_exit_conversations(org: Any, today: date, frozen_clock: Any) -> None:
    duty, fostering = make_team(org, "Duty"), make_team(org, "Fostering", service="Care")
    worker = make_staff(org, staff_id="C1", team=duty)
    leaver = make_staff(org, staff_id="C2", team=duty)
    spell = leaver.spells.get()
    spell = spell_end(
        spell=spell,
        end_date=today - timedelta(days=10),
        leaving_reason=3,
        leaver_destination=None,
        version=spell.version,
    )
    manager = make_user(org, "team_manager", team=duty)
    # Two months on, the worker's first supervision (due within a month) is a month overdue.
    frozen_clock.move_to(datetime.combine(today + timedelta(days=60), time(10)))
    today = today + timedelta(days=60)
    boss = _client(manager)
    url = reverse("engagement:conversations", args=[org.code])

    page = boss.get(url).content.decode()
    assert worker.full_name in page and "Supervision" in page  # never supervised: overdue
    assert leaver.full_name in page and "Record the exit conversation" in page

    # The exit conversation: the main reason is required and named.
    exit_url = reverse("engagement:exit_add", args=[org.code, spell.pk])
    form: dict[str, Any] = {"would_come_back": "maybe", **_date("held_on", today)}
    assert "Choose the main reason for leaving" in boss.post(exit_url, form).content.decode()
    form |= {
        "main_reason": "workload",
        "other_reasons": ["pay"],
        "good_ending": ["reflective", "reference"],
    }
    assert boss.post(exit_url, form).status_code == 302
    rows = exit_reasons(org, today - timedelta(days=90), today)
    assert [(r.reason, r.main, r.mentioned) for r in rows] == [
        ("pay", 0, 1),
        ("workload", 1, 1),
    ]
    page = boss.get(url).content.decode()
    assert "Record the exit conversation" not in page and "reference promised" in page

    # The stay conversation quietens the prompt.
    stay_url = reverse("engagement:stay_add", args=[org.code, worker.pk])
    assert "Prompted by: Supervision" in boss.get(stay_url).content.decode()
    posted = {"notes": "Talked about workload", "agreed": "Supervision booked monthly"}
    assert boss.post(stay_url, {**posted, **_date("held_on", today)}).status_code == 302
    assert StayConversation.objects.get().signals == ["supervision"]
    assert "Record a stay conversation" not in boss.get(url).content.decode()

    # Another team's manager and a practitioner see none of it.
    other = _client(make_user(org, "team_manager", team=fostering))
    page = other.get(url).content.decode()
    assert worker.full_name not in page and leaver.full_name not in page
    assert other.get(stay_url).status_code == 404 and other.get(exit_url).status_code == 404
    practitioner = person_in(org, duty, "C3")[1]
    assert _client(practitioner).get(url).status_code == 403


def test_the_council_chooses_the_signals(org: Any) -> None:
    hr = make_user(org, "hr_recruitment")
    assert stay_settings(org).signals == ["over_cap", "supervision", "progression"]
    stay_settings_set(
        organisation=org,
        signals=["over_cap"],
        over_cap_weeks=12,
        supervision_overdue_days=30,
        actor=hr,
    )
    assert stay_settings(org).signals == ["over_cap"] and stay_settings(org).over_cap_weeks == 12
    page = _client(hr).post(
        reverse("engagement:conversations", args=[org.code]),
        {"signals": ["supervision"], "over_cap_weeks": "0", "supervision_overdue_days": "10"},
    )
    assert "The weeks over the caseload cap must be from 1 to 52" in page.content.decode()
    assert stay_settings(org).signals == ["over_cap"]
    team = make_team(org, "Duty")
    manager = make_user(org, "team_manager", team=team)
    response = _client(manager).post(
        reverse("engagement:conversations", args=[org.code]),
        {"signals": ["supervision"], "over_cap_weeks": "8", "supervision_overdue_days": "10"},
    )
    assert response.status_code == 403


def test_a_stay_conversation_recorded_without_a_sign_in_is_listed(org: Any, today: date) -> None:
    """The demo (and an import) records conversations with no signed-in holder: the list shows
    them with the holder left blank, not a server error."""
    from thrive.engagement.conversations import stay_conversation_record

    duty = make_team(org, "Duty")
    worker = make_staff(org, staff_id="C1", team=duty)
    stay_conversation_record(
        person=worker, team=duty, held_on=today, notes="Talked about the rota.", actor=None
    )
    page = _client(make_user(org, "team_manager", team=duty)).get(
        reverse("engagement:conversations", args=[org.code])
    )
    assert page.status_code == 200
    assert worker.full_name in page.content.decode()


def test_a_progression_the_panel_did_not_agree_prompts_a_stay_conversation(
    org: Any, today: date
) -> None:
    from thrive.academy.models import ProgressionLevel, ProgressionPlan
    from thrive.academy.services.progression import plan_add, progression_defaults
    from thrive.core.permissions import access_for
    from thrive.engagement.conversations import stay_prompts

    duty = make_team(org, "Duty")
    worker = make_staff(org, staff_id="P1", team=duty)
    earlier = make_staff(org, staff_id="P2", team=duty)
    progression_defaults(organisation=org, actor=None)
    level = ProgressionLevel.objects.for_org(org).first()
    assert level is not None
    for person, days_ago in ((worker, 40), (earlier, 400)):
        plan = plan_add(person=person, level=level, goals="Senior practitioner", actor=None)
        # The panel's "not yet" (its own journey is tested in the academy's tests).
        ProgressionPlan.objects.filter(pk=plan.pk).update(
            status="not_yet", panel_on=today - timedelta(days=days_ago), feedback="Not yet."
        )
    manager = make_user(org, "team_manager", team=duty)
    prompts = stay_prompts(access_for(manager, org), today)
    flagged = {p.spell.person_id: p for p in prompts}
    assert "progression" in flagged[worker.pk].codes
    assert "Progression not agreed at the panel on" in " ".join(flagged[worker.pk].reasons)
    # A year on, the signal has passed.
    assert earlier.pk not in flagged or "progression" not in flagged[earlier.pk].codes
