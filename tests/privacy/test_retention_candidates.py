"""The retention schedule's candidates' records: unsuccessful applications (with their equality
monitoring, checks and panel notes) six months after the decision, and confirmed registrations of
interest a year after the last contact, by default; rules in months, dated and editable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.cli.test_cli import run
from tests.factories import make_user
from tests.recruitment.helpers import channel, raise_vacancy
from tests.supervision.conftest import Crew, crew  # noqa: F401 (fixture)
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.privacy.retention import months_before, retention_apply, retention_rule_add
from thrive.privacy.sar import sar_export
from thrive.recruitment.models import (
    Application,
    EqualityMonitoring,
    Interest,
    Panel,
    Panellist,
    Question,
    SaferCheck,
    Score,
    Vacancy,
)

pytestmark = pytest.mark.django_db


def months_ago(months: int) -> datetime:
    return datetime.combine(months_before(clock.today(), months), datetime.min.time(), tzinfo=UTC)


@pytest.fixture
def candidates(crew: Crew) -> dict[str, Any]:  # noqa: F811
    org = crew.org
    hr = make_user(org, Role.HR_RECRUITMENT)
    closed = raise_vacancy(org, hr, team=crew.team, title="Closed job")
    still_open = raise_vacancy(org, hr, team=crew.team, title="Open job")
    Vacancy.objects.filter(pk=closed.pk).update(status="filled", updated_at=months_ago(9))
    Vacancy.objects.filter(pk=still_open.pk).update(status="open", updated_at=months_ago(9))
    question = Question.objects.create(
        organisation=org,
        text="A case",
        value="Curiosity",
        rubric="r",
        effective_from=clock.today(),
        added_by=hr,
    )
    panel = Panel.objects.create(organisation=org, vacancy=closed, sits_on=clock.today())
    judge = Panellist.objects.create(organisation=org, panel=panel, user=hr, kind="staff")
    apps: dict[str, Application] = {}
    for key, vacancy, stage, decided in (
        ("old_rejected", closed, "rejected", 7),  # past six months
        ("recent_rejected", closed, "rejected", 2),  # not yet
        ("never_moved", closed, "applied", 8),  # the job was filled: unsuccessful too
        ("open_job", still_open, "applied", 8),  # still in the running
        ("hired", closed, "accepted", 8),  # a starter: the personnel rule's
    ):
        a = Application.objects.create(
            organisation=org,
            vacancy=vacancy,
            candidate_name=f"Cand {key}",
            candidate_email=f"{key}@example.org",
            channel=channel(org, "Word of mouth"),
            stage=stage,
            applied_on=clock.today() - timedelta(days=400),
            supporting_statement=f"I am {key}",
            swe_number="SW1",
            hired=crew.senior if key == "hired" else None,
        )
        EqualityMonitoring.objects.create(organisation=org, application=a, ethnicity="WBRI")
        SaferCheck.objects.create(
            organisation=org,
            application=a,
            kind="identity",
            checked_on=clock.today(),
            checked_by=hr,
            evidence=f"Passport of {key}",
        )
        Score.objects.create(
            organisation=org,
            panellist=judge,
            application=a,
            question=question,
            score=3,
            note=f"Notes on {key}",
            submitted_at=clock.now(),
        )
        Application.objects.filter(pk=a.pk).update(updated_at=months_ago(decided))
        apps[key] = a
    interest = {}
    for key, confirmed, invited in (("stale", 13, None), ("invited", 13, 2), ("fresh", 1, None)):
        i = Interest.objects.create(
            organisation=org,
            name=f"Int {key}",
            email=f"{key}@example.net",
            job_family="social_worker",
            consented_at=months_ago(confirmed),
            confirmed_at=months_ago(confirmed),
            invited_at=months_ago(invited) if invited else None,
            area="Coventry",
        )
        interest[key] = i
    return {"crew": crew, "hr": hr, "apps": apps, "interest": interest}


def test_the_default_schedule_finds_unsuccessful_applications_and_stale_interest(
    candidates: dict[str, Any],
) -> None:
    report = retention_apply(organisation=candidates["crew"].org, dry_run=True)
    _, _, applications, interest = report.lines
    apps = candidates["apps"]
    assert applications.ids == sorted([apps["old_rejected"].pk, apps["never_moved"].pk])
    assert applications.rule is not None and applications.rule.period == "6 months"
    assert interest.ids == [candidates["interest"]["stale"].pk]
    text = report.summary()
    assert "kept 6 months (Thrive's default" in text and "2 past it" in text
    assert "would lapse and be cleared" in text
    assert Application.objects.get(pk=apps["old_rejected"].pk).candidate_name == "Cand old_rejected"


def test_the_nightly_job_anonymises_them_and_keeps_the_rest(candidates: dict[str, Any]) -> None:
    from zoneinfo import ZoneInfo

    from thrive.jobs.models import Job
    from thrive.jobs.worker import run_worker, schedule_due

    night = datetime(2026, 12, 7, 23, 30, tzinfo=ZoneInfo("Europe/London"))
    assert [j for j in schedule_due(night) if j.kind == "retention"]
    run_worker(exit_when_idle=True, schedule=False)
    job = Job.objects.get(kind="retention")
    assert job.status == "succeeded", job.error
    assert job.result["anonymised"] == 3  # two applications, one registration of interest
    lines = job.result["reports"]["331"]
    assert any("Unsuccessful candidates' applications" in x and "2 past it" in x for x in lines)
    assert any("lapsed and cleared" in x and "1 past it" in x for x in lines)

    apps = candidates["apps"]
    gone = Application.objects.get(pk=apps["old_rejected"].pk)
    assert gone.candidate_name == f"Former candidate {gone.pk}"
    assert gone.candidate_email == f"anon-{gone.pk}@invalid"
    assert (gone.supporting_statement, gone.swe_number) == ("", "")
    assert gone.stage == "rejected" and gone.vacancy_id == apps["old_rejected"].vacancy_id
    for key, kept in (
        ("old_rejected", False),
        ("never_moved", False),
        ("recent_rejected", True),
        ("open_job", True),
        ("hired", True),
    ):
        a = apps[key]
        assert EqualityMonitoring.objects.filter(application=a).exists() is kept, key
        assert SaferCheck.objects.filter(application=a).exists() is kept, key
        assert Score.objects.get(application=a).note == (f"Notes on {key}" if kept else ""), key
        assert Score.objects.get(application=a).score == 3  # panel figures still add up
    assert Application.objects.get(pk=apps["recent_rejected"].pk).candidate_name == (
        "Cand recent_rejected"
    )
    interest = candidates["interest"]
    stale = Interest.objects.get(pk=interest["stale"].pk)
    assert stale.withdrawn_at is not None and stale.email.endswith("@invalid")
    assert stale.name == "(lapsed)" and stale.area == ""
    assert Interest.objects.get(pk=interest["invited"].pk).name == "Int invited"
    events = AuditEvent.objects.filter(action="privacy.retention_applied")
    assert sorted(e.object_type for e in events) == ["privacy.applications", "privacy.interest"]
    # Nothing about the candidate is left to find for their subject access request.
    with pytest.raises(ThriveError, match="no application or registration"):
        sar_export(organisation=candidates["crew"].org, email="old_rejected@example.org")
    # A second run finds nothing more.
    again = retention_apply(organisation=candidates["crew"].org)
    assert [len(line.ids) for line in again.lines] == [0, 0, 0, 0]


def test_a_council_sets_its_own_rule_in_months(candidates: dict[str, Any], capsys: Any) -> None:
    org = candidates["crew"].org
    argv = ["retention", "set", "--org", "331", "--type", "applications", "--months", "1"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "1 month from" in out
    _, _, applications, _ = retention_apply(organisation=org, dry_run=True).lines
    assert len(applications.ids) == 3  # the one rejected two months ago is now past it too
    code, _, err = run(
        ["retention", "set", "--org", "331", "--type", "interest", "--years", "2"], capsys
    )
    assert code == 0, err
    *_, interest = retention_apply(organisation=org, dry_run=True).lines
    assert interest.ids == []
    with pytest.raises(ThriveError, match="kept in years"):
        retention_rule_add(
            organisation=org,
            record_type="personnel",
            years=80,
            unit="months",
            effective_from=clock.today(),
        )


def test_the_page_adds_a_rule_in_months(candidates: dict[str, Any], client: Any) -> None:
    org = candidates["crew"].org
    client.force_login(candidates["hr"])
    url = f"/o/{org.code}/privacy/retention/"
    page = client.get(url).content.decode()
    assert "6 months" in page and "12 months" in page
    response = client.post(
        url,
        {
            "record_type": "applications",
            "years": "9",
            "unit": "months",
            "effective_from_0": "1",
            "effective_from_1": "4",
            "effective_from_2": "2027",
        },
        follow=True,
    )
    assert "Added: Unsuccessful candidates" in response.content.decode()
    assert "9 months" in response.content.decode()
