"""The access log is complete (issue 14, item 5): every page, export and API response that shows a
family or child, or a supervision record's personal parts, writes an entry.

The crawl reads the URL conf, so a new URL is crawled without anyone adding it here. Every URL is
asked for (GET) by the three people of a small team who are connected to the family and the
records (the manager and supervisor, the worker who holds the child, a specialist on the family),
and every URL of the family and supervision areas also by a user of every role in
``thrive/core/roles.py``, over a seeded council: a family with a child, an
adult, a specialist, a workbook entry and summary, a supervision record and a group session. For
each answer the test compares what was shown with the entries the request left in the audit trail:

- an answer that names the family or its child (by their IDs) left a ``family.read``,
  ``family.list``, ``family.workbook.read`` or ``family.supervision.read`` entry;
- a family's URL (``families/<pk>/...``), whatever the answer, left an entry against that family
  — a read when it answered 200, a ``family.refused`` when it refused;
- a supervision record's URL (``supervision/sessions/<pk>/...``) left a ``supervision.read`` entry
  against the record when it answered 200, and a ``supervision.refused`` or ``access.refused``
  one when it refused;
- a URL in the family and supervision areas (by its route: families, caseloads, the quick note,
  the workbook, supervision records) that answered one of the people connected to the family
  200 without any such entry is in ``SHOWS_NONE`` with the reason it shows no family, child or
  record.

A gap is marked ``xfail(strict=True)`` with the URL and roles in ``GAPS``, so it stays visible and
the test fails once it is fixed (then delete the line).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.security.conftest import Council, role_user
from tests.security.urls import FAMILY_RECORD, SUPERVISION_RECORD, Route, routes, url_for
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

ROUTES = routes()

# Routes in the family and supervision areas: an answer from one of these with no entry must be
# explained in SHOWS_NONE.
AREA = re.compile(r"families|caseloads|capture|workbook|supervision/(sessions|records)")

# URLs the crawl does not ask for, with why.
NOT_CRAWLED = {
    "accounts:logout": "signs the crawler out; shows nothing",
    "accounts:password_reset_confirm": "a reset link's page: a password form, no records",
    "supervision:feed": "the private calendar feed, by its token: session times and names, no "
    "personal parts (tests/supervision covers who may have one)",
    "notifications:invitation_file": "one calendar invitation's .ics by its signed, expiring link "
    "(what the email it was sent with said), no personal parts; tests/notifications/test_notify.py",
    "recruitment:application_safer": "POST only: records one safer-recruitment check, reference, "
    "job, gap or address abroad (the kind in the path) and goes back to the offer's page; shows "
    "nothing (tests/recruitment/test_safer_rules.py)",
    "api:recruitment_safer_record": "POST only: the API's writer of the same records (the kind in "
    "the path); tests/recruitment/test_safer_rules.py",
}

# URLs in the family and supervision areas that show no family, child or supervision record's
# personal parts, with why. (Everything else in those areas answering 200 must log.)
SHOWS_NONE = {
    "caseloads:overview": "the council's caseload counts by team and worker, no family or child",
    "caseloads:policy": "the council's caseload policy (caps and weights)",
    "caseloads:policy_add": "a form for a new caseload policy",
    "caseloads:policy_add_check": "the check page of a new caseload policy",
    "caseloads:allocate_new": "the allocation assistant's empty form: IDs are typed, none shown",
    "caseloads:team": "a team's caseload counts by worker (its leavers' families, when it has "
    "leavers, are logged as family.list)",
    "api:team_caseloads": "a team's caseload counts by worker, no family or child",
    "workbook:tools": "the council's list of practice tools",
    "api:caseloads": "caseload counts by worker, no family or child",
    "supervision:sessions": "a list of supervision sessions (who, when), no personal parts",
    "supervision:session_ics": "one session's calendar file (who, when, where), no personal parts",
}

# Gaps the crawl found, by URL name: the roles that saw a family, child or record with no entry.
GAPS: dict[str, str] = {}

LOGGED_READS = {
    "family.read",
    "family.list",
    "family.workbook.read",
    "family.supervision.read",
    "supervision.read",
}


def _personas(council: Council, route: Route) -> list[tuple[str, Any]]:
    """Every role for the family and supervision areas; elsewhere the three people connected to
    the family and the records (the only ones who could see it there)."""
    crew = council.crew
    people = [(role, role_user(council, role)) for role in Role.values]
    if not AREA.search(route.route):
        people = []
    return people + [
        ("the team's manager (the record's supervisor)", crew.manager_user),
        ("the worker holding the child (the record's supervisee)", crew.senior_user),
        ("a specialist assigned to the family", crew.asye_user),
    ]


def _shows_family(body: str, council: Council) -> bool:
    ids = [council.family.family_id, council.child.member_id]
    return any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body) for i in ids)


def _problems(
    route: Route, council: Council, client: Client, who: str, connected: bool
) -> list[str]:
    url = url_for(route, council)
    assert url is not None
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    status = response.status_code
    entries = list(AuditEvent.objects.filter(pk__gt=before))
    body = b"".join(response).decode("utf-8", "replace") if status == 200 else ""
    reads = [e for e in entries if e.action in LOGGED_READS]
    refusals = [e for e in entries if e.action.endswith("refused")]
    where = f"{url} as {who} ({status})"
    problems: list[str] = []
    if (
        status == 200
        and _shows_family(body, council)
        and not any(e.action.startswith("family.") for e in reads)
    ):
        problems.append(f"{where}: shows the family or child, no family.* read or list entry")
    if FAMILY_RECORD.search(route.route) and status != 405:
        against = [e for e in entries if e.object_id == str(council.family.pk)]
        if status == 200 and not any(e in reads for e in against):
            problems.append(f"{where}: no read entry against the family")
        if status in (403, 404) and not any(e in refusals for e in against):
            problems.append(f"{where}: no family.refused entry against the family")
    if SUPERVISION_RECORD.search(route.route) and status != 405:
        session = council.group if route.name.endswith("group_record") else council.session
        against = [e for e in entries if e.object_id == str(session.pk)]
        if status == 200 and not any(e.action == "supervision.read" for e in against):
            problems.append(f"{where}: no supervision.read entry against the record")
        if status in (403, 404) and not (
            any(e in refusals for e in against)
            or any(e.action == "access.refused" for e in entries)
        ):
            problems.append(f"{where}: no refusal entry for the record")
    if (
        status == 200
        and connected
        and AREA.search(route.route)
        and route.name not in SHOWS_NONE
        and not FAMILY_RECORD.search(route.route)
        and not SUPERVISION_RECORD.search(route.route)
        and not reads
    ):
        problems.append(f"{where}: answered with no read or list entry (add it to SHOWS_NONE?)")
    return problems


def _param(route: Route) -> Any:
    if route.name in GAPS:
        return pytest.param(
            route, id=route.name, marks=pytest.mark.xfail(strict=True, reason=GAPS[route.name])
        )
    return pytest.param(route, id=route.name)


CRAWLED = [r for r in ROUTES if r.name not in NOT_CRAWLED]


def test_every_url_is_crawled_or_explained() -> None:
    names = {r.name for r in ROUTES}
    assert len(CRAWLED) > 100
    assert set(NOT_CRAWLED) <= names, set(NOT_CRAWLED) - names
    assert set(SHOWS_NONE) <= names, set(SHOWS_NONE) - names
    assert set(GAPS) <= names, set(GAPS) - names
    for r in CRAWLED:
        # Every parameter of a crawled URL is filled from the seeded council, or is a number.
        assert re.findall(r"<str:(\w+)>", r.route) in ([], ["org_code"]), r


@pytest.mark.django_db
@pytest.mark.parametrize("route", [_param(r) for r in CRAWLED])
def test_each_answer_left_the_entries_for_what_it_showed(
    client: Client, council: Council, route: Route
) -> None:
    problems: list[str] = []
    for who, user in _personas(council, route):
        client.force_login(user)
        connected = user in (
            council.crew.manager_user,
            council.crew.senior_user,
            council.crew.asye_user,
        )
        problems += _problems(route, council, client, who, connected)
    assert not problems, "\n".join(problems)
