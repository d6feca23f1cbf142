"""Families' records: visible only to the allocated workers, the managers above them and the
specialists assigned; everyone else is told "not found"; every read and refusal is logged."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import linked_user, make_user
from thrive.caseloads.models import Allocation, ChildStatus, Family, FamilyMember
from thrive.caseloads.services import families_sync, family_assign
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import Service, StaffMember, Team


def family_url(org: Any, family_id: str) -> str:
    family = Family.objects.get(organisation=org, family_id=family_id)
    return reverse("caseloads:family", args=[org.code, family.pk]) + "?on=2025-09-30"


@pytest.mark.django_db
def test_families_are_built_from_allocations_once(known: Any) -> None:
    # F1: C1, C2 (S1) and C5 (S5); F2: C3; F3: C4.
    assert set(Family.objects.values_list("family_id", flat=True)) == {"F1", "F2", "F3"}
    f1 = Family.objects.get(family_id="F1")
    assert set(f1.members.values_list("member_id", flat=True)) == {"C1", "C2", "C5"}
    assert ChildStatus.objects.get(child__member_id="C3").status == "cp"
    again = families_sync(organisation=known)
    assert again == {"families": 0, "children": 0, "moved": 0, "statuses": 0}


@pytest.mark.django_db
def test_allocated_worker_sees_their_family_only(client: Client, known: Any) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    assert client.get(family_url(known, "F1")).status_code == 200
    assert client.get(family_url(known, "F3")).status_code == 404  # S4's family
    page = client.get(reverse("caseloads:families", args=[known.code]), {"on": "2025-09-30"})
    assert b"Family F1" in page.content and b"Family F3" not in page.content
    assert AuditEvent.objects.filter(action="family.read").count() == 1
    assert AuditEvent.objects.filter(action="family.refused").count() == 1


@pytest.mark.django_db
def test_managers_above_the_worker_see_it(client: Client, known: Any) -> None:
    team = Team.objects.get(name="Assessment Team 1")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    assert client.get(family_url(known, "F1")).status_code == 200
    other = Team.objects.get(name="Children in Care Team")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=other))
    assert client.get(family_url(known, "F1")).status_code == 404
    service = Service.objects.create(organisation=known, name="Safeguarding")
    team.service = service
    team.save()
    client.force_login(make_user(known, Role.SERVICE_MANAGER, service=service))
    assert client.get(family_url(known, "F1")).status_code == 200


@pytest.mark.django_db
def test_assigned_specialist_sees_it_and_others_do_not(client: Client, known: Any) -> None:
    user = linked_user(known, "S5", Role.ADULT_SPECIALIST)
    client.force_login(user)
    # S5 holds C5's allocation in F1 (a domestic abuse worker with a case in the import).
    assert client.get(family_url(known, "F3")).status_code == 404
    family_assign(
        family=Family.objects.get(family_id="F3"),
        person=StaffMember.objects.get(staff_id="S5"),
        role="da_victim",
        start_date=date(2025, 1, 1),
    )
    assert client.get(family_url(known, "F3")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        Role.PRINCIPAL_SOCIAL_WORKER,
        Role.SENIOR_LEADER,
        Role.SYSTEM_ADMIN,
        Role.HR_RECRUITMENT,
        Role.WORKFORCE_DEVELOPMENT,
        Role.PANEL_MEMBER,
        Role.PARTNER,
        Role.PRACTITIONER,
    ],
)
def test_everyone_unconnected_gets_not_found(client: Client, known: Any, role: str) -> None:
    client.force_login(make_user(known, role))
    for family_id in ["F1", "F2", "F3"]:
        assert client.get(family_url(known, family_id)).status_code == 404, (role, family_id)


@pytest.mark.django_db
def test_another_councils_family_is_not_found(client: Client, known: Any, other_org: Any) -> None:
    client.force_login(make_user(other_org, Role.TEAM_MANAGER))
    url = family_url(known, "F1").replace(f"/o/{known.code}/", f"/o/{other_org.code}/")
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_access_log_search_and_export(client: Client, known: Any) -> None:
    reader = linked_user(known, "S1", Role.PRACTITIONER, email="reader@example.test")
    client.force_login(reader)
    client.get(family_url(known, "F1"))
    client.get(family_url(known, "F3"))
    client.force_login(make_user(known, Role.PRINCIPAL_SOCIAL_WORKER))
    url = reverse("caseloads:access_log", args=[known.code])
    page = client.get(url, {"who": "reader"}).content.decode()
    assert "Read the record of Family F1" in page and "Refused" in page
    csv = client.get(url, {"who": "reader", "format": "csv"}).content.decode("utf-8-sig")
    assert csv.count("reader@example.test") == 2
    assert AuditEvent.objects.filter(action="audit.export").exists()
    # Searching by the case system's family ID finds the refusal too, and only that family.
    from thrive.core.audit import audit_log

    f30 = Family.objects.create(organisation=known, family_id="F30")
    audit_log(action="family.read", user=reader, organisation=known, obj=f30, summary="Read F30")
    found = client.get(url, {"family": "F3", "format": "csv"}).content.decode("utf-8-sig")
    assert "Asked for family F3, which they are not connected to" in found
    assert "Family F1" not in found and "Read F30" not in found
    client.force_login(make_user(known, Role.TEAM_MANAGER))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_child_moved_to_another_family(known: Any) -> None:
    from thrive.caseloads.models import Allocation

    Allocation.objects.filter(child_id="C2").update(family_id="F9")
    families_sync(organisation=known)
    assert FamilyMember.objects.get(member_id="C2").family.family_id == "F9"


@pytest.mark.django_db
def test_worker_adds_an_adult_and_changes_a_status(client: Client, known: Any) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    family = Family.objects.get(family_id="F1")
    url = reverse("caseloads:adult_add", args=[known.code, family.pk])
    response = client.post(url, {"first_name": "Dana", "relationship": "parent"})
    assert response.status_code == 302
    adult = FamilyMember.objects.get(family=family, is_child=False)
    assert adult.first_name == "Dana" and adult.relationship == "parent"
    # A missing relationship keeps the name typed.
    response = client.post(url, {"first_name": "Lee"})
    assert response.status_code == 200 and b'value="Lee"' in response.content
    child = FamilyMember.objects.get(member_id="C1")
    url = reverse("caseloads:child_status", args=[known.code, family.pk, child.pk])
    seen = {"version": child.version}
    response = client.post(
        url, {"status": "cp", "from_date_0": "3", "from_date_1": "3", "from_date_2": "2025", **seen}
    )
    assert response.status_code == 302
    history = list(child.statuses.order_by("start_date").values_list("status", "end_date"))
    assert history == [("cin", date(2025, 3, 3)), ("cp", None)]
    # Not before the current status began.
    child.refresh_from_db()
    seen = {"version": child.version}
    response = client.post(
        url,
        {"status": "cla", "from_date_0": "1", "from_date_1": "1", "from_date_2": "2025", **seen},
    )
    assert b"must start after the current one" in response.content
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"family.adult_added", "family.status_changed"} <= actions


@pytest.mark.django_db
def test_specialists_and_outsiders_cannot_change_the_record(client: Client, known: Any) -> None:
    user = linked_user(known, "S5", Role.ADULT_SPECIALIST)
    family = Family.objects.get(family_id="F3")
    family_assign(
        family=family,
        person=StaffMember.objects.get(staff_id="S5"),
        role="probation",
        start_date=date(2025, 1, 1),
    )
    client.force_login(user)
    url = reverse("caseloads:adult_add", args=[known.code, family.pk])
    response = client.post(url, {"first_name": "Dana", "relationship": "parent"})
    assert b"Only the family" in response.content
    client.force_login(make_user(known, Role.SYSTEM_ADMIN))
    assert client.post(url, {"first_name": "x", "relationship": "parent"}).status_code == 404
    assert not FamilyMember.objects.filter(is_child=False).exists()


@pytest.mark.django_db
def test_an_adult_may_belong_to_two_households_once_each(client: Client, known: Any) -> None:
    """A father of children in two households is in both; within one family his case system ID is
    recorded once, and the message about it says nothing about other families."""
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    f1 = Family.objects.get(family_id="F1")
    f3 = Family.objects.get(family_id="F3")
    FamilyMember.objects.create(
        organisation=known, family=f3, is_child=False, member_id="A7", relationship="parent"
    )
    url = reverse("caseloads:adult_add", args=[known.code, f1.pk])
    adult = {"first_name": "Sam", "relationship": "parent", "member_id": "A7"}
    assert client.post(url, adult).status_code == 302
    assert FamilyMember.objects.filter(member_id="A7", is_child=False).count() == 2
    page = client.post(url, adult).content.decode()
    assert "already recorded in this family" in page and 'value="Sam"' in page


@pytest.mark.django_db
def test_a_status_change_made_meanwhile_is_not_overwritten(client: Client, known: Any) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    family = Family.objects.get(family_id="F1")
    child = FamilyMember.objects.get(member_id="C1")
    url = reverse("caseloads:child_status", args=[known.code, family.pk, child.pk])
    page = client.get(url).content.decode()
    assert f'name="version" value="{child.version}"' in page
    change = {"status": "cp", "from_date_0": "3", "from_date_1": "3", "from_date_2": "2025"}
    assert client.post(url, {**change, "version": child.version}).status_code == 302
    # A second form drawn before that change is refused, keeping what was typed.
    stale = {"status": "cla", "from_date_0": "4", "from_date_1": "4", "from_date_2": "2025"}
    page = client.post(url, {**stale, "version": child.version}).content.decode()
    assert "Someone else changed this child&#x27;s status" in page
    assert re.search(r'value="cla"[^>]*(checked|selected)', page)
    assert child.statuses.get(end_date__isnull=True).status == "cp"


@pytest.mark.django_db
def test_a_leavers_families_fall_to_the_managers_of_their_last_team(
    client: Client, known: Any
) -> None:
    """Chloe (S3) left the Children in Care Team on 30 Sep 2025 still allocated C60 of F60: her
    last team's manager sees the family, is told on the team board and may transfer it; another
    team's manager and Chloe herself get "not found"; the council view counts the child."""
    Allocation.objects.create(
        organisation=known,
        child_id="C60",
        family_id="F60",
        worker=StaffMember.objects.get(staff_id="S3"),
        case_type="cp",
        start_date=date(2025, 1, 1),
    )
    families_sync(organisation=known)
    care = Team.objects.get(name="Children in Care Team")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=care))
    assert client.get(family_url(known, "F60")).status_code == 200
    board = client.get(reverse("caseloads:team", args=[known.code, care.pk]))
    table = board.content.decode().split('id="leaver-cases"')[1].split("</table>")[0]
    assert "Chloe Davies" in table and "30 Sep 2025" in table and "Family F60" in table
    family = Family.objects.get(family_id="F60")
    assert reverse("caseloads:allocate_family", args=[known.code, family.pk]) in table
    # The leavers list names families, so it is in the access log.
    assert AuditEvent.objects.filter(action="family.list", summary__contains="leavers").count() == 1
    assessment = Team.objects.get(name="Assessment Team 1")
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=assessment))
    assert client.get(family_url(known, "F60")).status_code == 404
    assert (
        b"leaver-cases"
        not in client.get(reverse("caseloads:team", args=[known.code, assessment.pk])).content
    )
    client.force_login(linked_user(known, "S3", Role.PRACTITIONER))
    assert client.get(family_url(known, "F60")).status_code == 404
    # The principal social worker sees the count, not the family.
    client.force_login(make_user(known, Role.PRINCIPAL_SOCIAL_WORKER))
    overview = client.get(reverse("caseloads:overview", args=[known.code])).content.decode()
    assert "1 child</strong>" in overview
    seen = client.get(reverse("caseloads:team", args=[known.code, care.pk])).content.decode()
    assert "Chloe Davies" in seen and "1 family you cannot open" in seen
    assert "Family F60" not in seen


