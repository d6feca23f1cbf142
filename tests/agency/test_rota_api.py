"""The rota's fields through the API: the working-time rules with the night period, a worker's
contract (hours and FTE), extra hours and working pattern, hours worked before Thrive, swap
requests and revisions; written where the pages allow, with version checks."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from django.test import Client

from tests.factories import link_user, make_staff, make_team, make_user
from thrive.accounts.services import api_token_create
from thrive.agency.models import Rota, RotaHoursWorked, WorkingPattern
from thrive.agency.services import (
    home_add,
    rota_leave_add,
    rota_publish,
    rota_refill,
    rota_solve,
    rota_worker_add,
    shift_add,
)
from thrive.core.models import AuditEvent, OutboxMessage
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 6, 15)  # the suite's day is Wednesday 17 June 2026
TODAY = date(2026, 6, 17)


def test_rota_fields_read_and_written_with_version_checks(org: Any) -> None:
    team = make_team(org, "Fir House", service="Children in Care")
    home = home_add(
        organisation=org, code="fir", name="Fir House", kind="childrens_home", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="day", name="Day", starts=time(8), ends=time(16))
    ann = rota_worker_add(home=home, actor=None, name="Ann", tier="own", contracted_hours=37)
    rota_worker_add(home=home, actor=None, name="Bo", tier="bank", hourly_cost="20")
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    reader = make_user(org, Role.HR_RECRUITMENT)
    client = Client()
    auth: dict[str, Any] = {
        "HTTP_AUTHORIZATION": f"Token {api_token_create(user=manager, name='t')[1]}"
    }
    reads: dict[str, Any] = {
        "HTTP_AUTHORIZATION": f"Token {api_token_create(user=reader, name='t')[1]}"
    }
    base = f"/api/organisations/{org.code}/agency/rota/"

    # The working-time rules with the night period and the hours that make night work.
    (rules,) = client.get(base + "working-time/", **reads).json()
    assert (rules["night_starts"], rules["night_ends"]) == ("23:00:00", "06:00:00")
    assert rules["night_minimum_hours"] == "3.0"
    new = {
        "effective_from": "2026-09-01",
        "daily_rest_hours": "11",
        "weekly_rest_hours": "24",
        "max_average_weekly_hours": "48",
        "opted_out_weekly_hours": "72",
        "night_starts": "22:00",
        "night_ends": "05:00",
        "night_minimum_hours": "3",
        "source": "Agreed with the unions",
    }
    assert client.post(base + "working-time/", new, **auth).status_code == 403  # not agency
    leader = make_user(org, Role.SENIOR_LEADER)
    lead: dict[str, Any] = {
        "HTTP_AUTHORIZATION": f"Token {api_token_create(user=leader, name='t')[1]}"
    }
    made = client.post(base + "working-time/", new, content_type="application/json", **lead)
    assert made.status_code == 201 and made.json()["night_starts"] == "22:00:00"
    assert len(client.get(base + "working-time/", **reads).json()) == 2

    # A worker's contract, extra hours and pattern; changed with the version read.
    (row,) = [
        w for w in client.get(base + "workers/?home=fir", **reads).json() if w["id"] == ann.pk
    ]
    assert (row["contracted_hours"], row["contract_fte"], row["extra_hours_week"]) == (
        "37.00",
        "1.00",
        None,
    )
    assert row["pattern"] is None and row["patterns"] == []
    hours = {"worker": ann.pk, "version": row["version"], "extra_hours_week": "8"}
    assert client.post(base + "workers/hours/?home=fir", hours, **reads).status_code == 403
    changed = client.post(
        base + "workers/hours/?home=fir", hours, content_type="application/json", **auth
    )
    assert changed.status_code == 200 and changed.json()["extra_hours_week"] == "8.00"
    stale = client.post(
        base + "workers/hours/?home=fir", hours, content_type="application/json", **auth
    )
    assert stale.status_code == 400 and "changed since" in stale.content.decode()
    pattern = {
        "worker": ann.pk,
        "version": changed.json()["version"],
        "effective_from": "2026-06-01",
        "weekdays": [0, 1, 2, 3, 4],
    }
    set_ = client.post(
        base + "workers/pattern/?home=fir", pattern, content_type="application/json", **auth
    )
    assert set_.status_code == 201
    assert set_.json()["pattern"]["weekdays"] == [0, 1, 2, 3, 4]
    again = client.post(
        base + "workers/pattern/?home=fir", pattern, content_type="application/json", **auth
    )
    assert again.status_code == 400  # the version read before the pattern was set
    assert WorkingPattern.objects.count() == 1

    # Hours worked before Thrive: recorded and listed.
    week = {"worker": ann.pk, "week_starts": "2026-06-01", "hours": "40", "note": "Timesheets"}
    recorded = client.post(
        base + "hours-worked/?home=fir", week, content_type="application/json", **auth
    )
    assert recorded.status_code == 201 and RotaHoursWorked.objects.count() == 1
    listed = client.get(base + "hours-worked/?home=fir", **reads).json()
    assert [(r["worker_name"], r["hours"]) for r in listed] == [("Ann", "40.00")]
    # Correcting the week needs the version listed: none, or a stale one, is refused.
    fix = {**week, "hours": "38"}
    refused = client.post(
        base + "hours-worked/?home=fir", fix, content_type="application/json", **auth
    )
    assert refused.status_code == 400 and "version" in str(refused.json())
    version = listed[0]["version"]
    fixed = client.post(
        base + "hours-worked/?home=fir",
        {**fix, "version": version},
        content_type="application/json",
        **auth,
    )
    assert fixed.status_code == 201 and fixed.json()["hours"] == "38.00"
    stale = client.post(
        base + "hours-worked/?home=fir",
        {**fix, "hours": "36", "version": version},
        content_type="application/json",
        **auth,
    )
    assert stale.status_code == 400
    assert RotaHoursWorked.objects.get().hours == 38

    # Revisions: the published rota and its re-filled revision, with what it changes.
    draft = rota_solve(home=home, starts=MONDAY, weeks=1, actor=None, time_limit=2)
    published = rota_publish(rota=draft, version=draft.version, actor=None)
    rota_leave_add(
        worker=ann,
        start_date=date(2026, 6, 18),
        end_date=date(2026, 6, 19),
        reason="Training",
        actor=None,
    )
    revision = rota_refill(rota=published, actor=None, time_limit=2)
    body = client.get(base + f"?home=fir&rota={revision.pk}", **reads).json()
    assert (body["id"], body["revision"], body["revises"]) == (revision.pk, 2, published.pk)
    assert {(r["id"], r["status"]) for r in body["revisions"]} == {
        (published.pk, "published"),
        (revision.pk, "draft"),
    }
    assert body["changes"] and all(c["off"] == ["Ann"] for c in body["changes"])
    assert all(c["on"] == ["Bo"] for c in body["changes"])
    swaps = client.get(base + "swaps/?home=fir", **reads).json()
    assert swaps == []
    missing = {"swap": 999999, "decision": "approve", "version": 1}
    assert client.post(base + "swaps/?home=fir", missing, **auth).status_code == 404


def test_a_rota_and_its_revision_published_through_the_api(org: Any) -> None:
    """POST ``rota/publish/``: the home's rota managers only, with the version read from
    ``rota/`` (a stale one refused, nothing changed); a revision replaces the rota it revises
    and emails each worker linked to a sign-in whose shifts it changes, as the page does."""
    team = make_team(org, "Oak House", service="Children in Care")
    home = home_add(
        organisation=org, code="oak", name="Oak House", kind="childrens_home", team=team, actor=None
    )
    shift_add(home=home, actor=None, code="day", name="Day", starts=time(8), ends=time(16))
    workers = []
    for name, staff_id in (("Ann Oak", "S-ANN"), ("Bob Oak", "S-BOB")):
        user = make_user(org, Role.PRACTITIONER, email=f"{staff_id.lower()}@example.org")
        first, last = name.split()
        person = link_user(
            make_staff(org, staff_id=staff_id, first_name=first, last_name=last), user
        )
        workers.append(
            rota_worker_add(
                home=home,
                actor=None,
                staff_member=person,
                name=name,
                tier="own",
                contracted_hours=24,
            )
        )
    rota_worker_add(home=home, actor=None, name="Cy Bank", tier="bank", hourly_cost="20")
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    reader = make_user(org, Role.HR_RECRUITMENT)
    client = Client()
    auth: dict[str, Any] = {
        "HTTP_AUTHORIZATION": f"Token {api_token_create(user=manager, name='t')[1]}"
    }
    reads: dict[str, Any] = {
        "HTTP_AUTHORIZATION": f"Token {api_token_create(user=reader, name='t')[1]}"
    }
    url = f"/api/organisations/{org.code}/agency/rota/publish/?home=oak"

    draft = rota_solve(home=home, starts=MONDAY, weeks=1, actor=None, time_limit=2)
    seen = client.get(f"/api/organisations/{org.code}/agency/rota/?home=oak", **reads).json()
    assert (seen["id"], seen["status"]) == (draft.pk, "draft")
    body = {"rota": draft.pk, "version": seen["version"]}
    assert client.post(url, body, content_type="application/json", **reads).status_code == 403
    missing = client.post(
        url, {"rota": 999999, "version": 1}, content_type="application/json", **auth
    )
    assert missing.status_code == 404
    stale = client.post(
        url, body | {"version": seen["version"] - 1}, content_type="application/json", **auth
    )
    assert stale.status_code == 400 and "changed since" in stale.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    done = client.post(url, body, content_type="application/json", **auth)
    assert done.status_code == 200
    assert (done.json()["id"], done.json()["status"]) == (draft.pk, "published")
    again = client.post(url, body, content_type="application/json", **auth)
    assert again.status_code == 400  # the version read before publishing
    assert AuditEvent.objects.filter(action="agency.rota_published").count() == 1
    assert not OutboxMessage.objects.filter(kind="agency.rota_changed").exists()  # no revision

    # Ann's leave frees her shifts from today; the revision re-fills them and, published
    # through the API, emails those whose shifts changed (the bank worker signs in to nothing).
    published = Rota.objects.get(pk=draft.pk)
    before = {(a.day, a.worker.name) for a in published.assignments.all()}
    rota_leave_add(
        worker=workers[0],
        start_date=TODAY,
        end_date=date(2026, 6, 21),
        reason="Training",
        actor=None,
    )
    revision = rota_refill(rota=published, actor=None, time_limit=2)
    after = {(a.day, a.worker.name) for a in revision.assignments.all()}
    done = client.post(
        url,
        {"rota": revision.pk, "version": revision.version},
        content_type="application/json",
        **auth,
    )
    assert done.status_code == 200
    answer = done.json()
    assert (answer["id"], answer["status"], answer["revises"]) == (
        revision.pk,
        "published",
        published.pk,
    )
    assert {(r["id"], r["status"]) for r in answer["revisions"]} == {
        (published.pk, "superseded"),
        (revision.pk, "published"),
    }
    changed = {n for _, n in before ^ after} - {"Cy Bank"}
    assert "Ann Oak" in changed
    sent = {m.to[0] for m in OutboxMessage.objects.filter(kind="agency.rota_changed")}
    assert sent == {"s-" + n.split()[0].lower() + "@example.org" for n in changed}
