"""A family is chosen by name, with its ID and the children's first names beside it (the shared
picker), not from a list of bare IDs."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.supervision.conftest import Crew
from thrive.caseloads.models import Allocation, Family, FamilyMember
from thrive.caseloads.services import families_sync
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.supervision.models import FamilyDiscussed, Session
from thrive.supervision.services import session_book


@pytest.mark.django_db
def test_group_record_picks_families_by_name(client: Client, crew: Crew, family: Family) -> None:
    Family.objects.filter(pk=family.pk).update(name="The Kent family")
    FamilyMember.objects.filter(family=family, member_id="K1").update(first_name="Kit")
    session = session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        kind="group",
        starts_at=datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/London")),
        attendees=[crew.senior],
    )
    client.force_login(crew.manager_user)
    url = reverse("supervision:group_record", args=[crew.org.code, session.pk])
    page = client.get(url).content.decode()
    select = page[page.index('<select name="family_1"') :]
    select = select[: select.index("</select>")]
    assert "data-thrive-picker" in select
    assert f'<option value="{family.pk}">The Kent family (FAM1): Kit</option>' in select


def _one_to_one(crew: Crew) -> Session:
    return session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        supervisee=crew.senior,
        starts_at=clock.now() - timedelta(days=1),
    )


def _hold(crew: Crew, families: int) -> None:
    Allocation.objects.bulk_create(
        Allocation(
            organisation=crew.org,
            child_id=f"C{n}",
            family_id=f"FAM{n:02}",
            worker=crew.senior,
            case_type="cin",
            start_date=date(2025, 1, 1),
        )
        for n in range(2, families + 2)
    )
    families_sync(organisation=crew.org)


@pytest.mark.django_db
def test_one_to_one_record_picks_the_supervisees_families_by_name(
    client: Client, crew: Crew, family: Family
) -> None:
    """Every family the supervisee holds is offered (not the first 15), by name with the ID and
    the children beside it; each family's two questions sit under its box, not in a long list."""
    Family.objects.filter(pk=family.pk).update(name="The Kent family")
    FamilyMember.objects.filter(family=family, member_id="K1").update(first_name="Kit")
    _hold(crew, 19)
    session = _one_to_one(crew)
    client.force_login(crew.manager_user)
    page = client.get(reverse("supervision:record", args=[crew.org.code, session.pk])).content
    html = page.decode()
    boxes = html[html.index("Families discussed") :]
    assert "data-thrive-picker" in boxes[:2000]
    assert html.count('name="families"') == 20
    assert "The Kent family (FAM1): Kit" in boxes
    box_id = f"id_families_{sorted_pks(crew).index(family.pk)}"
    assert f'data-thrive-reveal="{box_id}-conditional"' in html
    reveal = html[html.index(f'id="{box_id}-conditional"') :]
    reveal = reveal[: reveal.index("</textarea>", reveal.index(f'name="plan_{family.pk}"')) + 11]
    assert f'name="changed_{family.pk}"' in reveal and f'name="plan_{family.pk}"' in reveal
    # Drawn once, under the box — not again in the form's own order.
    assert html.count(f'name="changed_{family.pk}"') == 1


def sorted_pks(crew: Crew) -> list[int]:
    families = Family.objects.filter(organisation=crew.org).order_by("family_id")
    return list(families.values_list("pk", flat=True))


@pytest.mark.django_db
def test_one_to_one_record_keeps_what_was_typed_and_every_family_written_about(
    client: Client, crew: Crew, family: Family
) -> None:
    _hold(crew, 2)
    other = Family.objects.get(family_id="FAM02")
    untouched = Family.objects.get(family_id="FAM03")
    session = _one_to_one(crew)
    client.force_login(crew.manager_user)
    url = reverse("supervision:record", args=[crew.org.code, session.pk])
    base = {"minutes": "60", "version": str(session.version), "action": "save"}
    # Ticked but nothing said: refused, naming the family, and what was typed is kept.
    response = client.post(
        url,
        {
            **base,
            "families": [str(untouched.pk)],
            f"changed_{family.pk}": "Dad engaging with the drug service.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Say what has changed for Family FAM03, or untick the family" in html
    assert "Dad engaging with the drug service." in html
    assert not FamilyDiscussed.objects.exists()
    # Ticked with notes, and notes written without ticking (no JavaScript shows every family's
    # questions): both are kept; a family neither ticked nor written about is not.
    response = client.post(
        url,
        {
            **base,
            "families": [str(other.pk)],
            f"changed_{other.pk}": "School attendance up.",
            f"plan_{family.pk}": "Step down to CIN.",
        },
    )
    assert response.status_code == 302
    saved = {f.family_id: f for f in FamilyDiscussed.objects.filter(session=session)}
    assert set(saved) == {family.pk, other.pk}
    assert saved[other.pk].what_changed == "School attendance up."
    assert saved[family.pk].plan == "Step down to CIN."
    # Opened again, the families discussed are ticked.
    html = client.get(url).content.decode()
    for pk in (family.pk, other.pk):
        index = sorted_pks(crew).index(pk)
        assert re.search(rf'id="id_families_{index}"[^>]*\n?[^>]*checked', html)


@pytest.mark.django_db
def test_a_group_record_drawn_before_the_session_changed_is_refused(
    client: Client, crew: Crew, family: Family
) -> None:
    """The chair's page carries the session's version: a post from a page drawn before someone
    changed the session is refused with what was typed kept, and nothing reaches a workbook."""
    session = session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        kind="group",
        starts_at=clock.now() - timedelta(days=1),
        attendees=[crew.senior],
    )
    client.force_login(crew.manager_user)
    url = reverse("supervision:group_record", args=[crew.org.code, session.pk])
    assert f'name="version" value="{session.version}"' in client.get(url).content.decode()
    typed = {
        "minutes": "75",
        "attended": [str(crew.senior.pk)],
        "family_1": str(family.pk),
        "steps_1": "Invite the school to the next meeting",
        "notes": "",
    }
    stale = client.post(url, {**typed, "version": session.version + 1})
    page = stale.content.decode()
    assert stale.status_code == 200 and "Someone else saved this record" in page
    assert 'value="75"' in page and "Invite the school" in page
    session.refresh_from_db()
    assert session.status == "booked" and session.minutes is None
    assert not family.workbook_entries.exists()
    assert client.post(url, {**typed, "version": session.version}).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.minutes, session.version) == ("held", 75, 2)