def _day(value: date, field: str) -> dict[str, str]:
    return {
        f"{field}_0": str(value.day),
        f"{field}_1": str(value.month),
        f"{field}_2": str(value.year),
    }


@pytest.mark.django_db
def test_a_manager_assigns_a_specialist_who_then_sees_the_family_until_it_ends(
    client: Client, known: Any
) -> None:
    """Assessment Team 1's manager assigns Ellie (S5, domestic abuse worker) to Dev's family F3:
    she may then open it; once her work ends she may not. A specialist cannot assign anyone, and
    another team's manager cannot even find the page."""
    from datetime import timedelta

    from thrive.caseloads.models import FamilyAssignment

    today = clock.today()
    family = Family.objects.get(family_id="F3")
    ellie = StaffMember.objects.get(staff_id="S5")
    specialist = linked_user(known, "S5", Role.ADULT_SPECIALIST)
    client.force_login(specialist)
    assert client.get(family_url(known, "F3")).status_code == 404

    manager = make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Assessment Team 1"))
    client.force_login(manager)
    record = client.get(family_url(known, "F3")).content.decode()
    url = reverse("caseloads:specialist_assign", args=[known.code, family.pk])
    assert url in record
    page = client.get(url).content.decode()
    assert "Ellie Evans" in page and "Amina Khan" not in page  # specialists, not social workers
    # Missing role: the page says so and keeps the person chosen.
    page = client.post(url, {"person": ellie.pk, **_day(today, "start_date")}).content.decode()
    assert "govuk-error-summary" in page and f'value="{ellie.pk}" selected' in page
    started = _day(today - timedelta(days=10), "start_date")
    done = client.post(url, {"person": ellie.pk, "role": "da_victim", **started})
    assert done.status_code == 302
    again = client.post(url, {"person": ellie.pk, "role": "da_victim", **_day(today, "start_date")})
    assert "already assigned to this family" in again.content.decode()
    assert AuditEvent.objects.filter(action="family.assign", object_id=str(family.pk)).exists()

    client.force_login(specialist)
    assert client.get(family_url(known, "F3")).status_code == 200
    refusals = AuditEvent.objects.filter(action="family.refused", user=specialist)
    before = refusals.count()
    valid = {"person": ellie.pk, "role": "other", **_day(today, "start_date")}
    page = client.post(url, valid).content.decode()
    assert "Only the family&#x27;s allocated workers and their managers" in page
    assert FamilyAssignment.objects.filter(family=family).count() == 1  # refused
    assert refusals.count() == before + 1  # and the refusal is kept in the log

    assignment = FamilyAssignment.objects.get(family=family)
    end = reverse("caseloads:specialist_end", args=[known.code, family.pk, assignment.pk])
    client.force_login(manager)
    # A page drawn before someone else changed the assignment is refused.
    stale = {**_day(today - timedelta(days=1), "end_date"), "version": assignment.version + 1}
    assert "Someone else changed this specialist" in client.post(end, stale).content.decode()
    assert f'name="version" value="{assignment.version}"' in client.get(end).content.decode()
    seen = {**_day(today - timedelta(days=1), "end_date"), "version": assignment.version}
    ended = client.post(end, seen)
    assert ended.status_code == 302
    client.force_login(specialist)
    assert client.get(family_url(known, "F3")).status_code == 404

    client.force_login(
        make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Children in Care Team"))
    )
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_allocated_worker_records_a_childs_name_and_date_of_birth(
    client: Client, known: Any
) -> None:
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    family = Family.objects.get(family_id="F1")
    child = FamilyMember.objects.get(member_id="C1")
    url = reverse("caseloads:child_details", args=[known.code, family.pk, child.pk])
    assert url in client.get(family_url(known, "F1")).content.decode()
    future = {"first_name": "Maya", **_day(date(2099, 1, 1), "date_of_birth")}
    page = client.post(url, {**future, "version": child.version}).content.decode()
    assert "must be today or in the past" in page and 'value="Maya"' in page
    good = {"first_name": "Maya", **_day(date(2016, 5, 4), "date_of_birth")}
    assert client.post(url, {**good, "version": child.version}).status_code == 302
    child.refresh_from_db()
    assert (child.first_name, child.date_of_birth) == ("Maya", date(2016, 5, 4))
    record = client.get(family_url(known, "F1")).content.decode()
    assert "Maya" in record and "Born 4 May 2016" in record
    # A form drawn before that change is refused.
    stale = client.post(url, {**good, "first_name": "May", "version": child.version - 1})
    assert "Someone else changed this child" in stale.content.decode()


