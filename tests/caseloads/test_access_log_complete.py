"""The family access log is complete: every family/child URL, asked by every role, leaves an entry
against the family (a read, or a refusal — including refusals made before the view runs); pages
that name families write a ``family.list`` entry; a probe of another council's family is logged in
the council asked; refusals from POSTs carry the IP address."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import linked_user, make_org, make_user
from thrive.caseloads.models import Family
from thrive.caseloads.services import family_assign
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import StaffMember, Team


def _family_routes() -> list[str]:
    """Every page under a family's address (its record, forms, workbook) with only its pk."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                params = re.findall(r"<[^>]+>", route)
                if "families/<int:pk>/" in route and params == ["<str:org_code>", "<int:pk>"]:
                    found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


ROUTES = _family_routes()


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_family_url_as_every_role_leaves_an_entry(
    client: Client, known: Any, role: str
) -> None:
    assert len(ROUTES) >= 5
    team = Team.objects.get(name="Assessment Team 1")
    client.force_login(make_user(known, role, team=team, service=team.service))
    for family_id in ("F1", "F3"):
        family = Family.objects.get(family_id=family_id)
        for route in ROUTES:
            url = "/" + route.replace("<str:org_code>", known.code).replace(
                "<int:pk>", str(family.pk)
            )
            before = AuditEvent.objects.count()
            status = client.get(url).status_code
            entries = AuditEvent.objects.filter(
                pk__gt=0, action__startswith="family.", object_id=str(family.pk)
            ).order_by("-pk")[: AuditEvent.objects.count() - before]
            assert any(e.object_type == "caseloads.family" for e in entries), (role, url, status)
            if status == 200:
                assert any(not e.action.endswith("refused") for e in entries), (role, url)
            else:
                assert any(e.action == "family.refused" for e in entries), (role, url, status)
                assert all(e.ip_address == "127.0.0.1" for e in entries)


@pytest.mark.django_db
def test_a_probe_of_another_councils_family_is_logged_in_the_council_asked(
    client: Client, known: Any
) -> None:
    other = make_org("330", "Birmingham")
    theirs = Family.objects.create(organisation=other, family_id="B1", name="The Jones family")
    client.force_login(make_user(known, Role.SYSTEM_ADMIN))
    url = reverse("caseloads:family", args=[other.code, theirs.pk])
    assert client.get(url).status_code == 403
    probe = AuditEvent.objects.get(action="family.refused")
    assert probe.organisation == other and probe.object_id == str(theirs.pk)
    assert probe.ip_address == "127.0.0.1"
    # A refusal of any other page before its view runs is logged too.
    assert client.get(reverse("core:audit", args=[other.code])).status_code == 403
    assert AuditEvent.objects.filter(action="access.refused", organisation=other).exists()


@pytest.mark.django_db
def test_a_refusal_from_a_post_carries_the_address(client: Client, known: Any) -> None:
    """An adult specialist assigned to F3 reads it but may not change its record: the service's
    refusal is logged with the address of the POST."""
    user = linked_user(known, "S5", Role.ADULT_SPECIALIST)
    f3 = Family.objects.get(family_id="F3")
    family_assign(
        family=f3,
        person=StaffMember.objects.get(staff_id="S5"),
        role="da_victim",
        start_date=date(2025, 1, 1),
    )
    client.force_login(user)
    client.post(
        reverse("caseloads:adult_add", args=[known.code, f3.pk]),
        {"first_name": "Sam", "relationship": "parent"},
        REMOTE_ADDR="203.0.113.9",
    )
    refused = AuditEvent.objects.get(action="family.refused")
    assert refused.object_id == str(f3.pk) and refused.ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_the_quick_note_page_logs_the_families_it_names(client: Client, known: Any) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    page = client.get(reverse("workbook:capture", args=[known.code]))
    assert page.status_code == 200
    listed = AuditEvent.objects.get(action="family.list")
    assert "quick note" in listed.summary and not listed.summary.startswith("Listed 0")
