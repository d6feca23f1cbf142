"""Newly qualified social workers are enrolled as the register adds them — a person added, a hire,
an import (in one pass for the whole file) — once the adding commits; nobody else is."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.academy.helpers import Council
from thrive.academy.models import Enrolment
from thrive.core import clock
from thrive.people.imports import run_import
from thrive.people.services import staff_add

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]

HEADER = (
    "staff_id,first_name,last_name,profession,contract,team,fte,start_date,end_date,job_title,"
    "org_role,swe_number,date_of_birth,gender,ethnicity,qualification_level,"
    "qualification_institution,qualified_on,step_up_grad,frontline_grad,start_origin,"
    "leaving_reason,leaver_destination,line_manager_staff_id,agency_name,hourly_rate"
)


def _row(staff_id: str, start: str, origin: int, qualified: str) -> str:
    return (
        f"{staff_id},Sam,Starter{staff_id},social_worker,permanent,Assessment Team,1,{start},,"
        f"Social worker,5,SW9{staff_id[-5:]:0>5},1995-03-02,2,WBRI,2,University of Kent,"
        f"{qualified},no,no,{origin},,,,,"
    )


def test_a_person_added_to_the_register_is_enrolled_after_the_add_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    c = Council()
    with django_capture_on_commit_callbacks(execute=True):
        person = staff_add(
            organisation=c.org,
            staff_id="NQ7",
            first_name="Noor",
            last_name="New",
            profession="social_worker",
            contract="permanent",
            team=c.team,
            fte=Decimal("1"),
            start_date=date(2026, 6, 1),
            org_role=5,
            swe_number="SW777777",
            start_origin=1,
            actor=c.lead,
        )
        assert not Enrolment.objects.filter(person=person).exists()  # not before the commit
    enrolment = Enrolment.objects.get(person=person)
    assert enrolment.cohort.name == "June 2026 intake" and enrolment.started_on == date(2026, 6, 1)
    assert [r.month for r in enrolment.reviews.order_by("month")] == [3, 6, 12]
    # An experienced social worker added is not.
    with django_capture_on_commit_callbacks(execute=True):
        staff_add(
            organisation=c.org,
            staff_id="EX7",
            first_name="Ed",
            last_name="Experienced",
            profession="social_worker",
            contract="permanent",
            team=c.team,
            fte=Decimal("1"),
            start_date=date(2026, 6, 1),
            org_role=4,
            swe_number="SW888888",
            start_origin=2,
            qualified_on=date(2012, 7, 1),
            actor=c.lead,
        )
    assert Enrolment.objects.filter(organisation=c.org).count() == 1


def test_an_import_enrols_its_newly_qualified_in_one_pass_after_it_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    c = Council()
    content = "\n".join(
        [
            HEADER,
            _row("N00001", "2026-03-02", 1, "2025-07-01"),
            _row("N00002", "2026-04-06", 9, "2025-09-01"),  # within a year of qualifying
            _row("N00003", "2024-01-08", 1, "2023-07-01"),  # their first year is over
            _row("N00004", "2026-04-06", 2, "2010-07-01"),  # experienced
        ]
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(
            kind="staff", organisation=c.org, filename="staff.csv", content=content, dry_run=True
        )
    assert report.ok and not Enrolment.objects.exists()  # a dry run enrols nobody
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = run_import(kind="staff", organisation=c.org, filename="staff.csv", content=content)
    assert report.ok, report.summary()
    assert sorted(
        Enrolment.objects.filter(organisation=c.org).values_list("person__staff_id", flat=True)
    ) == ["N00001", "N00002"]
    assert {e.cohort.name for e in Enrolment.objects.filter(organisation=c.org)} == {
        "March 2026 intake"
    }
    before = len(callbacks)
    # The same file again adds no spells, so enrols nobody (and nobody twice).
    with django_capture_on_commit_callbacks(execute=True) as again:
        assert run_import(
            kind="staff", organisation=c.org, filename="staff.csv", content=content
        ).ok
    assert len(again) < before
    assert Enrolment.objects.filter(organisation=c.org).count() == 2


def test_a_hired_newly_qualified_social_worker_is_enrolled(
    known: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.factories import make_user
    from tests.recruitment.helpers import channel, move, open_vacancy, recruiter
    from tests.recruitment.test_checks import record_all_but
    from thrive.core.roles import Role
    from thrive.recruitment.models import Stage
    from thrive.recruitment.services import (
        application_confirm_start,
        application_hire,
        application_submit,
    )

    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    vacancy = open_vacancy(known, hr, leader, post_id="P4", closing_date=clock.today())
    application = application_submit(
        vacancy=vacancy,
        candidate_name="Amara Okafor",
        candidate_email="amara@example.org",
        channel=channel(known, "Word of mouth"),
        privacy_accepted=True,
        supporting_statement="My final placement was in assessment.",
        start_origin=1,
        qualification_level=2,
        qualification_institution="University of Warwick",
        swe_number="SW123456",
    )
    application = move(
        application, hr, Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED
    )
    record_all_but(application, hr)
    start = clock.today() + timedelta(days=14)
    application = application_confirm_start(application=application, start_date=start, actor=hr)
    with django_capture_on_commit_callbacks(execute=True):
        person = application_hire(application=application, actor=hr, staff_id="N901", org_role=5)
    enrolment = Enrolment.objects.get(person=person)
    assert enrolment.started_on == start
