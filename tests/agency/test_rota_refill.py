"""Leave recorded after a rota is published: the manager re-fills only the shifts it frees
(from today on), every other shift kept as published; the revision is a draft showing what
changes, published in place of the old rota (kept, superseded); audited."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from thrive.agency.models import Rota, RotaStatus
from thrive.agency.rota_selectors import rota_problem
from thrive.agency.rota_solver import Assignment, shortfalls, verify
from thrive.agency.services import (
    home_add,
    rota_leave_add,
    rota_publish,
    rota_refill,
    rota_solve,
    rota_worker_add,
    shift_add,
)
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 6, 15)  # the suite's day is Wednesday 17 June 2026
TODAY = date(2026, 6, 17)


def _saved(rota: Rota) -> tuple[Any, list[Assignment]]:
    problem, _, _, workers = rota_problem(rota.home, rota.starts, rota.weeks)
    key = {w.pk: k for k, w in workers.items()}
    return problem, [
        Assignment(a.day, a.shift.code, key[a.worker_id], a.tier, float(a.hours), 0)
        for a in rota.assignments.select_related("shift")
    ]


def test_leave_after_publishing_is_refilled_keeping_the_rest(org: Any) -> None:
    team = make_team(org, "Oak House", service="Children in Care")
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="day", name="Day", starts=time(7), ends=time(15))
    shift_add(home=home, actor=None, code="late", name="Late", starts=time(15), ends=time(23))
    ann = rota_worker_add(home=home, actor=None, name="Ann", tier="own", contracted_hours=24)
    rota_worker_add(home=home, actor=None, name="Bob", tier="own", contracted_hours=24)
    rota_worker_add(home=home, actor=None, name="Cara", tier="own", contracted_hours=24)
    rota_worker_add(home=home, actor=None, name="Cy", tier="bank", max_hours_week=40)
    draft = rota_solve(home=home, starts=MONDAY, weeks=1, actor=None, time_limit=2)
    published = rota_publish(rota=draft, version=draft.version, actor=None)
    before = {(a.day, a.shift.code, a.worker.name) for a in published.assignments.all()}
    anns = sorted(d for d, _, name in before if name == "Ann")
    assert any(d >= TODAY for d in anns)
    # Ann's leave from Monday (a day already worked) to her last shift, recorded after publishing.
    rota_leave_add(
        worker=ann, start_date=MONDAY, end_date=anns[-1], reason="Annual leave", actor=None
    )
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    client = Client()
    client.force_login(manager)
    url = reverse("agency:home_rota", args=[org.code, home.pk])
    page = client.get(f"{url}?rota={published.pk}").content.decode()
    assert "Re-fill the affected shifts" in page and "while unavailable" in page
    made = client.post(url, {"refill": str(published.pk)})
    revision = Rota.objects.get(revises=published)
    assert made.status_code == 302
    assert made["Location"].endswith(f"?rota={revision.pk}#changes")
    assert (revision.status, revision.revision) == (RotaStatus.DRAFT, 2)
    after = {(a.day, a.shift.code, a.worker.name) for a in revision.assignments.all()}
    freed = {(d, s, n) for d, s, n in before if n == "Ann" and d >= TODAY}
    # Everything not freed is kept, Ann's shifts before today too; only freed shifts change.
    assert before - freed <= after
    assert {(d, s) for d, s, n in after - before} <= {(d, s) for d, s, _ in freed}
    assert not any(n == "Ann" and d >= TODAY for d, _, n in after)
    problem, rows = _saved(revision)
    assert shortfalls(problem, rows) == []
    # The past (Ann on leave since Monday) is as published; from today every rule holds.
    assert [b for b in verify(problem, rows) if "while unavailable" not in b] == []
    assert all(a.day < TODAY for a in rows if a.staff == str(ann.pk))
    page = client.get(f"{url}?rota={revision.pk}").content.decode()
    assert "What this revision changes from the published rota" in page
    assert "Re-filled for Ann, on leave or absent" in page and "Revision 2." in page
    assert AuditEvent.objects.filter(action="agency.rota_refilled").count() == 1

    # Published in place of the old rota, which is kept, superseded; it cannot be re-filled.
    client.post(
        reverse("agency:rota_publish", args=[org.code, home.pk, revision.pk]),
        {"version": str(revision.version)},
    )
    published.refresh_from_db()
    revision.refresh_from_db()
    assert (published.status, revision.status) == (RotaStatus.SUPERSEDED, RotaStatus.PUBLISHED)
    assert AuditEvent.objects.filter(action="agency.rota_superseded").count() == 1
    with pytest.raises(ThriveError, match="Only a published rota"):
        rota_refill(rota=published, actor=None)
    with pytest.raises(ThriveError, match="nothing to re-fill"):
        rota_refill(rota=revision, actor=None)
