"""Vacancies raised from the establishment, approved by a second person; who may see and do what;
the list's queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import open_vacancy, raise_vacancy, recruiter
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import Post, Team
from thrive.recruitment.models import Vacancy, VacancyStatus
from thrive.recruitment.services import vacancy_approve, vacancy_close, vacancy_fill, vacancy_submit


@pytest.mark.django_db
def test_a_vacancy_raised_from_a_vacant_post_takes_its_team_title_and_fte(known: Any) -> None:
    hr = recruiter(known)
    vacancy = raise_vacancy(known, hr, post_id="P4")
    assert vacancy.team.name == "Children in Care Team"
    assert vacancy.title == "Social worker" and vacancy.social_work_post
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.tests == ["Relationship-based practice", "Curiosity"]
    assert vacancy.selection_steps == ["Sift of applications", "Values-based panel interview"]
    own = raise_vacancy(known, hr, title="Team manager", team=vacancy.team, manager_post=True)
    assert own.selection_steps[1] == "Assessment centre"
    written = raise_vacancy(
        known, hr, title="Senior", team=vacancy.team, selection_steps=["Sift", " ", "Interview"]
    )
    assert written.selection_steps == ["Sift", "Interview"]
    event = AuditEvent.objects.filter(action="recruitment.vacancy_raised").first()
    assert event is not None
    assert AuditEvent.objects.filter(
        action="recruitment.vacancy_raised", user=hr, summary__contains="post P4"
    ).exists()


@pytest.mark.django_db
def test_a_held_post_an_unfunded_post_and_a_post_already_recruited_to_are_refused(
    known: Any,
) -> None:
    hr = recruiter(known)
    with pytest.raises(ThriveError, match="P1 is held by"):
        raise_vacancy(known, hr, post_id="P1")
    with pytest.raises(ThriveError, match="P5 is not funded today"):
        raise_vacancy(known, hr, post_id="P5")
    raise_vacancy(known, hr, post_id="P4")
    with pytest.raises(ThriveError, match="already has a vacancy"):
        raise_vacancy(known, hr, post_id="P4")


@pytest.mark.django_db
def test_the_salary_range_and_closing_date_are_validated(known: Any) -> None:
    hr = recruiter(known)
    team = Team.objects.get(organisation=known, name="Children in Care Team")
    with pytest.raises(ThriveError, match="highest salary"):
        raise_vacancy(
            known, hr, team=team, title="Social worker", salary_min=40000, salary_max=30000
        )
    with pytest.raises(ThriveError, match="closing date"):
        raise_vacancy(
            known,
            hr,
            team=team,
            title="Social worker",
            closing_date=clock.today() - timedelta(days=16),
        )
    with pytest.raises(ThriveError, match="the team of a new post"):
        raise_vacancy(known, hr, title="Social worker")
    vacancy = raise_vacancy(known, hr, team=team, title="Advanced practitioner")
    assert vacancy.post is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(salary_max=1)


@pytest.mark.django_db
def test_a_second_person_approves_and_the_status_moves_only_forward(known: Any) -> None:
    hr, second = recruiter(known), recruiter(known)
    vacancy = raise_vacancy(known, hr, post_id="P4")
    with pytest.raises(ThriveError, match="awaiting approval"):
        vacancy_approve(vacancy=vacancy, actor=second)
    vacancy_submit(vacancy=vacancy, actor=hr)
    with pytest.raises(ThriveError, match="second person"):
        vacancy_approve(vacancy=vacancy, actor=hr)
    vacancy = vacancy_approve(vacancy=vacancy, actor=second)
    assert vacancy.status == VacancyStatus.OPEN and vacancy.approved_by == second
    with pytest.raises(ThriveError, match="cannot become"):
        vacancy_submit(vacancy=vacancy, actor=hr)
    vacancy_close(vacancy=vacancy, actor=hr)
    vacancy = vacancy_fill(vacancy=vacancy, actor=hr)
    assert vacancy.status == VacancyStatus.FILLED
    assert list(
        AuditEvent.objects.filter(action__startswith="recruitment.vacancy").values_list(
            "action", flat=True
        )
    ) == [
        "recruitment.vacancy_filled",
        "recruitment.vacancy_closed",
        "recruitment.vacancy_approved",
        "recruitment.vacancy_submitted",
        "recruitment.vacancy_raised",
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(approved_by=hr)


@pytest.mark.django_db
def test_the_pages_raise_list_and_approve(client: Client, known: Any) -> None:
    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    client.force_login(hr)
    raise_url = reverse("recruitment:vacancy_raise", args=[known.code])
    page = client.get(raise_url)
    assert page.status_code == 200
    assert "P4 Social worker, Children in Care Team" in page.content.decode()
    assert "P1 Senior practitioner" not in page.content.decode()
    p4 = Post.objects.get(organisation=known, post_id="P4")
    form = {
        "post": str(p4.pk),
        "grade": "SW2",
        "salary_min": "38000",
        "salary_max": "36000",
        "closing_date_0": "31",
        "closing_date_1": "7",
        "closing_date_2": "2026",
        "tests": "Curiosity\nRelationship-based practice\n",
    }
    refused = client.post(raise_url, form)
    assert refused.status_code == 200
    assert "The highest salary must be at least the lowest" in refused.content.decode()
    response = client.post(raise_url, {**form, "salary_max": "42000", "manager_post": "on"})
    vacancy = Vacancy.objects.get()
    assert response["Location"] == reverse("recruitment:vacancy", args=[known.code, vacancy.pk])
    assert vacancy.tests == ["Curiosity", "Relationship-based practice"]
    # The selection is built from the template for a manager post; probation is 6 months.
    assert vacancy.selection_steps == [
        "Sift of applications",
        "Assessment centre",
        "Values-based panel interview",
    ]
    assert vacancy.probation_months == 6
    shown = client.get(response["Location"]).content.decode()
    assert "2. Assessment centre" in shown and "6 months" in shown
    client.post(response["Location"], {"action": "submit"})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.AWAITING_APPROVAL
    approve_url = reverse("recruitment:vacancy_approve", args=[known.code, vacancy.pk])
    own = client.post(approve_url)
    assert "second person" in own.content.decode()
    client.force_login(leader)
    assert "Approve" in client.get(response["Location"]).content.decode()
    client.post(approve_url)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN and vacancy.approved_by == leader
    listing = client.get(reverse("recruitment:vacancies", args=[known.code]), {"status": "open"})
    assert "Social worker" in listing.content.decode()
    closed = client.get(reverse("recruitment:vacancies", args=[known.code]), {"status": "closed"})
    assert "No vacancies." in closed.content.decode()


@pytest.mark.django_db
def test_people_without_the_capability_are_refused_and_it_is_logged(
    client: Client, known: Any
) -> None:
    vacancy = raise_vacancy(known, recruiter(known), post_id="P4")
    practitioner = make_user(known, Role.PRACTITIONER)
    client.force_login(practitioner)
    assert client.get(reverse("recruitment:vacancies", args=[known.code])).status_code == 403
    assert AuditEvent.objects.filter(action="access.refused", user=practitioner).exists()
    # Workforce development sees vacancies but neither raises nor approves them.
    wfd = make_user(known, Role.WORKFORCE_DEVELOPMENT)
    client.force_login(wfd)
    assert (
        client.get(reverse("recruitment:vacancy", args=[known.code, vacancy.pk])).status_code == 200
    )
    assert client.get(reverse("recruitment:vacancy_raise", args=[known.code])).status_code == 403
    assert (
        client.post(
            reverse("recruitment:vacancy", args=[known.code, vacancy.pk]), {"action": "submit"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("recruitment:vacancy_approve", args=[known.code, vacancy.pk])
        ).status_code
        == 403
    )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


@pytest.mark.django_db
def test_a_service_manager_sees_and_raises_only_in_their_service(
    client: Client, known: Any
) -> None:
    hr = recruiter(known)
    cic = Team.objects.get(organisation=known, name="Children in Care Team")
    elsewhere = make_team(known, "Elsewhere Team", service="Elsewhere")
    raise_vacancy(known, hr, team=cic, title="In their service")
    hidden = raise_vacancy(known, hr, team=elsewhere, title="Beyond their service")
    manager = make_user(known, Role.SERVICE_MANAGER, team=cic, service=cic.service)
    client.force_login(manager)
    listing = client.get(reverse("recruitment:vacancies", args=[known.code])).content.decode()
    assert "In their service" in listing and "Beyond their service" not in listing
    assert (
        client.get(reverse("recruitment:vacancy", args=[known.code, hidden.pk])).status_code == 404
    )
    page = client.get(reverse("recruitment:vacancy_raise", args=[known.code])).content.decode()
    assert "Children in Care Team" in page and "Elsewhere Team" not in page


@pytest.mark.django_db
def test_another_councils_people_see_none_of_it(client: Client, known: Any) -> None:
    vacancy = raise_vacancy(known, recruiter(known), post_id="P4")
    other = make_org("330", "Birmingham")
    client.force_login(recruiter(other))
    assert client.get(reverse("recruitment:vacancies", args=[known.code])).status_code == 403
    assert client.get(reverse("recruitment:vacancies", args=[other.code])).status_code == 200
    assert (
        client.get(reverse("recruitment:vacancy", args=[other.code, vacancy.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_the_list_runs_a_constant_number_of_queries(client: Client, known: Any) -> None:
    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    team = Team.objects.get(organisation=known, name="Children in Care Team")
    client.force_login(hr)
    url = reverse("recruitment:vacancies", args=[known.code])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    open_vacancy(known, hr, leader, team=team, title="First")
    open_vacancy(known, hr, leader, team=team, title="Second")
    count()  # the first page of the day also notes the council they are in
    few = count()
    for n in range(8):
        open_vacancy(known, hr, leader, team=team, title=f"More {n}")
    assert count() == few
