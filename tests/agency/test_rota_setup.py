"""A home's rota set-up through its services (`home_add`, `shift_add`/`shifts_add`,
`rota_worker_add`/`rota_workers_add`): the checks, all or nothing, the audit trail, and a fixed
number of queries for many rows."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.agency.rota_pages import seen_workers
from tests.factories import make_org, make_staff, make_team
from thrive.agency.models import RotaShift, RotaUnavailable, RotaWorker
from thrive.agency.services import (
    home_add,
    rota_worker_add,
    rota_workers_add,
    shift_add,
    shifts_add,
)
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _shift(code: str, **fields: Any) -> RotaShift:
    return RotaShift(code=code, name=code.title(), starts=time(7), ends=time(15), **fields)


def test_a_home_its_shifts_and_workers_are_added_and_audited(org: Any) -> None:
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", actor=None
    )
    early = shift_add(
        home=home, actor=None, code="early", name="Early", starts=time(7), ends=time(15)
    )
    rosa = make_staff(org, first_name="Rosa", last_name="Hale")
    worker = rota_worker_add(
        home=home,
        actor=None,
        staff_member=rosa,
        name="Rosa Hale",
        tier="own",
        contracted_hours="37.5",
        unavailable=[(date(2026, 7, 1), date(2026, 7, 3), "Annual leave")],
    )
    assert list(home.shifts.all()) == [early]
    assert worker.contracted_hours == Decimal("37.5")
    assert RotaUnavailable.objects.get().worker == worker
    assert set(
        AuditEvent.objects.filter(action__startswith="agency.").values_list("action", flat=True)
    ) == {
        "agency.home_added",
        "agency.shift_added",
        "agency.rota_worker_added",
    }


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        (_shift("early"), "already has a shift with the code early"),
        (_shift("late", min_staff=0), "at least one person"),
        (_shift("late", min_staff=1, min_senior=2), "more seniors than staff"),
        (RotaShift(code="late", name="Late", starts=time(15)), "ends"),
    ],
)
def test_a_shift_is_checked_and_none_of_the_batch_is_written(
    org: Any, shift: RotaShift, message: str
) -> None:
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", actor=None
    )
    shift_add(home=home, actor=None, code="early", name="Early", starts=time(7), ends=time(15))
    with pytest.raises(ThriveError, match=message):
        shifts_add(home=home, shifts=[_shift("night"), shift], actor=None)
    assert home.shifts.count() == 1


def test_a_worker_from_another_council_or_with_bad_days_is_refused(org: Any) -> None:
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", actor=None
    )
    stranger = make_staff(make_org("999", "Elsewhere"), first_name="Sam", last_name="Far")
    with pytest.raises(ThriveError, match="another council"):
        rota_worker_add(home=home, actor=None, staff_member=stranger, name="Sam", tier="own")
    with pytest.raises(ThriveError, match="last day must be on or after"):
        rota_worker_add(
            home=home,
            actor=None,
            name="Bea Bank",
            tier="bank",
            unavailable=[(date(2026, 7, 3), date(2026, 7, 1), "")],
        )
    with pytest.raises(ThriveError, match="another council"):
        home_add(
            organisation=org,
            code="elm",
            name="Elm",
            kind="childrens_home",
            team=make_team(make_org("998", "Far"), "Far team"),
            actor=None,
        )
    assert not RotaWorker.objects.exists()


def test_many_workers_take_a_fixed_number_of_queries(org: Any) -> None:
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", actor=None
    )

    def add(n: int) -> int:
        workers = [RotaWorker(name=f"Bank {n} {i}", tier="bank") for i in range(n)]
        leave = [
            RotaUnavailable(worker=w, start_date=date(2026, 7, 1), end_date=date(2026, 7, 2))
            for w in workers
        ]
        with CaptureQueriesContext(connection) as ctx:
            rota_workers_add(home=home, workers=workers, unavailable=leave, actor=None)
        return len(ctx)

    assert add(2) == add(20)
    assert RotaUnavailable.objects.filter(worker__home=home).count() == 22


def test_the_homes_manager_adds_a_shift_and_a_worker_on_its_page(org: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.factories import make_user
    from thrive.core.roles import Role

    team = make_team(org, "Residential Hub", service="Children in Care")
    home = home_add(
        organisation=org, code="hub", name="Hub", kind="no_wrong_door", team=team, actor=None
    )
    url = reverse("agency:home_setup", args=[org.code, home.pk])
    client = Client()
    client.force_login(make_user(org, Role.SENIOR_LEADER))  # sees every home, manages none
    assert "Add a shift" not in client.get(url).content.decode()
    assert client.post(url, {"add": "shift"}).status_code == 403
    client.force_login(make_user(org, Role.TEAM_MANAGER, team=team))
    shift = {
        "add": "shift",
        "shift-code": "early",
        "shift-name": "Early",
        "shift-starts": "7:00",
        "shift-ends": "15:00",
        "shift-min_staff": "1",
    }
    refused = client.post(url, shift | {"shift-min_senior": "2"}).content.decode()
    assert "more seniors than staff" in refused and 'value="Early"' in refused
    added = client.post(url, shift | {"shift-min_staff": "2", "shift-min_senior": "1"})
    assert added.status_code == 302 and home.shifts.get().min_staff == 2
    client.post(
        url,
        {
            "add": "worker",
            "worker-name": "Bea Bank",
            "worker-tier": "bank",
            "worker-hourly_cost": "19.50",
            "worker-extra_hours_as": "pay",
            "worker-max_hours_week": "20",
        },
    )
    assert home.workers.get().hourly_cost == Decimal("19.50")
    page = client.get(url).content.decode()
    assert "Bea Bank" in page and "07:00–15:00" in page


def test_contracts_from_the_register_and_extra_hours_limit_the_rota(org: Any) -> None:
    """A worker linked to the register has the contract of their FTE there (0.5 x 37 = 18.5
    hours); the most extra hours a week set on the page limit what the solver gives them, and
    the independent check holds the rota to it."""
    from django.test import Client
    from django.urls import reverse

    from tests.factories import make_user
    from thrive.agency.rota_selectors import rota_problem
    from thrive.agency.rota_solver import Assignment, verify
    from thrive.agency.services import rota_solve
    from thrive.core.roles import Role

    team = make_team(org, "Residential Hub", service="Children in Care")
    home = home_add(
        organisation=org, code="hub", name="Hub", kind="no_wrong_door", team=team, actor=None
    )
    shift_add(
        home=home, actor=None, code="day", name="Day", starts=time(7), ends=time(15), min_staff=2
    )
    rosa = rota_worker_add(
        home=home,
        actor=None,
        staff_member=make_staff(org, staff_id="R1", fte=Decimal("0.5")),
        name="Rosa",
        tier="own",
        contracted_hours="37.5",
    )
    rota_worker_add(home=home, actor=None, name="Ned", tier="own", contracted_hours="37.5")
    rota_worker_add(home=home, actor=None, name="Bea", tier="bank", hourly_cost="20")
    url = reverse("agency:home_setup", args=[org.code, home.pk])
    client = Client()
    client.force_login(make_user(org, Role.TEAM_MANAGER, team=team))
    seen = seen_workers(client, url)
    hours = {
        "add": "hours",
        "hours-worker": str(rosa.pk),
        "hours-extra_hours_week": "4",
        "workers-seen": seen,
    }
    refused = client.post(url, hours | {"hours-contracted_hours": "30"}).content.decode()
    assert "contract comes from the register: 18.5 hours a week" in refused
    assert client.post(url, hours).status_code == 302
    # The same form sent again from the page as it was (another tab): refused, nothing written.
    stale = client.post(url, hours | {"hours-extra_hours_week": "9"}).content.decode()
    assert "was changed since you opened the page" in stale
    assert 'value="9"' in stale
    # Without the versions the page carries (a mangled form): refused the same way.
    bare = {k: v for k, v in hours.items() if k != "workers-seen"}
    assert "was changed since you opened the page" in client.post(url, bare).content.decode()
    rosa.refresh_from_db()
    assert rosa.extra_hours_week == 4 and rosa.contracted_hours == Decimal("37.5")
    rota = rota_solve(home=home, starts=date(2026, 6, 15), weeks=1, actor=None, time_limit=2)
    rosa.refresh_from_db()
    assert rosa.contracted_hours == Decimal("18.5")  # the register's FTE, audited
    assert AuditEvent.objects.filter(
        action="agency.rota_worker_hours_changed", summary__contains="(the register)"
    ).exists()
    worked = sum(a.hours for a in rota.assignments.filter(worker=rosa))
    assert worked == 16  # two 8-hour shifts: a third would pass 18.5 + 4
    problem, _, _, workers = rota_problem(home, rota.starts, 1)
    (limit,) = [s.max_hours_week for s in problem.staff if s.name == "Rosa"]
    assert limit == 22.5
    key = {w.pk: k for k, w in workers.items()}
    saved = [
        Assignment(a.day, a.shift.code, key[a.worker_id], a.tier, float(a.hours), 0)
        for a in rota.assignments.select_related("shift")
    ]
    assert verify(problem, saved) == []
    third = [a for a in saved if a.staff != key[rosa.pk]][:1]
    moved = [Assignment(third[0].day, "day", key[rosa.pk], "own", 8, 0)]
    assert any("Rosa: 24 hours in week 1" in b for b in verify(problem, saved + moved))
    page = client.get(url).content.decode()
    assert "18.5 contracted (the register), 4 extra at most" in page
