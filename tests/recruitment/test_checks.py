"""Safer recruitment checks: an offer stays conditional, and its start date cannot be confirmed,
while any required check is outstanding."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.models import Team
from thrive.recruitment.models import CheckKind, SaferCheck, Stage
from thrive.recruitment.selectors import channel_report
from thrive.recruitment.services import (
    application_confirm_start,
    check_record,
    outstanding_checks,
    required_checks,
)


@pytest.fixture
def offer(known: Any) -> Any:
    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    vacancy = open_vacancy(known, hr, leader, post_id="P4")
    application = apply(vacancy, hr, 1)
    return move(application, hr, Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED), hr


PASSING: dict[str, dict[str, Any]] = {
    CheckKind.DBS: {"dbs_level": "enhanced", "dbs_barred_list": True},
    CheckKind.SWE: {"swe_number": "SW123456", "swe_status": "registered"},
}


def record_all_but(application: Any, actor: Any, *left: str) -> None:
    """Record every check the offer needs but *left*, each meeting the standard: with the
    reference checks two references covering six years, with the history check a job held for
    six years."""
    from thrive.recruitment.models import EmploymentEntry, Reference
    from thrive.recruitment.services.safer_records import employment_record, reference_record

    today = clock.today()
    kinds = [k for k in required_checks(application) if k not in left]
    if CheckKind.REFERENCE_2 in kinds and not Reference.objects.filter(application=application):
        for n, (start, end) in enumerate(((6 * 365, 3 * 365), (3 * 365 - 1, 0))):
            reference_record(
                application=application,
                actor=actor,
                referee=f"Referee {n}",
                referee_organisation="Borough council",
                covers_from=today - timedelta(days=start),
                covers_to=today - timedelta(days=end),
                current_employer=n == 1,
                practice_setting=True,
            )
    if CheckKind.HISTORY in kinds and not EmploymentEntry.objects.filter(application=application):
        employment_record(
            application=application,
            actor=actor,
            employer="Borough council",
            started_on=today - timedelta(days=6 * 365),
        )
    for kind in kinds:
        check_record(
            application=application,
            kind=kind,
            evidence="Seen",
            actor=actor,
            standard=PASSING.get(kind),
        )


@pytest.mark.django_db
def test_which_checks_an_offer_needs(known: Any, offer: Any) -> None:
    application, hr = offer
    assert CheckKind.SWE in required_checks(application)
    assert CheckKind.OVERSEAS not in required_checks(application)
    abroad = apply(application.vacancy, hr, 2, overseas_check_needed=True)
    assert CheckKind.OVERSEAS in required_checks(abroad)
    team = Team.objects.get(organisation=known, name="Family Safeguarding North")
    leader = make_user(known, Role.SENIOR_LEADER)
    not_sw = open_vacancy(
        known, hr, leader, team=team, title="Domestic abuse worker", social_work_post=False
    )
    assert CheckKind.SWE not in required_checks(apply(not_sw, hr, 3))
    assert set(required_checks(application)) >= {
        "identity",
        "right_to_work",
        "dbs",
        "reference_1",
        "reference_2",
        "history",
        "qualifications",
        "health",
    }


@pytest.mark.django_db
def test_checks_are_recorded_once_with_evidence_for_an_offer(known: Any, offer: Any) -> None:
    application, hr = offer
    early = apply(application.vacancy, hr, 2)
    with pytest.raises(ThriveError, match="once an offer is made"):
        check_record(application=early, kind="identity", evidence="Passport", actor=hr)
    with pytest.raises(ThriveError, match="evidence"):
        check_record(application=application, kind="identity", evidence="  ", actor=hr)
    with pytest.raises(ThriveError, match="future"):
        check_record(
            application=application,
            kind="identity",
            evidence="Passport",
            actor=hr,
            checked_on=clock.today() + timedelta(days=14),
        )
    with pytest.raises(ThriveError, match="not needed"):
        check_record(application=application, kind="overseas", evidence="x", actor=hr)
    check = check_record(application=application, kind="identity", evidence="Passport", actor=hr)
    assert check.checked_by == hr and check.checked_on == clock.today()
    with pytest.raises(ThriveError, match="already recorded"):
        check_record(application=application, kind="identity", evidence="Passport", actor=hr)
    assert AuditEvent.objects.filter(action="recruitment.check_recorded").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        SaferCheck.objects.filter(pk=check.pk).update(evidence="")


@pytest.mark.django_db
def test_the_start_date_waits_for_every_check_and_names_those_outstanding(
    known: Any, offer: Any
) -> None:
    application, hr = offer
    starts = clock.today() + timedelta(weeks=6)
    with pytest.raises(ThriveError, match="once the offer is accepted"):
        application_confirm_start(application=application, start_date=starts, actor=hr)
    application = move(application, hr, Stage.ACCEPTED)
    record_all_but(application, hr, "dbs", "reference_2")
    with pytest.raises(ThriveError) as refused:
        application_confirm_start(application=application, start_date=starts, actor=hr)
    assert str(refused.value).endswith(
        "outstanding: Enhanced DBS with the children's barred list, Second reference."
    )
    application.refresh_from_db()
    assert application.start_date is None
    record_all_but(
        application, hr, *[k for k in CheckKind.values if k not in ("dbs", "reference_2")]
    )
    assert outstanding_checks(application) == []
    started = application_confirm_start(application=application, start_date=starts, actor=hr)
    assert started.start_date == starts
    assert AuditEvent.objects.filter(action="recruitment.start_confirmed").exists()
    assert channel_report(access_for(hr, known))[-1].starters == 1


@pytest.mark.django_db
def test_the_page_shows_the_conditional_offer_and_refuses_the_start(
    client: Client, known: Any, offer: Any
) -> None:
    application, hr = offer
    application = move(application, hr, Stage.ACCEPTED)
    client.force_login(hr)
    url = reverse("recruitment:application", args=[known.code, application.pk])
    page = client.get(url).content.decode()
    assert "Conditional offer" in page and "Occupational health" in page
    # Each check says what it must show (issue 16 item 5's standard), beside it.
    from django.utils.html import escape

    from thrive.recruitment.services import CHECK_STANDARD, required_checks

    assert set(CHECK_STANDARD) == set(CheckKind.values)
    for kind in required_checks(application):
        assert escape(CHECK_STANDARD[kind]) in page
    assert "active, with no conditions of practice" in page
    assert "every gap of more than three months explained" in page
    assert "covering the last five years" in page and "from a social work practice setting" in page
    check_url = reverse("recruitment:application_check", args=[known.code, application.pk])
    identity = {
        "check-kind": "identity",
        "check-evidence": "Passport",
        "check-checked_on_0": "17",
        "check-checked_on_1": "6",
        "check-checked_on_2": "2026",
    }
    # Stale or missing version: refused, the evidence typed kept (issue 14).
    for version in (application.version + 1, ""):
        stale = client.post(check_url, {**identity, "version": version}).content.decode()
        assert "nothing was saved" in stale and "Passport</textarea>" in stale
    assert not SaferCheck.objects.filter(application=application).exists()
    response = client.post(check_url, {**identity, "version": application.version})
    assert response.status_code == 302
    assert SaferCheck.objects.filter(application=application, kind="identity").exists()
    start_url = reverse("recruitment:application_start", args=[known.code, application.pk])
    start = {"start-start_date_0": "1", "start-start_date_1": "8", "start-start_date_2": "2026"}
    # The page drawn before the check was recorded (which moved the application on).
    stale = client.post(start_url, {**start, "version": application.version}).content.decode()
    assert "nothing was saved" in stale
    application.refresh_from_db()
    refused = client.post(start_url, {**start, "version": application.version})
    assert refused.status_code == 200
    assert "checks are outstanding: Right to work in the UK" in refused.content.decode()
    application.refresh_from_db()
    assert application.start_date is None
    # Someone who sees recruitment but does not manage it records nothing.
    client.force_login(make_user(known, Role.WORKFORCE_DEVELOPMENT))
    assert client.get(url).status_code == 200
    assert client.post(check_url, {"check-kind": "dbs"}).status_code == 403
    assert client.post(start_url, {}).status_code == 403


@pytest.mark.django_db
def test_a_check_that_runs_out_is_reminded_and_holds_a_later_start(
    org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from datetime import timedelta

    from django.core import mail

    from tests.factories import make_team
    from thrive.core import clock
    from thrive.recruitment.services.checks import check_expiry_reminders_send

    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    today = clock.today()
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=make_team(org, "Assessment Team"),
        title="Social worker",
        closing_date=today + timedelta(days=30),
    )
    application = move(
        apply(vacancy, hr, 1, swe_number="SW000001"),
        hr,
        Stage.SHORTLISTED,
        Stage.INTERVIEWED,
        Stage.OFFERED,
        Stage.ACCEPTED,
    )
    with pytest.raises(ThriveError) as early:
        check_record(
            application=application,
            kind=CheckKind.RIGHT_TO_WORK,
            evidence="Visa",
            actor=hr,
            expires_on=today,
        )
    assert early.value.field == "expires_on"
    runs_out = today + timedelta(days=20)
    check_record(
        application=application,
        kind=CheckKind.RIGHT_TO_WORK,
        evidence="Share code; visa to " + f"{runs_out}",
        actor=hr,
        expires_on=runs_out,
    )
    record_all_but(application, hr, CheckKind.RIGHT_TO_WORK)
    # A start after it runs out is refused; one before it is not.
    with pytest.raises(ThriveError, match="run out by the start date"):
        application_confirm_start(application=application, start_date=runs_out, actor=hr)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert check_expiry_reminders_send(organisation=org, on=today) == 1
    (sent,) = mail.outbox
    assert "Right to work" in sent.subject and "Candidate 1" in sent.subject
    assert hr.email in sent.to
    # Once a week at most.
    assert check_expiry_reminders_send(organisation=org, on=today + timedelta(days=3)) == 0
    assert check_expiry_reminders_send(organisation=org, on=today + timedelta(days=7)) == 1
    from thrive.core.models import OutboxMessage

    assert OutboxMessage.objects.filter(kind="recruitment.check_expiry").count() == 2
    application_confirm_start(application=application, start_date=runs_out - timedelta(1), actor=hr)