@pytest.mark.django_db
def test_two_people_changing_a_childs_details_at_once_never_overwrite_each_other(
    client: Client, known: Any
) -> None:
    """The worker and their manager both open the form; the manager saves first. The worker's
    save is refused with a message, what they typed is kept on the page, and the record holds
    the manager's change. A post carrying no version at all is refused too."""
    family = Family.objects.get(family_id="F1")
    child = FamilyMember.objects.get(member_id="C1")
    url = reverse("caseloads:child_details", args=[known.code, family.pk, child.pk])
    worker, manager = Client(), client
    worker.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    manager.force_login(
        make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Assessment Team 1"))
    )
    seen = child.version
    assert f'name="version" value="{seen}"' in worker.get(url).content.decode()
    assert f'name="version" value="{seen}"' in manager.get(url).content.decode()
    first = {"first_name": "Maya", **_day(date(2016, 5, 4), "date_of_birth"), "version": seen}
    assert manager.post(url, first).status_code == 302
    second = {"first_name": "Maisie", **_day(date(2016, 5, 5), "date_of_birth"), "version": seen}
    refused = worker.post(url, second)
    page = refused.content.decode()
    assert refused.status_code == 200 and "Someone else changed this child" in page
    assert 'value="Maisie"' in page and "govuk-error-summary" in page  # what was typed is kept
    child.refresh_from_db()
    assert (child.first_name, child.date_of_birth, child.version) == (
        "Maya",
        date(2016, 5, 4),
        seen + 1,
    )
    changes = AuditEvent.objects.filter(action="family.child_changed", object_id=str(family.pk))
    assert changes.count() == 1
    # No version at all (a hand-made post): refused, nothing saved.
    blind = worker.post(url, {"first_name": "Maisie", **_day(date(2016, 5, 5), "date_of_birth")})
    assert "This page is out of date" in blind.content.decode()
    child.refresh_from_db()
    assert child.first_name == "Maya"


