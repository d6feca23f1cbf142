"""Residential rotas end to end: a hub built from the sample, filled by `thrive rota solve`
(every hard rule checked again from the saved rota), the rota page for its manager, publishing,
"my shifts" (page, calendar file, API) for its worker, the home's rota through the API, the
working-time rules as dated data edited on a page, and who may see what."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_staff, make_team, make_user
from thrive.agency.demo import build_sample_home
from thrive.agency.models import Rota, RotaAssignment, WorkingPattern, WorkingTimeRules
from thrive.agency.rota_selectors import rota_problem
from thrive.agency.rota_solver import Assignment, shortfalls, verify
from thrive.cli import main
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

MONDAY = date(2026, 6, 15)  # the suite's day is 17 June 2026


@pytest.fixture
def hub(org: Any) -> Any:
    team = make_team(org, "Residential Hub", service="Children in Care")
    worker = make_staff(org, first_name="Rosa", last_name="Hale")
    home = build_sample_home(
        org,
        code="hub",
        name="No Wrong Door hub",
        own_staff=8,
        start=MONDAY,
        weeks=2,
        shortage=True,
        team=team,
        link_first_to=worker,
    )
    return home, team, worker


@pytest.mark.django_db
def test_solve_publish_and_my_shifts(org: Any, hub: Any, capsys: Any) -> None:
    home, team, worker = hub
    code = main(
        [
            "rota",
            "solve",
            "--org",
            org.code,
            "--home",
            "hub",
            "--from",
            "2026-06-15",
            "--weeks",
            "2",
            "--time-limit",
            "4",
            "--format",
            "json",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    out = json.loads(captured.out)
    assert "rota 1" in captured.err  # the progress line
    assert out["status"] == "draft" and out["weeks"] == 2
    rota = Rota.objects.get(home=home)
    # Checked again from what was saved, independently of the solver's model.
    problem, _, _, workers = rota_problem(home, MONDAY, 2)
    key = {w.pk: k for k, w in workers.items()}
    saved = [
        Assignment(a.day, a.shift.code, key[a.worker_id], a.tier, float(a.hours), float(a.cost))
        for a in RotaAssignment.objects.filter(rota=rota).select_related("shift")
    ]
    assert verify(problem, saved) == []
    assert shortfalls(problem, saved) == []
    # The hub is short of waking-night staff and seniors: agency covers what no one else can,
    # counted and costed, each with why.
    agency = [a for a in out["assignments"] if a["tier"] == "agency"]
    assert agency and any(a["shift"] == "night" for a in agency)
    assert out["agency_shifts"] == len(agency)
    assert float(out["agency_cost"]) == pytest.approx(sum(float(a["cost"]) for a in agency))
    assert all("no one earlier in the fill order could" in a["reason"] for a in agency)
    assert AuditEvent.objects.filter(action="agency.rota_solved").count() == 1

    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    client = Client()
    client.force_login(manager)
    page = client.get(f"/o/{org.code}/agency/homes/{home.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Week 1, from 15 June" in html and "Cover chosen and why" in html
    # Publishing with the version seen; a stale version is refused.
    stale = client.post(
        f"/o/{org.code}/agency/homes/{home.pk}/rotas/{rota.pk}/publish/", {"version": "0"}
    )
    assert stale.status_code == 302
    assert Rota.objects.get(pk=rota.pk).status == "draft"
    client.post(
        f"/o/{org.code}/agency/homes/{home.pk}/rotas/{rota.pk}/publish/",
        {"version": str(rota.version)},
    )
    assert Rota.objects.get(pk=rota.pk).status == "published"

    # The linked worker sees their published shifts: page, calendar, API.
    practitioner = make_user(org, Role.PRACTITIONER)
    worker.user = practitioner
    worker.save()
    mine = RotaAssignment.objects.filter(
        rota=rota, worker__staff_member=worker, day__gte=date(2026, 6, 17)
    )
    assert mine.exists()
    client.force_login(practitioner)
    listed = client.get(f"/o/{org.code}/agency/my-shifts/").content.decode()
    assert listed.count("No Wrong Door hub") == mine.count()
    ics = client.get(f"/o/{org.code}/agency/my-shifts.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert (
        ics.content.decode().count("BEGIN:VEVENT")
        == RotaAssignment.objects.filter(rota=rota, worker__staff_member=worker).count()
    )
    api = client.get(f"/api/organisations/{org.code}/agency/my-shifts/").json()
    assert len(api) == mine.count()
    # A practitioner does not see the home's rota.
    assert client.get(f"/o/{org.code}/agency/homes/{home.pk}/").status_code == 403
    assert client.get(f"/api/organisations/{org.code}/agency/rota/?home=hub").status_code == 403

    client.force_login(manager)
    rota_api = client.get(f"/api/organisations/{org.code}/agency/rota/?home=hub").json()
    assert rota_api["status"] == "published"
    assert len(rota_api["assignments"]) == RotaAssignment.objects.filter(rota=rota).count()
    # Solving a published rota again is refused, with the reason.
    assert (
        main(
            [
                "rota",
                "solve",
                "--org",
                org.code,
                "--home",
                "hub",
                "--from",
                "2026-06-15",
                "--weeks",
                "2",
            ]
        )
        != 0
    )
    assert "published already" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_manager_elsewhere_cannot_fill_the_rota(org: Any, hub: Any) -> None:
    home = hub[0]
    other = make_team(org, "Assessment Team")
    manager = make_user(org, Role.TEAM_MANAGER, team=other)
    client = Client()
    client.force_login(manager)
    assert client.get(f"/o/{org.code}/agency/homes/{home.pk}/").status_code == 404
    assert client.get(f"/o/{org.code}/agency/homes/").status_code == 200
    # Nor from the command line: the home answers as one that does not exist.
    argv = ["rota", "solve", "--org", org.code, "--home", "hub", "--from", "2026-06-15"]
    assert main([*argv, "--as", manager.email]) == 1
    assert not home.rotas.exists()


@pytest.mark.django_db
def test_working_time_rules_are_dated_and_edited_on_a_page(org: Any) -> None:
    leader = make_user(org, Role.SENIOR_LEADER)
    client = Client()
    client.force_login(leader)
    assert client.get(f"/o/{org.code}/agency/working-time/").status_code == 200
    assert WorkingTimeRules.objects.count() == 1  # the regulations' facts, added once
    form = {
        "effective_from_0": "1",
        "effective_from_1": "1",
        "effective_from_2": "2027",
        "daily_rest_hours": "12",
        "weekly_rest_hours": "24",
        "max_average_weekly_hours": "46",
        "opted_out_weekly_hours": "60",
        "reference_weeks": "26",
        "night_average_hours": "7.5",
        "night_starts": "00:00",
        "night_ends": "07:00",
        "night_minimum_hours": "4",
        "source": "A planted change",
    }
    # A night period without midnight to 05:00 breaks regulation 2: refused, nothing saved.
    short = client.post(
        f"/o/{org.code}/agency/working-time/", {**form, "night_starts": "01:00"}
    ).content.decode()
    assert "including midnight to 05:00" in short and WorkingTimeRules.objects.count() == 1
    assert client.post(f"/o/{org.code}/agency/working-time/", form).status_code == 302
    assert WorkingTimeRules.objects.count() == 2
    again = client.post(f"/o/{org.code}/agency/working-time/", form)
    assert "already recorded" in again.content.decode()
    bad = client.post(f"/o/{org.code}/agency/working-time/", {**form, "daily_rest_hours": "x"})
    assert bad.status_code == 200 and 'value="A planted change"' in bad.content.decode()
    assert AuditEvent.objects.filter(action="agency.working_time_rules_added").count() == 1
    # A rota from 2027 keeps the new facts; one before keeps the old.
    from thrive.agency.rota_selectors import working_time_rules_on

    assert working_time_rules_on(date(2027, 1, 4)).daily_rest_hours == 12
    assert working_time_rules_on(date(2027, 1, 4)).night_average_hours == Decimal("7.5")
    assert working_time_rules_on(date(2027, 1, 4)).reference_weeks == 26
    assert working_time_rules_on(date(2026, 12, 28)).daily_rest_hours == 11
    assert working_time_rules_on(date(2026, 12, 28)).night_average_hours == 8
    # The night period is data the solver and the check read: a 20:00-03:00 shift has four
    # hours in 23:00-06:00 (night work) but three in 00:00-07:00, under the four now needed.
    from datetime import time

    from thrive.agency.rota_solver import is_night_shift
    from thrive.agency.services import home_add, shift_add

    home = home_add(organisation=org, code="elm", name="Elm", kind="childrens_home", actor=None)
    shift_add(home=home, actor=None, code="late", name="Late", starts=time(20), ends=time(3))
    before, *_ = rota_problem(home, date(2026, 12, 28), 1)
    after, *_ = rota_problem(home, date(2027, 1, 4), 1)
    assert (before.rules.night_start_minute, before.rules.night_end_minute) == (1380, 1800)
    assert (after.rules.night_start_minute, after.rules.night_end_minute) == (0, 420)
    assert after.rules.night_minimum_hours == 4
    assert is_night_shift(before.shifts[0], before.rules)
    assert not is_night_shift(after.shifts[0], after.rules)
    page = client.get(f"/o/{org.code}/agency/working-time/").content.decode()
    assert "00:00 to 07:00; night work: 4.0 hours" in page


@pytest.mark.django_db
def test_the_demo_hub(org: Any) -> None:
    from tests.factories import link_user
    from thrive.agency.demo import seed_rotas
    from thrive.agency.models import Home, ShiftSwap

    user = make_user(org, Role.PRACTITIONER, email="rota.demo@example.org")
    link_user(make_staff(org, first_name="Demo", last_name="Worker"), user)
    filled = seed_rotas(org, practitioner_email="rota.demo@example.org")
    assert Home.objects.filter(organisation=org, code="hub").count() == 1
    # The swap journey: the practitioner's exchange, asked for and approved, every rule kept.
    (swap,) = ShiftSwap.objects.filter(give__rota__home__organisation=org)
    assert swap.status == "approved" and swap.take is not None
    assert swap.asker.staff_member is not None and swap.asker.staff_member.user == user
    swap.give.refresh_from_db()
    swap.take.refresh_from_db()
    assert (swap.give.worker, swap.take.worker) == (swap.colleague, swap.asker)
    assert swap.give.hours == swap.take.hours and swap.give.pk != swap.take.pk
    # Filled however busy the machine (the first fit when the search has no time).
    assert filled > 0
    rota = Rota.objects.get(home__organisation=org)
    assert rota.status == "published" and rota.weeks == 4
    from thrive.agency.rota_selectors import rota_now_breaks

    assert rota_now_breaks(rota, list(rota.assignments.select_related("shift"))) == []
    # only agency holds the waking-night training the one trained worker cannot cover
    assert rota.agency_shifts > 0
    # Working patterns, dated: a part-time worker's four days cut to Monday to Wednesday from
    # the third week, a worker on days only, an Early Help worker on Tuesdays and Thursdays;
    # none of them is rostered outside the pattern in force that day.
    patterns = list(WorkingPattern.objects.filter(worker__home__organisation=org))
    assert sorted((p.worker.name, p.describe()) for p in patterns) == [
        ("Early Help worker 1", "Tue, Thu, 07:00–22:30"),
        ("Home worker 4", "Mon, Tue, Wed"),
        ("Home worker 4", "Mon, Tue, Wed, Thu"),
        ("Home worker 6", "Mon, Tue, Wed, Thu, Fri, Sat, Sun, 07:00–22:30"),
    ]
    assert AuditEvent.objects.filter(action="agency.working_pattern_set").count() == 4
    by_worker: dict[int, list[Any]] = {}
    for p in sorted(patterns, key=lambda p: p.effective_from):
        by_worker.setdefault(p.worker_id, []).append(p)
    patterned = rota.assignments.filter(worker_id__in=list(by_worker)).select_related("shift")
    assert patterned.exists()
    for a in patterned:
        in_force = [p for p in by_worker[a.worker_id] if p.effective_from <= a.day][-1]
        start = a.shift.starts.hour * 60 + a.shift.starts.minute
        end = a.shift.ends.hour * 60 + a.shift.ends.minute
        assert in_force.fits(a.day, start, end + (1440 if end <= start else 0)), a
    assert seed_rotas(org) == 0  # once only
