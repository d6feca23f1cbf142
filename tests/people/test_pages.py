"""Register pages: who may see what, and a constant number of queries however many rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import KNOWN, import_known, make_user
from thrive.core.roles import Role
from thrive.people.imports import run_import
from thrive.people.models import StaffMember, Team


def many_staff(org: Any, n: int) -> None:
    rows = [
        "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number"
    ]
    rows += [
        f"X{i},First{i},Last{i},social_worker,permanent,Team {i % 4},1,2020-01-01,5,SW{i}"
        for i in range(n)
    ]
    report = run_import(
        kind="staff", organisation=org, content="\n".join(rows).encode(), filename="many.csv"
    )
    assert report.ok, report.summary()


PAGES = ["people:staff_list", "people:teams", "people:establishment"]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PAGES)
def test_list_pages_run_a_constant_number_of_queries(
    client: Client, org: Any, url_name: str
) -> None:
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    url = reverse(url_name, args=[org.code])
    many_staff(org, 5)
    client.get(url)  # the first visit also records the council as the person's last one
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    many_staff(org, 120)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), (len(small), len(large))


@pytest.mark.django_db
def test_team_and_person_pages_run_a_constant_number_of_queries(client: Client, org: Any) -> None:
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    many_staff(org, 8)
    team = Team.objects.get(name="Team 1")
    url = reverse("people:team", args=[org.code, team.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    many_staff(org, 100)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


@pytest.mark.django_db
def test_staff_list_search_filter_sort_and_csv(client: Client, org: Any) -> None:
    import_known(org)
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    url = reverse("people:staff_list", args=[org.code])
    page = client.get(url, {"on": "2025-09-30"}).content.decode()
    assert "Khan, Amina" in page and "Davies, Chloe" not in page  # S3 left on 30 Sep
    page = client.get(url, {"on": "2025-09-30", "status": "all", "q": "chloe"}).content.decode()
    assert "Davies, Chloe" in page and "Khan, Amina" not in page
    page = client.get(url, {"profession": "domestic_abuse"}).content.decode()
    assert "Evans, Ellie" in page and "Khan, Amina" not in page
    page = client.get(url, {"contract": "agency"}).content.decode()
    assert "Patel, Dev" in page and "Khan, Amina" not in page
    csv_response = client.get(url, {"format": "csv", "status": "all"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content.decode("utf-8-sig").count("\n") == 7


@pytest.mark.django_db
def test_team_manager_sees_only_their_team(client: Client, org: Any) -> None:
    import_known(org)
    team = Team.objects.get(name="Children in Care Team")
    client.force_login(make_user(org, Role.TEAM_MANAGER, team=team))
    page = client.get(reverse("people:staff_list", args=[org.code]), {"status": "all"}).content
    assert b"Davies, Chloe" in page and b"Khan, Amina" not in page
    amina = StaffMember.objects.get(staff_id="S1")
    assert client.get(reverse("people:person", args=[org.code, amina.pk])).status_code == 404
    other = Team.objects.get(name="Assessment Team 1")
    assert client.get(reverse("people:team", args=[org.code, other.pk])).status_code == 404
    assert client.get(reverse("people:team", args=[org.code, team.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.PARTNER])
def test_outsiders_are_refused_the_register(client: Client, org: Any, role: str) -> None:
    import_known(org)
    client.force_login(make_user(org, role))
    person = StaffMember.objects.get(staff_id="S1")
    for url in [reverse(n, args=[org.code]) for n in PAGES] + [
        reverse("people:person", args=[org.code, person.pk]),
        reverse("people:imports", args=[org.code]),
    ]:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_practitioner_sees_only_their_own_record(client: Client, org: Any) -> None:
    import_known(org)
    user = make_user(org, Role.PRACTITIONER)
    me = StaffMember.objects.get(staff_id="S2")
    me.user = user
    me.save()
    client.force_login(user)
    assert client.get(reverse("people:person", args=[org.code, me.pk])).status_code == 200
    other = StaffMember.objects.get(staff_id="S1")
    assert client.get(reverse("people:person", args=[org.code, other.pk])).status_code == 404


@pytest.mark.django_db
def test_another_councils_person_is_not_found(client: Client, org: Any, other_org: Any) -> None:
    import_known(other_org)
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    person = StaffMember.objects.get(staff_id="S1", organisation=other_org)
    assert client.get(reverse("people:person", args=[org.code, person.pk])).status_code == 404


@pytest.mark.django_db
def test_person_page_shows_timeline_absence_and_caseload(client: Client, org: Any) -> None:
    import_known(org)
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    amina = StaffMember.objects.get(staff_id="S1")
    page = client.get(reverse("people:person", args=[org.code, amina.pk]), {"on": "2025-09-30"})
    text = page.content.decode()
    assert "1 Jan 2015 to 31 Dec 2019" in text and "1 Jan 2020 to now" in text
    assert "Sickness" in text and "C3" in text
    assert 'Children allocated on 30 Sep 2025</dt><dd class="govuk-summary-list__value">2' in text


@pytest.mark.django_db
def test_establishment_and_team_vacancies(client: Client, org: Any) -> None:
    import_known(org)
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    page = client.get(reverse("people:establishment", args=[org.code]), {"on": "2025-09-30"})
    text = page.content.decode()
    # P1-P4 and P6 funded; P3 (agency) and P4 vacant; P6 held by its domestic abuse worker.
    assert "5 posts, 4.5 FTE. 2 vacant (2.0 FTE), of which 1.0 FTE is covered by agency" in text


@pytest.mark.django_db
def test_upload_preview_then_confirm(client: Client, org: Any) -> None:
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    url = reverse("people:imports", args=[org.code])
    with open(KNOWN / "staff.csv", "rb") as f:
        page = client.post(url, {"kind": "staff", "file": f})
    text = page.content.decode()
    assert "Check the import before you confirm it" in text
    assert 'id="count-new">7<' in text
    assert StaffMember.objects.count() == 0
    import re

    token = re.search(r'name="token" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]
    done = client.post(
        reverse("people:import_confirm", args=[org.code]), {"token": token}, follow=True
    )
    assert b"Imported staff.csv: 7 new" in done.content
    assert StaffMember.objects.count() == 6


@pytest.mark.django_db
def test_upload_with_problems_lists_them_and_writes_nothing(client: Client, org: Any) -> None:
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    bad = (KNOWN / "staff.csv").read_text().replace(",0.5,2024-10-01", ",1.5,2024-10-01")
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        reverse("people:imports", args=[org.code]),
        {"kind": "staff", "file": SimpleUploadedFile("staff.csv", bad.encode())},
    )
    assert b"row 4, column fte: must be no more than 1" in page.content
    assert StaffMember.objects.count() == 0


@pytest.mark.django_db
def test_labels_in_words_and_your_record_link(client: Client, org: Any) -> None:
    import_known(org)
    user = make_user(org, Role.PRACTITIONER)
    me = StaffMember.objects.get(staff_id="S3")
    me.user = user
    me.save()
    client.force_login(make_user(org, Role.HR_RECRUITMENT))
    page = client.get(reverse("people:staff_list", args=[org.code]), {"status": "all"})
    assert b"Fixed term" in page.content and b"Domestic abuse worker" in page.content
    client.force_login(user)
    home = client.get(reverse("core:org_home", args=[org.code])).content.decode()
    assert reverse("people:person", args=[org.code, me.pk]) in home and "Your record" in home