@pytest.mark.django_db
def test_lists_of_families_are_logged_and_always_as_of_today(client: Client, known: Any) -> None:
    """Amina (S1) held C3 of F2 until 30 Sep 2025: asking for the list on an earlier date does
    not bring F2 back; each list shown (page, API, my caseload) is in the access log."""
    user = linked_user(known, "S1", Role.PRACTITIONER)
    client.force_login(user)
    page = client.get(reverse("caseloads:families", args=[known.code]), {"on": "2025-06-01"})
    assert b"Family F1" in page.content and b"Family F2" not in page.content
    client.get(reverse("caseloads:mine", args=[known.code]))
    listed = set(AuditEvent.objects.filter(action="family.list").values_list("summary", flat=True))
    assert listed == {"Listed 1 family (the families list)", "Listed 2 children (my caseload)"}


@pytest.mark.django_db
def test_the_allocations_file_may_carry_childrens_names_and_dates_of_birth(known: Any) -> None:
    from thrive.people.imports import run_import

    header = "child_id,family_id,staff_id,case_type,start_date,end_date,child_first_name,"
    header += "child_date_of_birth\n"
    good = header + "C1,F1,S1,cin,2025-01-10,,Maya,2016-05-04\nC7,F1,S1,cin,2025-02-01,,,\n"
    report = run_import(
        kind="allocations", organisation=known, filename="a.csv", content=good.encode()
    )
    assert report.ok, report.problems
    c1 = FamilyMember.objects.get(member_id="C1")
    assert (c1.first_name, c1.date_of_birth) == ("Maya", date(2016, 5, 4))
    assert "Names or dates of birth recorded for 1 child." in report.notes
    bad = header + "C1,F1,S1,cin,2025-01-10,,Maya,2099-01-01\n"
    refused = run_import(
        kind="allocations", organisation=known, filename="b.csv", content=bad.encode()
    )
    assert refused.problems == ["row 2, column child_date_of_birth: 2099-01-01 is in the future"]


