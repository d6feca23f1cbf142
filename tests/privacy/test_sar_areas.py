"""Subject access export beyond the register: recruitment, academy, engagement and agency, each
area's records about the person and not other people's; a candidate never employed; and the
query count does not grow with the records."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cli.test_cli import run
from tests.factories import make_user
from tests.privacy.sar_world import add_round
from tests.privacy.test_sar import read_zip, sar_url
from tests.supervision.conftest import Crew, crew  # noqa: F401 (fixture)
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.privacy.sar import candidate_files, sar_export, sar_files

pytestmark = pytest.mark.django_db

AREAS = ("recruitment_", "academy_", "engagement_", "agency_", "rota_")


@pytest.fixture
def world(crew: Crew) -> dict[str, Any]:  # noqa: F811
    return {"crew": crew, **add_round(crew, 0)}


def rows(files: dict[str, Any], name: str) -> list[dict[str, str]]:
    return files[name]  # type: ignore[no-any-return]


def test_every_area_holds_the_persons_records_and_not_anyone_elses(world: dict[str, Any]) -> None:
    team = world["crew"]
    files = read_zip(sar_export(organisation=team.org, staff_id="100003").content)
    counts = {name: len(v) for name, v in files.items() if name.endswith(".csv")}
    # One of each, by hand: Sam's application (found by his account's email in any case), its
    # equality answers, its check and the one score about it; his interest; two referrals.
    assert counts["recruitment_applications.csv"] == 1
    assert rows(files, "recruitment_applications.csv")[0]["supporting_statement"] == "Sam 0"
    assert "referred_by_id" not in rows(files, "recruitment_applications.csv")[0]
    assert [r["ethnicity"] for r in rows(files, "recruitment_equality_monitoring.csv")] == ["WBRI"]
    assert [r["evidence"] for r in rows(files, "recruitment_checks.csv")] == [
        "Passport of Sam Test"
    ]
    scores = rows(files, "recruitment_panel_scores.csv")
    assert [r["note"] for r in scores] == ["Sam answered well"]
    assert "panellist_id" not in scores[0]
    assert counts["recruitment_interest.csv"] == 1
    referrals = rows(files, "recruitment_referrals_made.csv")
    assert len(referrals) == 2 and set(referrals[0]) == {"id", "vacancy_id", "applied_on"}
    payments = rows(files, "recruitment_referral_payments.csv")
    assert [Decimal(r["amount"]) for r in payments] == [Decimal(250)]
    assert counts["recruitment_panels_sat_on.csv"] == 1
    # Academy: Sam's own enrolment, review, evidence; as mentor no reflection and no notes.
    for name in ("academy_enrolments.csv", "academy_reviews.csv", "academy_evidence.csv"):
        assert counts[name] == 1, name
    assert rows(files, "academy_evidence.csv")[0]["title"] == "Seen Sam"
    assert rows(files, "academy_mentoring_as_mentee.csv")[0]["reflection"] == "Sam's own"
    assert "reflection" not in rows(files, "academy_mentoring_as_mentor.csv")[0]
    assert rows(files, "academy_mentoring_meetings_as_mentee.csv")[0]["note"] == "Worked on Sam's"
    assert "note" not in rows(files, "academy_mentoring_meetings_as_mentor.csv")[0]
    for name in (
        "academy_progression_plans.csv",
        "academy_progression_evidence.csv",
        "academy_career_conversations.csv",
        "academy_talent_pool.csv",
        "academy_skills_offered.csv",
        "academy_skills_requested.csv",
        "academy_champion_roles.csv",
    ):
        assert counts[name] == 1, name
    # Engagement: his flexible request, not Noor's; a hosted drop-in without who booked it.
    assert [r["details"] for r in rows(files, "engagement_flexible_working.csv")] == [
        "Fridays at home 0"
    ]
    assert [r["message"] for r in rows(files, "engagement_shout_outs_received.csv")] == [
        "Thanks Sam"
    ]
    assert [r["message"] for r in rows(files, "engagement_shout_outs_given.csv")] == ["Thanks Noor"]
    assert "booked_by_id" not in rows(files, "engagement_drop_ins_hosted.csv")[0]
    assert counts["engagement_drop_ins_booked.csv"] == 1
    assert counts["engagement_exit_conversations.csv"] == 1
    assert counts["engagement_stay_conversations.csv"] == 1
    assert counts["engagement_surveys_taken_part.csv"] == 1
    assert [r["text"] for r in rows(files, "engagement_confidential_answers.csv")] == [
        "Sam's named answer"
    ]
    # Agency and rota.
    for name in (
        "agency_placements.csv",
        "agency_placement_changes.csv",
        "rota_worker_records.csv",
        "rota_shifts.csv",
        "rota_hours_worked.csv",
        "rota_unavailable.csv",
        "rota_toil.csv",
        "rota_working_patterns.csv",
        "rota_swaps.csv",
    ):
        assert counts[name] == 1, name
    assert rows(files, "rota_unavailable.csv")[0]["reason"] == "Sam"
    # Nothing of anyone else's, anywhere (the PDF too).
    flat = str(files)
    for theirs in (
        "Rival answered badly",
        "Passport of Rival",
        "AIND",
        "Noor's own reflection",
        "Worked on Noor's",
        "Noor's childcare",
        "An anonymous answer",
        "Friend Of Sam",
        "friend0@example.org",
        "Seen Noor",
    ):
        assert theirs not in flat, theirs
    pdf = files["subject_access_request.pdf"]
    assert "Sam's named answer" in pdf and "Fridays at home 0" in pdf
    assert "anonymous staff surveys" in files["README.txt"]


def test_the_query_count_does_not_grow_with_the_records(world: dict[str, Any]) -> None:
    team = world["crew"]
    sam = team.senior

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            files = sar_files(person=type(sam).objects.select_related("user").get(pk=sam.pk))
        return len(ctx.captured_queries), sum(
            len(f.rows) for f in files if f.name != "audit_trail.csv"
        )

    queries_one, records_one = measure()
    add_round(team, 1)
    add_round(team, 2)
    queries_three, records_three = measure()
    assert records_three > 2 * records_one  # the rounds did add records in every area
    assert queries_three == queries_one, (queries_one, records_one, records_three)
    # One query per file, and a few for the keys the audit trail and history look up.
    assert queries_one <= len(sar_files(person=sam)) + 8, queries_one


def test_a_candidate_never_employed_gets_their_own_export(world: dict[str, Any]) -> None:
    team = world["crew"]
    hr = make_user(team.org, Role.HR_RECRUITMENT)
    export = sar_export(organisation=team.org, email="Rival0@example.org", actor=hr)
    files = read_zip(export.content)
    assert "Subject access request: Rival0@example.org (a candidate)" in files["README.txt"]
    assert [r["candidate_name"] for r in rows(files, "recruitment_applications.csv")] == [
        "Rival Person"
    ]
    assert [r["ethnicity"] for r in rows(files, "recruitment_equality_monitoring.csv")] == ["AIND"]
    notes = sorted(r["note"] for r in rows(files, "recruitment_panel_scores.csv"))
    assert notes == ["Rival answered badly", "Scored by Sam about the rival"]
    assert "Sam answered well" not in str(files) and "WBRI" not in str(files)
    # Only recruitment and the audit trail: a candidate has no staff record.
    assert not any(name.startswith(("staff_", "academy_", "rota_")) for name in files)
    assert "Rival Person" in files["subject_access_request.pdf"]
    event = AuditEvent.objects.get(action="privacy.sar_export")
    assert event.user == hr and event.object_type == "recruitment.candidate"
    assert event.detail["email"] == "Rival0@example.org"
    assert export.filename.startswith("sar-331-candidate-")
    assert len(candidate_files(organisation=team.org, email="nobody@example.org")[0].rows) == 0


def test_an_unknown_candidate_email_is_refused_and_not_logged(
    world: dict[str, Any], other_org: Any
) -> None:
    with pytest.raises(ThriveError, match="no application or registration of interest"):
        sar_export(organisation=world["crew"].org, email="nobody@example.org")
    with pytest.raises(ThriveError, match="no application"):
        sar_export(organisation=other_org, email="rival0@example.org")
    assert not AuditEvent.objects.filter(action="privacy.sar_export").exists()


def test_the_page_and_cli_export_a_candidate(
    world: dict[str, Any], client: Any, tmp_path: Path, capsys: Any
) -> None:
    team = world["crew"]
    hr = make_user(team.org, Role.HR_RECRUITMENT)
    client.force_login(hr)
    both = client.post(sar_url(team), {"staff_id": "100003", "email": "rival0@example.org"})
    assert both.status_code == 400 and "not both" in both.content.decode()
    unknown = client.post(sar_url(team), {"email": "nobody@example.org"})
    assert unknown.status_code == 400
    assert "holds no application or registration of interest" in unknown.content.decode()
    neither = client.post(sar_url(team), {"staff_id": " ", "email": ""})
    assert neither.status_code == 400 and "or a candidate&#x27;s email" in neither.content.decode()
    response = client.post(sar_url(team), {"email": "rival0@example.org"})
    assert response["Content-Type"] == "application/zip"
    assert rows(read_zip(response.content), "recruitment_applications.csv")[0][
        "candidate_name"
    ] == ("Rival Person")

    out = tmp_path / "rival.zip"
    argv = ["sar", "export", "--org", "331", "--email", "rival0@example.org", "--out", str(out)]
    code, _, stderr = run([*argv, "--as", team.senior_user.email], capsys)
    assert code == 1 and "not allowed" in stderr and not out.exists()
    code, stdout, stderr = run([*argv, "--as", hr.email], capsys)
    assert code == 0, stderr
    assert "Subject access export for rival0@example.org (a candidate)" in stdout
    assert "Rival Person" in str(read_zip(out.read_bytes()))
    assert AuditEvent.objects.filter(action="privacy.sar_export", user=hr).count() == 2
