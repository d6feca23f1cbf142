"""Hours worked before Thrive held a published rota: recorded on the home's set-up page or
imported with `thrive rota hours --file`, they count towards the average weekly hours over the
reference period, so the solver gives a worker who worked long weeks less."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from thrive.agency.models import RotaHoursWorked
from thrive.agency.rota_selectors import rota_problem
from thrive.agency.rota_solver import Assignment, verify
from thrive.agency.services import home_add, rota_solve, rota_worker_add, shift_add
from thrive.cli import main
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 6, 15)  # the suite's day is Wednesday 17 June 2026


def test_earlier_weeks_count_towards_the_average(org: Any, tmp_path: Path, capsys: Any) -> None:
    team = make_team(org, "Residential Hub", service="Children in Care")
    home = home_add(
        organisation=org, code="hub", name="Hub", kind="no_wrong_door", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="long", name="Long day", starts=time(7), ends=time(19))
    ann = rota_worker_add(home=home, actor=None, name="Ann Long", tier="own", contracted_hours=36)
    rota_worker_add(home=home, actor=None, name="Bea", tier="bank", hourly_cost="20")
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    client = Client()
    client.force_login(manager)
    url = reverse("agency:home_setup", args=[org.code, home.pk])
    form = {
        "add": "worked",
        "worked-worker": str(ann.pk),
        "worked-week_starts_0": "18",
        "worked-week_starts_1": "5",
        "worked-week_starts_2": "2026",
        "worked-hours": "54",
        "worked-note": "Old rota",
    }
    assert client.post(url, form).status_code == 302
    # A week not over yet, and a week overlapping one recorded: refused, what was typed kept.
    early = client.post(url, form | {"worked-week_starts_0": "15", "worked-week_starts_1": "6"})
    assert "is not over yet" in early.content.decode()
    overlap = client.post(url, form | {"worked-week_starts_0": "20"}).content.decode()
    assert "overlaps the week from 18 May 2026" in overlap and 'value="Old rota"' in overlap
    # Three more weeks from a file; the week of 18 May corrected (the old figure audited).
    sheet = tmp_path / "hours.csv"
    sheet.write_text(
        "worker,week_starts,hours,note\n"
        "Ann Long,2026-05-25,54,Timesheets\n"
        "Ann Long,2026-06-01,54,Timesheets\n"
        "Ann Long,2026-06-08,54,Timesheets\n"
        "Ann Long,2026-05-18,54,Timesheets\n"
    )
    command = ["rota", "hours", "--org", org.code, "--home", "hub", "--file", str(sheet)]
    elsewhere = make_user(org, Role.TEAM_MANAGER, team=make_team(org, "Elsewhere"))
    assert main([*command, "--as", elsewhere.email]) == 1  # not their home
    assert RotaHoursWorked.objects.count() == 1
    # Correcting 18 May needs the version read (new weeks need none): refused naming it, and
    # nothing of the file recorded; with the version in its column, recorded.
    capsys.readouterr()
    assert main([*command, "--as", manager.email]) == 1
    assert RotaHoursWorked.objects.count() == 1
    first = RotaHoursWorked.objects.get()
    refused = capsys.readouterr().err
    assert f"18 May 2026 already has 54 hours recorded, at version {first.version}" in refused
    assert "Give it with --version (one week) or in the file's version column" in refused
    sheet.write_text(
        "worker,week_starts,hours,note,version\n"
        "Ann Long,2026-05-25,54,Timesheets,\n"
        "Ann Long,2026-06-01,54,Timesheets,\n"
        "Ann Long,2026-06-08,54,Timesheets,\n"
        f"Ann Long,2026-05-18,54,Timesheets,{first.version}\n"
    )
    assert main([*command, "--as", manager.email]) == 0
    assert RotaHoursWorked.objects.filter(worker=ann).count() == 4
    assert AuditEvent.objects.filter(
        action="agency.rota_hours_recorded", summary__contains="(was 54)"
    ).exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("worker,week_starts,hours\nNo One,2026-05-11,40\n")
    assert main(["rota", "hours", "--org", org.code, "--home", "hub", "--file", str(bad)]) != 0
    assert RotaHoursWorked.objects.count() == 4  # all or nothing
    page = client.get(url).content.decode()
    assert "Hours worked before Thrive" in page and "Timesheets" in page

    # Four weeks of 54 hours: over the five weeks to the rota's end Ann may work 48 x 5 - 216
    # = 24 hours, two long days; the solver gives her no more and the check agrees.
    problem, _, _, workers = rota_problem(home, MONDAY, 1)
    (spec,) = [s for s in problem.staff if s.name == "Ann Long"]
    assert (spec.prior_weeks, spec.prior_minutes) == (4, 216 * 60)
    rota = rota_solve(home=home, starts=MONDAY, weeks=1, actor=None, time_limit=2)
    assert sum(a.hours for a in rota.assignments.filter(worker=ann)) == 24
    assert any(
        "Ann Long: at the 48-hour weekly average" in a.reason
        for a in rota.assignments.filter(tier="bank")
    )
    key = {w.pk: k for k, w in workers.items()}
    saved = [
        Assignment(a.day, a.shift.code, key[a.worker_id], a.tier, float(a.hours), 0)
        for a in rota.assignments.select_related("shift")
    ]
    assert verify(problem, saved) == []
    bea_day = next(a for a in saved if a.staff != key[ann.pk])
    more = saved + [Assignment(bea_day.day, "long", key[ann.pk], "own", 12, 0)]
    assert any("with 216 in the 4 weeks before" in b for b in verify(problem, more))
    assert Decimal(24) == sum(a.hours for a in saved if a.staff == key[ann.pk])


def _seen(page: str) -> str:
    import re

    found = re.search(r'name="worked-seen" value="([^"]*)"', page)
    assert found is not None, "the form carries the versions it showed"
    return found.group(1)


def test_a_stale_tab_cannot_overwrite_a_week_corrected_since(org: Any) -> None:
    """Two tabs open on the set-up page: the first records a week, the second (opened before)
    is refused with what it typed kept, and records it once it has seen the figure now."""
    team = make_team(org, "Residential Hub", service="Children in Care")
    home = home_add(
        organisation=org, code="hub", name="Hub", kind="no_wrong_door", team=team, actor=None
    )
    ann = rota_worker_add(home=home, actor=None, name="Ann Long", tier="own", contracted_hours=36)
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    client = Client()
    client.force_login(manager)
    url = reverse("agency:home_setup", args=[org.code, home.pk])
    week = {
        "add": "worked",
        "worked-worker": str(ann.pk),
        "worked-week_starts_0": "18",
        "worked-week_starts_1": "5",
        "worked-week_starts_2": "2026",
        "worked-note": "Old rota",
    }
    before_any = _seen(client.get(url).content.decode())  # a tab opened before any was recorded
    first = _seen(client.get(url).content.decode())
    assert client.post(url, week | {"worked-hours": "54", "worked-seen": first}).status_code == 302
    # The tab opened before the week was recorded does not overwrite it.
    late = client.post(url, week | {"worked-hours": "30", "worked-seen": before_any})
    assert "was recorded or changed by someone else" in late.content.decode()
    tab_a = _seen(client.get(url).content.decode())
    tab_b = _seen(client.get(url).content.decode())
    assert tab_a == tab_b and f"{ann.pk}:2026-05-18:1" in tab_a
    assert client.post(url, week | {"worked-hours": "50", "worked-seen": tab_a}).status_code == 302
    stale = client.post(url, week | {"worked-hours": "40", "worked-seen": tab_b})
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "Ann Long&#x27;s week from 18 May 2026 was recorded or changed by someone else" in page
    assert 'value="40"' in page and 'value="Old rota"' in page  # what was typed, kept
    row = RotaHoursWorked.objects.get(worker=ann)
    assert (row.hours, row.version) == (Decimal(50), 2)
    # The page shown again carries the version now: sent again, it corrects the week knowingly.
    again = _seen(page)
    assert f"{ann.pk}:2026-05-18:2" in again
    assert client.post(url, week | {"worked-hours": "40", "worked-seen": again}).status_code == 302
    row.refresh_from_db()
    assert (row.hours, row.version) == (Decimal(40), 3)
    assert AuditEvent.objects.filter(action="agency.rota_hours_recorded").count() == 3
