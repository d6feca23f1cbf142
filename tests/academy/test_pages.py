"""The academy's pages from both sides: the worker's own page, the lead's cohorts, evidence
uploaded, a review read, reflected on and signed off, and the refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.academy.helpers import Council
from tests.factories import make_staff, make_user
from thrive.academy.models import Evidence
from thrive.academy.services import recall_days_plan
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def test_the_workers_own_page_shows_their_year_calendar_and_reviews(client: Client) -> None:
    c = Council()
    e = c.enrol()
    recall_days_plan(cohort=e.cohort, actor=c.lead)
    client.force_login(c.nqsw_user)
    page = client.get(reverse("academy:mine", args=[c.org.code])).content.decode()
    assert "January 2026 intake" in page and "Your assessor is Ada Assessor" in page
    assert "0 of 12 pieces" in page and "0 of 3" in page
    assert "3-month review, due 5 April 2026" in page and "Overdue" in page
    assert "0 of 86.2 hours due so far" in page
    assert "1 July 2026" in page and "(you have a place)" in page


def test_someone_not_enrolled_is_told_so(client: Client) -> None:
    c = Council()
    client.force_login(c.assessor_user)
    page = client.get(reverse("academy:mine", args=[c.org.code])).content.decode()
    assert "You are not enrolled in the academy" in page


def test_the_worker_uploads_evidence_and_it_counts(
    client: Client, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    c = Council()
    e = c.enrol()
    client.force_login(c.nqsw_user)
    url = reverse("academy:evidence_add", args=[c.org.code, e.pk])
    form = {
        "kind": "direct_observation",
        "title": "Observed home visit",
        "on_0": "3",
        "on_1": "2",
        "on_2": "2026",
        "note": "",
    }
    wrong = client.post(url, {**form, "on_2": "2025"})
    assert "before the assessed year began" in wrong.content.decode()
    assert 'value="Observed home visit"' in wrong.content.decode()
    pdf = SimpleUploadedFile("observation.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    done = client.post(url, {**form, "file": pdf})
    assert done.status_code == 302
    piece = Evidence.objects.get(enrolment=e)
    assert piece.on == date(2026, 2, 3) and str(piece.file.name).endswith(".pdf")
    page = client.get(reverse("academy:mine", args=[c.org.code])).content.decode()
    assert "1 of 12 pieces" in page and "Direct observations of practice: 1 of 3" in page
    # Another practitioner cannot open it; the assessor can, and it is logged.
    stranger = make_user(c.org, Role.PRACTITIONER)
    client.force_login(stranger)
    file_url = reverse("academy:evidence_file", args=[c.org.code, piece.pk])
    assert client.get(file_url).status_code == 404
    assert client.get(reverse("academy:enrolment", args=[c.org.code, e.pk])).status_code == 404
    client.force_login(c.assessor_user)
    assert client.get(file_url).status_code == 200
    assert AuditEvent.objects.filter(action="academy.evidence_read", user=c.assessor_user).exists()


def test_the_assessor_records_and_signs_off_the_three_month_review_the_worker_reads_it(
    client: Client,
) -> None:
    c = Council()
    e = c.enrol()
    three = e.reviews.get(month=3)
    url = reverse("academy:review", args=[c.org.code, three.pk])
    client.force_login(c.nqsw_user)
    assert client.post(url, {"action": "sign_off"}).status_code == 403
    client.force_login(c.assessor_user)
    review = {
        "action": "review",
        "review-held_on_0": "7",
        "review-held_on_1": "4",
        "review-held_on_2": "2026",
        "review-summary": "Nia has settled in well and builds trust with teenagers.",
    }
    # A page drawn before someone else saved the review, or one with no version, is refused,
    # what was typed kept and nothing saved (issue 14).
    for version in (three.version + 1, ""):
        stale = client.post(url, {**review, "version": version}).content.decode()
        assert "nothing was saved" in stale and "builds trust with teenagers" in stale
        assert f'name="version" value="{version}"' in stale
    three.refresh_from_db()
    assert three.summary == "" and three.version == 1
    client.post(url, {**review, "version": three.version})
    three.refresh_from_db()
    # Signing off the review as it was before that save is refused.
    client.post(url, {"action": "sign_off", "version": three.version - 1})
    three.refresh_from_db()
    assert three.signed_off_on is None
    client.post(url, {"action": "sign_off", "version": three.version})
    three.refresh_from_db()
    assert three.signed_off_on == date(2026, 6, 17) and three.signed_off_by == c.assessor_user
    client.force_login(c.nqsw_user)
    page = client.get(url).content.decode()
    assert "builds trust with teenagers" in page and "17 June 2026" in page


def test_the_lead_enrols_sees_a_cohort_and_records_an_extension(client: Client) -> None:
    c = Council()
    make_staff(c.org, staff_id="NQ2", team=c.team, start_date=date(2026, 2, 2), start_origin=1)
    client.force_login(c.lead)
    cohorts_url = reverse("academy:cohorts", args=[c.org.code])
    page = client.get(cohorts_url).content.decode()
    assert "2 newly qualified social workers" in page
    client.post(cohorts_url)
    page = client.get(cohorts_url).content.decode()
    assert (
        "January 2026 intake" in page and "Enrolled 2 newly" in page and 'id="waiting"' not in page
    )
    e = c.nqsw.academy_enrolments.get()
    cohort_url = reverse("academy:cohort", args=[c.org.code, e.cohort_id])
    client.post(cohort_url)
    page = client.get(cohort_url).content.decode()
    assert "Nia Newly" in page and "0 of 12" in page and "2 with a place" in page
    url = reverse("academy:enrolment", args=[c.org.code, e.pk])
    e.refresh_from_db()
    refused = client.post(
        url, {"action": "outcome", "outcome-outcome": "extended", "version": e.version}
    )
    assert "Give the reasons" in refused.content.decode()
    extension = {
        "action": "outcome",
        "outcome-outcome": "extended",
        "outcome-reasons": "Absence; observations to do.",
        "outcome-extended_to_0": "5",
        "outcome-extended_to_1": "4",
        "outcome-extended_to_2": "2027",
    }
    # Stale (the people around the year named meanwhile) or missing: refused, typed kept.
    for version in (e.version + 1, ""):
        stale = client.post(url, {**extension, "version": version}).content.decode()
        assert "nothing was saved" in stale and "observations to do" in stale
    client.post(url, {**extension, "version": e.version})
    e.refresh_from_db()
    assert e.outcome == "extended" and e.extended_to == date(2027, 4, 5)
    # A practitioner may not run the academy.
    client.force_login(c.nqsw_user)
    assert client.get(cohorts_url).status_code == 403
    assert client.post(url, {"action": "outcome"}).status_code == 403


def test_a_team_manager_sees_their_teams_newly_qualified_not_another_teams(client: Client) -> None:
    c = Council()
    e = c.enrol()
    url = reverse("academy:enrolment", args=[c.org.code, e.pk])
    mine = make_user(c.org, Role.TEAM_MANAGER, team=c.team, service=c.team.service)
    other = make_user(c.org, Role.TEAM_MANAGER, team=c.other_team, service=c.other_team.service)
    client.force_login(mine)
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="academy.record_read", user=mine).exists()
    client.force_login(other)
    assert client.get(url).status_code == 404