@pytest.mark.django_db
def test_the_families_list_names_each_familys_workers_status_and_last_summary(
    client: Client, known: Any, django_assert_max_num_queries: Any
) -> None:
    """Issue 15: the list showed only an ID and a count of children. Each row now says who holds
    the children's allocations, the children's case statuses and the month of the latest shared
    summary, in the same number of queries however many families there are."""
    from thrive.workbook.models import MonthlySummary

    user = linked_user(known, "S1", Role.PRACTITIONER)
    f1 = Family.objects.get(family_id="F1")
    f1.name = "The Khan-Smith family"
    f1.save()
    MonthlySummary.objects.create(
        organisation=known,
        family=f1,
        month=date(2025, 8, 1),
        strengths="s",
        concerns="c",
        family_shares="yes",
        direction="improving",
        next_steps="n",
        author=user,
    )
    client.force_login(user)
    url = reverse("caseloads:families", args=[known.code])
    page = client.get(url).content.decode()
    row = page.split("The Khan-Smith family", 1)[1].split("</tr>", 1)[0]
    assert "F1" in row and "Amina Khan" in row and "Child in need" in row
    assert "August 2025" in row
    # The team manager sees the team's families; one with no summary yet says so.
    client.force_login(
        make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Assessment Team 1"))
    )
    with django_assert_max_num_queries(40) as counted:
        text = client.get(url).content.decode()
    assert "None yet" in text
    first = len(counted.captured_queries)
    families_sync(organisation=known)
    for n in range(3):
        Allocation.objects.create(
            organisation=known,
            child_id=f"CX{n}",
            family_id=f"FX{n}",
            worker=StaffMember.objects.get(staff_id="S1"),
            case_type="cp",
            start_date=date(2025, 1, 1),
        )
    families_sync(organisation=known)
    with django_assert_max_num_queries(first) as again:
        text = client.get(url).content.decode()
    assert "Family FX2" in text and "Child protection plan" in text
    assert len(again.captured_queries) <= first  # not one more query for three more families


@pytest.mark.django_db
def test_my_caseload_links_each_child_to_its_family(client: Client, known: Any) -> None:
    """Issue 15: children on *My caseload* named their family's ID without a link to it."""
    client.force_login(linked_user(known, "S1", Role.PRACTITIONER))
    page = client.get(reverse("caseloads:mine", args=[known.code])).content.decode()
    f1 = Family.objects.get(family_id="F1")
    link = f'href="{reverse("caseloads:family", args=[known.code, f1.pk])}"'
    assert page.count(link) == 2  # C1 and C2
    assert client.get(reverse("caseloads:family", args=[known.code, f1.pk])).status_code == 200
