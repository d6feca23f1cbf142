"""A home's set-up page links a rota worker to the register and records their leave (the solver
keeps them off those days); time off in lieu is earned by extra shifts when a rota is published
and taken as leave from the balance; the 48-hour average reads the hours of earlier published
rotas in the reference period."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.agency.rota_pages import seen_workers
from tests.factories import make_staff, make_team, make_user
from thrive.agency.models import RotaAssignment, RotaUnavailable, RotaWorker, ToilEntry
from thrive.agency.rota_selectors import rota_problem
from thrive.agency.services import (
    home_add,
    rota_publish,
    rota_solve,
    rota_worker_add,
    shift_add,
    toil_balance,
)
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 6, 15)


def _home(org: Any, team: Any = None) -> Any:
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="day", name="Day", starts=time(9), ends=time(17))
    return home


def test_link_to_the_register_and_record_leave_on_the_page(org: Any) -> None:
    team = make_team(org, "Oak House", service="Children in Care")
    home = _home(org, team)
    rosa = make_staff(org, staff_id="S-ROSA", first_name="Rosa", last_name="Hale")
    ann = rota_worker_add(home=home, actor=None, name="Ann", tier="own", contracted_hours=37)
    url = reverse("agency:home_setup", args=[org.code, home.pk])
    client = Client()
    client.force_login(make_user(org, Role.TEAM_MANAGER, team=team))

    # A worker added by staff ID takes the register's name.
    client.post(
        url,
        {
            "add": "worker",
            "worker-staff_id": "S-ROSA",
            "worker-tier": "own",
            "worker-contracted_hours": "30",
            "worker-hourly_cost": "16.50",
            "worker-extra_hours_as": "toil",
        },
    )
    added = RotaWorker.objects.get(home=home, staff_member=rosa)
    assert added.name == "Rosa Hale"

    # An unknown staff ID is refused on its field, what was typed kept.
    seen = {"workers-seen": seen_workers(client, url)}
    refused = client.post(
        url, {"add": "link", "link-worker": str(ann.pk), "link-staff_id": "NOPE-1"} | seen
    ).content.decode()
    assert "No one in the council&#x27;s register has the staff ID NOPE-1" in refused
    assert 'value="NOPE-1"' in refused
    # The same person twice in one home is refused.
    twice = client.post(
        url, {"add": "link", "link-worker": str(ann.pk), "link-staff_id": "S-ROSA"} | seen
    ).content.decode()
    assert "already linked to Rosa Hale" in twice
    make_staff(org, staff_id="S-ANN", first_name="Ann", last_name="Oak")
    done = client.post(
        url, {"add": "link", "link-worker": str(ann.pk), "link-staff_id": "S-ANN"} | seen
    )
    assert done.status_code == 302
    linked = RotaWorker.objects.get(pk=ann.pk).staff_member
    assert linked is not None and linked.staff_id == "S-ANN"

    leave = {
        "add": "leave",
        "leave-worker": str(ann.pk),
        "leave-start_date_0": "16",
        "leave-start_date_1": "6",
        "leave-start_date_2": "2026",
        "leave-end_date_0": "18",
        "leave-end_date_1": "6",
        "leave-end_date_2": "2026",
        "leave-reason": "Annual leave",
    }
    backwards = client.post(url, leave | {"leave-end_date_0": "14"}).content.decode()
    assert "The last day must be on or after the first day" in backwards
    assert client.post(url, leave).status_code == 302
    page = client.get(url).content.decode()
    assert "S-ANN" in page and "16 Jun to 18 Jun (Annual leave)" in page
    # The solver keeps her off those days.
    problem, *_ = rota_problem(home, MONDAY, 1)
    ann_spec = next(w for w in problem.staff if w.name == "Ann")
    assert ann_spec.unavailable == {date(2026, 6, 16), date(2026, 6, 17), date(2026, 6, 18)}
    api = client.get(f"/api/organisations/{org.code}/agency/rota/workers/?home=oak").json()
    assert [(w["name"], w["staff_id"], len(w["leave"])) for w in api] == [
        ("Ann", "S-ANN", 1),
        ("Rosa Hale", "S-ROSA", 0),
    ]
    # Time off in lieu cannot be taken without a balance.
    toil = leave | {"leave-reason": "Time off in lieu", "leave-toil_hours": "8"}
    no_balance = client.post(url, toil | {"leave-worker": str(added.pk)}).content.decode()
    assert "Rosa Hale has 0 hours of time off in lieu; 8 cannot be taken" in no_balance
    assert RotaUnavailable.objects.filter(worker=added).count() == 0  # nothing half-written
    assert set(
        AuditEvent.objects.filter(
            action__in=["agency.rota_worker_linked", "agency.rota_leave_added"]
        ).values_list("action", flat=True)
    ) == {"agency.rota_worker_linked", "agency.rota_leave_added"}
    # Someone who sees the home but does not manage it cannot link or record leave.
    client.force_login(make_user(org, Role.SENIOR_LEADER))
    assert client.post(url, leave).status_code == 403


def test_toil_earned_on_publishing_taken_as_leave_and_the_average_over_earlier_rotas(
    org: Any,
) -> None:
    home = _home(org)
    own = rota_worker_add(
        home=home, actor=None, name="Ann", tier="own", contracted_hours=16, extra_hours_as="toil"
    )
    cover = rota_worker_add(
        home=home,
        actor=None,
        name="Cy",
        tier="cover_pool",
        from_service="Early Help",
        max_hours_week=8,
        extra_hours_as="toil",
    )
    rota_worker_add(home=home, actor=None, name="Agnes", tier="agency", hourly_cost=30)
    rota = rota_solve(home=home, starts=MONDAY, weeks=1, actor=None, time_limit=5)
    worked = {
        w: sum(a.hours for a in RotaAssignment.objects.filter(rota=rota, worker=w))
        for w in (own, cover)
    }
    # Ann works six days (one off for the weekly rest), the cover pool the seventh.
    assert worked == {own: Decimal(48), cover: Decimal(8)}
    assert not ToilEntry.objects.exists()  # a draft earns nothing
    from thrive.agency.rota_selectors import extra_hours_totals, rota_hours

    hours = rota_hours(list(RotaAssignment.objects.filter(rota=rota).select_related("worker")), 1)
    assert extra_hours_totals(hours) == {"Time off in lieu": 40.0}  # 32 + 8
    rota_publish(rota=rota, version=rota.version, actor=None)
    assert toil_balance(own) == Decimal(32)  # 48 worked, 16 contracted
    assert toil_balance(cover) == Decimal(8)  # every hour beyond their own service's
    assert AuditEvent.objects.filter(action="agency.toil_earned").count() == 2

    # Leave recorded after publishing: the rota page names the rule the rota now breaks.
    worked_day = RotaAssignment.objects.filter(rota=rota, worker=own).order_by("day")[0].day
    from thrive.agency.services import rota_leave_add

    late = rota_leave_add(
        worker=own, start_date=worked_day, end_date=worked_day, reason="Sickness", actor=None
    )
    client = Client()
    client.force_login(make_user(org, Role.SENIOR_LEADER))
    page = client.get(reverse("agency:home_rota", args=[org.code, home.pk])).content.decode()
    assert "This rota now breaks these rules" in page
    assert f"Ann is on day on {worked_day} while unavailable" in page
    late.delete()
    assert (
        "now breaks"
        not in client.get(reverse("agency:home_rota", args=[org.code, home.pk])).content.decode()
    )

    # The next week's 48-hour average reads the week before: 48 + 48 is within 2 x 48.
    problem, *_ = rota_problem(home, MONDAY + timedelta(days=7), 1)
    ann = next(w for w in problem.staff if w.name == "Ann")
    assert (ann.prior_minutes, ann.prior_weeks) == (48 * 60, 1)

    rota_leave_add(
        worker=own,
        start_date=date(2026, 6, 29),
        end_date=date(2026, 6, 29),
        reason="Time off in lieu",
        toil_hours=Decimal(8),
        actor=None,
    )
    assert toil_balance(own) == Decimal(24)


def test_leave_workers_and_swaps_from_the_command_line(org: Any, capsys: Any) -> None:
    import json

    from thrive.cli import main

    team = make_team(org, "Oak House", service="Children in Care")
    other = make_team(org, "Elm House", service="Children in Care North")
    home = _home(org, team)
    make_staff(org, staff_id="S-ANN", first_name="Ann", last_name="Oak")
    rota_worker_add(home=home, actor=None, staff_id="S-ANN", tier="own", contracted_hours=37)
    leave = ["rota", "leave", "--org", org.code, "--home", "oak", "--worker", "S-ANN"]
    leave += ["--from", "2026-07-01", "--to", "2026-07-03", "--reason", "Annual leave"]
    elsewhere = make_user(org, Role.TEAM_MANAGER, team=other)
    assert main([*leave, "--as", elsewhere.email]) == 1
    assert "no home with code 'oak' of yours" in capsys.readouterr().err
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    assert main([*leave, "--as", manager.email]) == 0
    assert "Ann Oak is off from 2026-07-01 to 2026-07-03" in capsys.readouterr().out
    assert main([*leave[:-1], "Time off in lieu", "--toil-hours", "8"]) == 1
    assert "Ann Oak has 0 hours of time off in lieu" in capsys.readouterr().err
    listing = ["rota", "workers", "--org", org.code, "--home", "oak", "--format", "json"]
    assert main([*listing, "--as", manager.email]) == 0
    (ann,) = json.loads(capsys.readouterr().out)["workers"]
    assert ann["staff_id"] == "S-ANN" and ann["leave"] == "2026-07-01 to 2026-07-03 (Annual leave)"
    swaps = ["rota", "swaps", "--org", org.code, "--home", "oak", "--format", "json"]
    assert main([*swaps, "--as", manager.email]) == 0
    assert json.loads(capsys.readouterr().out)["swaps"] == []
