"""No enumeration: to someone who may not see a family, the allocation and family forms answer
the same whether it is held elsewhere or does not exist (no team name, no family name), and every
probe is logged against the real family when there is one, with the address it came from."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.caseloads.models import Family
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import Team


@pytest.fixture
def outsider(known: Any) -> Any:
    """Allocates in the Children in Care Team; sees none of F1's children (Assessment Team 1)."""
    return make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Children in Care Team"))


def _allocate(client: Client, org: Any, family_id: str, child: str) -> str:
    today = clock.today()
    return client.post(
        reverse("caseloads:allocate_new", args=[org.code]),
        {
            "family_id": family_id,
            "child_1": child,
            "status_1": "cin",
            "team": Team.objects.get(name="Children in Care Team").pk,
            "start_date_0": today.day,
            "start_date_1": today.month,
            "start_date_2": today.year,
            "action": "suggest",
        },
    ).content.decode()


def _same(content: bytes) -> str:
    """The page without its per-response nonce and CSRF token."""
    return re.sub(r'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"', "", content.decode())


def _error(page: str) -> str:
    start = page.index("You cannot allocate")
    return page[start : page.index("<", start)]


@pytest.mark.django_db
def test_allocation_names_neither_the_team_nor_the_family(
    client: Client, known: Any, outsider: Any
) -> None:
    f1 = Family.objects.get(family_id="F1")
    f1.name = "The Ahmed family"
    f1.save()
    client.force_login(outsider)
    answers = {
        (fid, child): _allocate(client, known, fid, child)
        for fid, child in [("F1", "C1"), ("FX", "C1"), ("F1", "C99")]
    }
    for (fid, child), page in answers.items():
        assert "Ahmed" not in page and "Assessment Team 1" not in page, (fid, child)
        message = _error(page)
        assert "held by a team where you cannot allocate" in message
        # The message is built from what was typed and nothing else.
        assert message.replace(fid, "?").replace(child, "?") == _error(
            answers[("F1", "C1")]
        ).replace("F1", "?").replace("C1", "?")
    probes = AuditEvent.objects.filter(action="family.refused")
    assert probes.count() == 3
    # Each probe is in the real family's log, even when typed under a made-up family ID.
    assert set(probes.values_list("object_id", flat=True)) == {str(f1.pk)}
    assert set(probes.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    log = client.get(reverse("caseloads:access_log", args=[known.code]))
    assert log.status_code == 403


@pytest.mark.django_db
def test_family_pages_answer_the_same_for_held_elsewhere_and_missing(
    client: Client, known: Any, outsider: Any
) -> None:
    f1 = Family.objects.get(family_id="F1")
    missing = Family.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]
    client.force_login(outsider)
    for name in ("caseloads:family", "caseloads:adult_add", "caseloads:allocate_family"):
        held = client.get(reverse(name, args=[known.code, f1.pk]))
        absent = client.get(reverse(name, args=[known.code, missing]))
        assert held.status_code == absent.status_code == 404, name
        assert _same(held.content) == _same(absent.content), name
    refused = AuditEvent.objects.filter(action="family.refused", object_id=str(f1.pk))
    assert refused.count() == 3
    assert AuditEvent.objects.filter(action="family.refused", object_id=str(missing)).count() == 3


@pytest.mark.django_db
def test_the_new_family_form_answers_the_same_when_allocating_straight_away(
    client: Client, known: Any, outsider: Any
) -> None:
    """Choosing a worker straight away (the form's 'allocate' button, with a family name typed)
    answers an ID held elsewhere exactly as an ID held nowhere with a child held elsewhere: the
    typed IDs only, never the family's name or its team; each probe logged against the real
    family with the address; nothing allocated."""
    from thrive.caseloads.models import Allocation
    from thrive.people.models import StaffMember

    f1 = Family.objects.get(family_id="F1")
    f1.name = "The Ahmed family"
    f1.save()
    team = Team.objects.get(name="Children in Care Team")
    worker = StaffMember.objects.filter(spells__team=team).first()
    assert worker is not None
    allocations = Allocation.objects.count()
    client.force_login(outsider)
    today = clock.today()
    pages = {}
    for fid, child in [("F1", "C99"), ("FX", "C1")]:
        pages[fid] = client.post(
            reverse("caseloads:allocate_new", args=[known.code]),
            {
                "family_id": fid,
                "family_name": "Smith",
                "child_1": child,
                "status_1": "cin",
                "team": team.pk,
                "start_date_0": today.day,
                "start_date_1": today.month,
                "start_date_2": today.year,
                "worker": worker.pk,
                "override_reason": "Short-term cover",
                "action": "allocate",
            },
            REMOTE_ADDR="192.0.2.44",
        ).content.decode()
    for fid, page in pages.items():
        assert "Ahmed" not in page and "Assessment Team 1" not in page, fid
    assert _error(pages["F1"]).replace("F1", "?").replace("C99", "?") == _error(
        pages["FX"]
    ).replace("FX", "?").replace("C1", "?")
    assert Allocation.objects.count() == allocations
    probes = AuditEvent.objects.filter(action="family.refused")
    assert set(probes.values_list("object_id", flat=True)) == {str(f1.pk)}
    assert set(probes.values_list("ip_address", flat=True)) == {"192.0.2.44"}
