"""Every council page runs the same number of queries however much the council holds.

The pages are found from the URL conf (every page whose address takes only the council's code:
the register, teams, caseloads, families, supervision, learning, CPD, workbook tools, users,
audit, benchmarks, ...), so a new list page is pinned as soon as it is routed. Each is loaded by
one person who holds every staff role, on a small council and again after the council has grown
(more people, teams, cases, absences, supervision sessions, learning and bookings, users and
audit events): the count must not move, so an N+1 fails here.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import link_user, make_team, make_user
from thrive.core import clock
from thrive.core.cache import forget_all
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.learning.services import champion_add
from thrive.people.imports import run_import
from thrive.people.models import StaffMember

# Addresses that take only the council's code but are not pages a GET loads: form posts and the
# "check your answers" steps of flows, which send a person back to the form without its answers.
NOT_PAGES = {
    "core:healthz",
    "people:import_confirm",
    "jobs:start",
    "people:person_add_check",
    "caseloads:policy_add_check",
    "supervision:feed_manage",
    # Single sign-on's redirects to and from the council's identity provider, not pages.
    "accounts:sso_start",
    "accounts:sso_callback",
    # Unlocking an account is a form post from the sign-in security page (a GET goes back there).
    "accounts:sign_in_unlock",
}
# Roles a member of staff holds (not a partner's or a panel member's, which see nearly nothing).
STAFF_ROLES = [r for r in Role.values if r not in (Role.PARTNER, Role.PANEL_MEMBER)]


def council_pages() -> list[str]:
    """The name of every routed page whose only parameter is the council's code."""
    found: list[str] = []

    def walk(patterns: Any, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                name = f"{namespace}{p.name}"
                if (
                    not route.startswith("api/")
                    and re.findall(r"<[^>]+>", route) == ["<str:org_code>"]
                    and name not in NOT_PAGES
                ):
                    found.append(name)

    walk(get_resolver().url_patterns, "", "")
    return sorted(set(found))


PAGES = council_pages()


def test_the_pages_are_found_from_the_url_conf() -> None:
    for name in (
        "people:staff_list",
        "people:teams",
        "caseloads:families",
        "caseloads:overview",
        "supervision:sessions",
        "learning:catalogue",
        "learning:cpd",
        "workbook:tools",
        "core:users",
        "core:audit",
        "intelligence:benchmarks",
    ):
        assert name in PAGES


_grown = [0]


def grow(org: Any, viewer: Any, n: int) -> None:
    """Add *n* people (in four teams, each holding a case in a family of their own, with an
    absence), a supervision session each, a learning item with a session and *n* bookings, and
    each of them signing in — all through the services and imports users' actions call."""
    start = _grown[0]
    _grown[0] += n
    ids = [f"Q{start + i}" for i in range(n)]
    staff = [
        "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number"
    ] + [
        f"{s},First{s},Last{s},social_worker,permanent,Team {i % 4},1,2020-01-01,5,SW9{s[1:]}"
        for i, s in enumerate(ids)
    ]
    allocations = ["child_id,family_id,staff_id,case_type,start_date,end_date"] + [
        f"K{s},F{s},{s},cin,2025-01-10," for s in ids
    ]
    absences = ["staff_id,reason,start_date,end_date,working_days"] + [
        f"{s},SIC,2026-03-02,2026-03-03,2" for s in ids
    ]
    placements = [
        "placement_id,staff_id,agency,job_type,team,start_date,planned_end_date,notice_weeks,"
        "hourly_pay,employer_ni_and_levy,hourly_charge,hours_per_week,left_permanent_on,"
        "last_permanent_la_code"
    ] + [
        f"AP{s},{s},Acme,social_worker,Team {i % 4},2026-01-05,2026-12-31,4,36,5,55,37,2025-12-01,"
        f"{300 + i}"
        for i, s in enumerate(ids)
    ]
    for kind, rows in (
        ("staff", staff),
        ("allocations", allocations),
        ("absences", absences),
        ("placements", placements),
    ):
        report = run_import(
            kind=kind, organisation=org, content="\n".join(rows).encode(), filename=f"{kind}.csv"
        )
        assert report.ok, report.summary()

    from thrive.learning.services import book, item_publish, item_save, session_add
    from thrive.supervision.services import session_book

    access = access_for(viewer, org)
    people = list(StaffMember.objects.for_org(org).filter(staff_id__in=ids).order_by("staff_id"))
    supervisor = StaffMember.objects.for_org(org).get(staff_id="V0")
    now = clock.now()
    for k, person in enumerate(people):
        session_book(
            access=access,
            supervisor=supervisor,
            supervisee=person,
            starts_at=now + timedelta(days=3 + k % 20, hours=k % 5),
        )
    item = item_save(
        organisation=org,
        actor=viewer,
        title=f"Court skills {start}",
        item_type="course",
        provider_kind="in_house",
    )
    item_publish(item=item, actor=viewer)
    starts = datetime.combine(clock.today() + timedelta(days=14), datetime.min.time())
    starts = starts.replace(hour=9, tzinfo=now.tzinfo)
    session = session_add(
        item=item, starts_at=starts, ends_at=starts + timedelta(hours=6), capacity=n, actor=viewer
    )
    for person in people:
        user = make_user(org, Role.PRACTITIONER, email=f"{person.staff_id.lower()}@example.test")
        book(session=session, user=link_user(person, user).user, person=person)


@pytest.fixture
def viewer(org: Any) -> Any:
    """One person holding every staff role, in the register as V0 (so "my" pages have rows)."""
    team = make_team(org, "Team 0")
    user = make_user(org, Role.PRINCIPAL_SOCIAL_WORKER, email="viewer@example.test")
    for role in STAFF_ROLES:
        make_user(org, role, email="viewer@example.test", team=team, service=team.service)
    report = run_import(
        kind="staff",
        organisation=org,
        content=(
            b"staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,"
            b"swe_number\nV0,Vera,Viewer,social_worker,permanent,Team 0,1,2020-01-01,3,SW8000\n"
        ),
        filename="viewer.csv",
    )
    assert report.ok, report.summary()
    me = link_user(StaffMember.objects.get(organisation=org, staff_id="V0"), user)
    # A training champion too, so the champion's page opens.
    champion_add(organisation=org, person=me, service=team.service, actor=user)
    return user


@pytest.mark.django_db
def test_every_council_page_runs_a_constant_number_of_queries(
    client: Client, org: Any, viewer: Any
) -> None:
    """One council, grown once, for every page (each page its own council took longer to build
    than to count): every page is opened once (a first visit may record the council as the
    person's last one, or set up a council's defaults), then counted on the small council, then
    again after it has grown."""
    client.force_login(viewer)
    urls = {name: reverse(name, args=[org.code]) for name in PAGES}
    grow(org, viewer, 4)
    for url in urls.values():
        client.get(url)
    problems: list[str] = []
    small: dict[str, int] = {}
    for name, url in urls.items():
        # Pages kept in the cache (thrive/core/cache.py) are counted computing afresh each time.
        forget_all()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        small[name] = len(queries)
        if status != 200:
            problems.append(f"{url}: answered {status}")
    grow(org, viewer, 16)
    for name, url in urls.items():
        forget_all()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        if status != 200:
            problems.append(f"{url}: answered {status} once the council had grown")
        elif len(queries) != small[name]:
            problems.append(f"{url}: {small[name]} queries, {len(queries)} once the council grew")
    assert not problems, "\n".join(problems)
