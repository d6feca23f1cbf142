"""Into the register: an accepted offer with a confirmed start date becomes the person's staff
record and spell, with the census items from the application and the equality answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.recruitment.helpers import move, open_vacancy, recruiter
from tests.recruitment.test_checks import record_all_but
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.models import Post, StaffMember
from thrive.people.selectors import establishment
from thrive.recruitment.models import Application, Stage
from thrive.recruitment.services import (
    Equality,
    application_confirm_start,
    application_hire,
    application_submit,
)


@pytest.fixture
def starter(known: Any) -> Any:
    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    vacancy = open_vacancy(known, hr, leader, post_id="P4", closing_date=clock.today())
    from tests.recruitment.helpers import channel

    application = application_submit(
        vacancy=vacancy,
        candidate_name="Amara Nkechi Okafor",
        candidate_email="amara@example.org",
        channel=channel(known, "Word of mouth"),
        privacy_accepted=True,
        supporting_statement="Six years in assessment.",
        start_origin=2,
        qualification_level=2,
        qualification_institution="University of Warwick",
        swe_number="SW123456",
        equality=Equality(
            ethnicity="BAFR",
            gender=2,
            date_of_birth=clock.today().replace(year=1990, day=1),
            disability="no",
        ),
    )
    application = move(
        application, hr, Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED
    )
    return application, hr


@pytest.mark.django_db
def test_a_confirmed_starter_joins_the_register_with_their_census_items(
    known: Any, starter: Any
) -> None:
    application, hr = starter
    with pytest.raises(ThriveError, match="start date is confirmed"):
        application_hire(application=application, actor=hr, staff_id="N900", org_role=5)
    record_all_but(application, hr)
    start = clock.today() + timedelta(days=14)
    application = application_confirm_start(application=application, start_date=start, actor=hr)
    person = application_hire(application=application, actor=hr, staff_id="N900", org_role=5)
    person = StaffMember.objects.get(pk=person.pk)
    assert (person.first_name, person.last_name) == ("Amara Nkechi", "Okafor")
    assert (person.ethnicity, person.gender) == ("BAFR", 2)
    assert person.date_of_birth == clock.today().replace(year=1990, day=1)
    assert person.swe_number == "SW123456"
    assert (person.qualification_level, person.qualification_institution) == (
        2,
        "University of Warwick",
    )
    (spell,) = person.spells.all()
    assert (spell.start_date, spell.start_origin, spell.org_role) == (start, 2, 5)
    assert spell.team == application.vacancy.team and spell.job_title == application.vacancy.title
    assert spell.profession == "social_worker" and spell.contract == "permanent"
    post = Post.objects.get(organisation=known, post_id="P4")
    assert post.holder == person
    # The post is vacant until the start date, and filled from it.
    access = access_for(hr, known)

    def filled(on: Any) -> bool:
        found = next(p for p in establishment(access, on=on) if p.post_id == "P4")
        return bool(getattr(found, "filled", False))

    assert not filled(start - timedelta(days=1))
    assert filled(start)
    assert Application.objects.get(pk=application.pk).hired == person
    assert AuditEvent.objects.filter(action="recruitment.hired").count() == 1
    assert AuditEvent.objects.filter(action="register.person_added").count() >= 1
    with pytest.raises(ThriveError, match="already in the register"):
        application_hire(application=application, actor=hr, staff_id="N901", org_role=5)


@pytest.mark.django_db
def test_the_recruiter_adds_the_starter_from_the_application_page(
    client: Client, known: Any, starter: Any
) -> None:
    application, hr = starter
    record_all_but(application, hr)
    application_confirm_start(application=application, start_date=clock.today(), actor=hr)
    client.force_login(hr)
    url = reverse("recruitment:application_hire", args=[known.code, application.pk])
    application.refresh_from_db()
    page = client.post(
        url, {"hire-staff_id": "", "hire-org_role": "5", "version": application.version}
    )
    assert page.status_code == 200 and "Enter the staff ID" in page.text
    hire = {"hire-staff_id": "N902", "hire-org_role": "5"}
    for version in (application.version - 1, ""):
        stale = client.post(url, {**hire, "version": version})
        assert "nothing was saved" in stale.text and 'value="N902"' in stale.text
    response = client.post(url, {**hire, "version": application.version})
    assert response.status_code == 302
    page = client.get(reverse("recruitment:application", args=[known.code, application.pk]))
    assert "In the register as N902" in page.text


@pytest.mark.django_db
def test_a_post_covered_by_agency_takes_the_new_starter(known: Any) -> None:
    """P3 is held by S4, an agency worker (vacant by the census rule, covered by agency): the
    permanent starter recruited to it becomes its holder, so it is filled from the start date.
    P1 names S1, an employee in post: a vacancy cannot be raised from it at all."""
    from tests.recruitment.helpers import apply

    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    with pytest.raises(ThriveError, match="it is not vacant"):
        open_vacancy(known, hr, leader, post_id="P1", closing_date=clock.today())
    vacancy = open_vacancy(known, hr, leader, post_id="P3", closing_date=clock.today())
    application = move(
        apply(vacancy, hr, 1, swe_number="SW123999"),
        hr,
        Stage.SHORTLISTED,
        Stage.INTERVIEWED,
        Stage.OFFERED,
        Stage.ACCEPTED,
    )
    record_all_but(application, hr)
    start = clock.today() + timedelta(days=14)
    application = application_confirm_start(application=application, start_date=start, actor=hr)
    access = access_for(hr, known)

    def p3(on: Any) -> Any:
        return next(p for p in establishment(access, on=on) if p.post_id == "P3")

    assert not p3(start).filled and p3(start).agency_cover
    person = application_hire(application=application, actor=hr, staff_id="N910", org_role=5)
    assert Post.objects.get(organisation=known, post_id="P3").holder == person
    assert p3(start).filled and not p3(start - timedelta(days=1)).filled
    summary = AuditEvent.objects.get(action="recruitment.hired").summary
    assert "post P3 was held by" in summary
