"""Applications with the channel that brought each candidate; stages moved in order; the channel
report with small counts hidden."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import apply, channel, move, open_vacancy, raise_vacancy, recruiter
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.models import StaffMember
from thrive.recruitment.models import Application, Channel, Stage
from thrive.recruitment.selectors import channel_report
from thrive.recruitment.services import channels_add_defaults


@pytest.fixture
def opened(known: Any) -> Any:
    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    return open_vacancy(known, hr, leader, post_id="P4"), hr


@pytest.mark.django_db
def test_a_council_gets_its_channels_with_its_first_vacancy_and_only_once(known: Any) -> None:
    assert not Channel.objects.filter(organisation=known).exists()
    hr = recruiter(known)
    raise_vacancy(known, hr, post_id="P4")
    names = set(Channel.objects.filter(organisation=known).values_list("name", flat=True))
    assert {
        "Word of mouth",
        "Refer a friend",
        "Social media: LinkedIn",
        "University job fair",
        "Career changers",
        "Armed forces leavers",
        "International recruitment",
        "Partner networks",
        "Targeted community outreach",
    } <= names
    assert channels_add_defaults(organisation=known) == 0
    assert AuditEvent.objects.filter(action="recruitment.channels_added").count() == 1


@pytest.mark.django_db
def test_an_application_needs_an_open_vacancy_and_a_referrer_for_refer_a_friend(
    known: Any, opened: Any
) -> None:
    vacancy, hr = opened
    draft = raise_vacancy(known, hr, team=vacancy.team, title="Draft one")
    with pytest.raises(ThriveError, match="open vacancies"):
        apply(draft, hr, 1)
    with pytest.raises(ThriveError, match="which employee referred"):
        apply(vacancy, hr, 1, "Refer a friend")
    referrer = StaffMember.objects.get(organisation=known, staff_id="S1")
    referred = apply(vacancy, hr, 1, "Refer a friend", referred_by=referrer)
    assert referred.referred_by == referrer and referred.stage == Stage.APPLIED
    with pytest.raises(ThriveError, match="already applied"):
        apply(vacancy, hr, 1)
    plain = apply(vacancy, hr, 2, "Word of mouth", referred_by=referrer)
    assert plain.referred_by is None
    other = make_org("330", "Birmingham")
    channels_add_defaults(organisation=other)
    with pytest.raises(ThriveError, match="another council"):
        from thrive.recruitment.services import application_add

        application_add(
            vacancy=vacancy,
            actor=hr,
            candidate_name="X",
            candidate_email="x@x.org",
            channel=channel(other, "Word of mouth"),
        )
    assert AuditEvent.objects.filter(action="recruitment.application_added").count() == 2


@pytest.mark.django_db
def test_stages_move_only_in_order(opened: Any) -> None:
    vacancy, hr = opened
    application = apply(vacancy, hr, 1)
    with pytest.raises(ThriveError, match="can move only to: shortlisted, rejected, withdrawn"):
        move(application, hr, Stage.OFFERED)
    application = move(application, hr, Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED)
    assert application.shortlisted_on and application.interviewed_on and application.offered_on
    application = move(application, hr, Stage.DECLINED)
    with pytest.raises(ThriveError, match="moves no further"):
        move(application, hr, Stage.ACCEPTED)
    events = AuditEvent.objects.filter(action="recruitment.stage_moved")
    assert events.count() == 4
    assert events.first().detail == {  # type: ignore[union-attr]
        "from": "offered",
        "to": "declined",
        "why": "other_offer",
    }
    assert application.declined_reason == "other_offer"


@pytest.mark.django_db
def test_the_pages_record_and_move_an_application(client: Client, known: Any, opened: Any) -> None:
    vacancy, hr = opened
    client.force_login(hr)
    add_url = reverse("recruitment:application_add", args=[known.code, vacancy.pk])
    page = client.get(add_url).content.decode()
    assert "Social media: LinkedIn" in page and "Amina Khan (S1)" in page
    linkedin = channel(known, "Social media: LinkedIn")
    response = client.post(
        add_url,
        {
            "candidate_name": "Sam Lee",
            "candidate_email": "Sam@Example.org",
            "channel": str(linkedin.pk),
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.candidate_email == "sam@example.org" and application.channel == linkedin
    listing = client.get(reverse("recruitment:applications", args=[known.code, vacancy.pk]))
    assert "Sam Lee" in listing.content.decode()
    url = reverse("recruitment:application", args=[known.code, application.pk])
    refused = client.post(url, {"stage": Stage.OFFERED, "version": application.version})
    assert refused.status_code == 200 and "from the list" in refused.content.decode()
    # A page drawn before someone else moved it, or one with no version: refused (issue 14).
    for version in (application.version + 1, ""):
        stale = client.post(url, {"stage": Stage.SHORTLISTED, "version": version})
        assert stale.status_code == 200 and "nothing was saved" in stale.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    client.post(url, {"stage": Stage.SHORTLISTED, "version": application.version})
    application.refresh_from_db()
    assert application.stage == Stage.SHORTLISTED


@pytest.mark.django_db
def test_those_who_only_see_recruitment_cannot_record_or_move(
    client: Client, known: Any, opened: Any
) -> None:
    vacancy, hr = opened
    application = apply(vacancy, hr, 1)
    client.force_login(make_user(known, Role.PRINCIPAL_SOCIAL_WORKER))
    assert (
        client.get(reverse("recruitment:applications", args=[known.code, vacancy.pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("recruitment:application_add", args=[known.code, vacancy.pk])
        ).status_code
        == 403
    )
    url = reverse("recruitment:application", args=[known.code, application.pk])
    assert client.post(url, {"stage": Stage.SHORTLISTED}).status_code == 403
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    client.force_login(make_user(known, Role.TEAM_MANAGER))
    assert client.get(url).status_code == 403


# The report covers a fixed period (its applications are dated from the suite's day).
@pytest.mark.today("2026-06-17")
@pytest.mark.django_db
def test_the_channel_report_counts_each_stage_and_hides_small_counts(
    client: Client, known: Any, opened: Any
) -> None:
    vacancy, hr = opened
    for n in range(6):
        a = apply(vacancy, hr, n, "Social media: LinkedIn")
        if n < 5:
            a = move(a, hr, Stage.SHORTLISTED)
        if n < 2:
            move(a, hr, Stage.INTERVIEWED, Stage.OFFERED, Stage.DECLINED)
    apply(vacancy, hr, 10, "Armed forces leavers")
    rows = {r.channel: r for r in channel_report(access_for(hr, known))}
    linkedin = rows["Social media: LinkedIn"]
    assert (linkedin.applications, linkedin.shortlisted, linkedin.offered) == (6, 5, 2)
    assert rows["Every channel"].applications == 7
    assert linkedin.shown() == {
        "channel": "Social media: LinkedIn",
        "kind": "Social media",
        "applications": "6",
        "shortlisted": "5",
        "offered": "fewer than 5",
        "starters": "0",
        "left_in_probation": "0",
    }
    client.force_login(hr)
    url = reverse("recruitment:channels", args=[known.code])
    page = client.get(url).content.decode()
    assert "fewer than 5</td>" in page and "Armed forces leavers" in page
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(20, 30):
        apply(vacancy, hr, n, "Partner networks")
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(first) == len(second)
    later = client.get(url, {"start": "2026-07-01"}).content.decode()
    assert "fewer than 5</td>" not in later


@pytest.mark.django_db
def test_a_service_manager_counts_only_their_services_applications(known: Any, opened: Any) -> None:
    vacancy, hr = opened
    apply(vacancy, hr, 1)
    elsewhere = make_team(known, "Elsewhere Team", service="Elsewhere")
    manager = make_user(known, Role.SERVICE_MANAGER, team=elsewhere, service=elsewhere.service)
    rows = channel_report(access_for(manager, known))
    assert rows[-1].applications == 0


@pytest.mark.django_db
def test_a_vacancys_applications_run_a_constant_number_of_queries(
    client: Client, known: Any, opened: Any
) -> None:
    vacancy, hr = opened
    referrer = StaffMember.objects.get(organisation=known, staff_id="S1")
    client.force_login(hr)
    url = reverse("recruitment:applications", args=[known.code, vacancy.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    apply(vacancy, hr, 1, "Refer a friend", referred_by=referrer)
    apply(vacancy, hr, 2)
    count()
    few = count()
    for n in range(3, 13):
        apply(vacancy, hr, n, "Refer a friend", referred_by=referrer)
    assert count() == few


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_a_recruiter_records_the_past_with_the_forms_answers(known: Any, opened: Any) -> None:
    """A form that came in earlier keeps its day, census items and equality answers; its stages
    the days they were reached; the vacancy the day it closed. None of them in the future."""
    from datetime import date

    from thrive.recruitment.models import EqualityMonitoring
    from thrive.recruitment.services import Equality, application_move, vacancy_close

    vacancy, hr = opened
    past = apply(
        vacancy,
        hr,
        1,
        applied_on=date(2026, 5, 1),
        start_origin=2,
        qualification_level=1,
        swe_number="sw123456",
        equality=Equality(ethnicity="WBRI", gender=2, disability="no"),
    )
    assert (past.applied_on, past.start_origin, past.swe_number) == (
        date(2026, 5, 1),
        2,
        "SW123456",
    )
    assert EqualityMonitoring.objects.get(application=past).ethnicity == "WBRI"
    with pytest.raises(ThriveError, match="cannot be in the future"):
        apply(vacancy, hr, 2, applied_on=date(2026, 6, 18))
    with pytest.raises(ThriveError, match="before they applied"):
        application_move(application=past, stage=Stage.SHORTLISTED, actor=hr, on=date(2026, 4, 1))
    moved = application_move(
        application=past, stage=Stage.SHORTLISTED, actor=hr, on=date(2026, 5, 20)
    )
    assert moved.shortlisted_on == date(2026, 5, 20)
    with pytest.raises(ThriveError, match="before the last application"):
        vacancy_close(vacancy=vacancy, actor=hr, on=date(2026, 4, 30))
    assert vacancy_close(vacancy=vacancy, actor=hr, on=date(2026, 5, 10)).closing_date == date(
        2026, 5, 10
    )
