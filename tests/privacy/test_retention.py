"""The retention schedule: dated rules per council, and applying them anonymises what has
passed — and nothing else."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.cli.test_cli import run
from tests.supervision.conftest import Crew, crew, person  # noqa: F401 (fixture)
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.people.models import Absence, RegisterRevision, StaffMember
from thrive.people.services import absence_record, spell_end
from thrive.privacy.models import RetentionRule
from thrive.privacy.retention import retention_apply, retention_rule_add, years_before
from thrive.supervision.models import Session
from thrive.supervision.services import NewAction, record_save, session_book

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(crew: Crew) -> dict[str, Any]:  # noqa: F811
    today = clock.today()
    people = {}
    for staff_id, first, left_years_ago in (("200001", "Lee", 7), ("200002", "Ria", 1)):
        p = person(crew.org, crew.team, staff_id, first, start_date=years_before(today, 12))
        absence_record(
            person=p,
            reason="SIC",
            start_date=years_before(today, 10),
            end_date=years_before(today, 10),
            working_days=Decimal(1),
        )
        spell_end(
            spell=p.spells.get(),
            end_date=years_before(today, left_years_ago),
            leaving_reason=1,
            leaver_destination=None,
            version=None,
        )
        people[first] = p
    boss = access_for(crew.manager_user, crew.org)
    sessions = {}
    for label, supervisee in (("old", crew.senior), ("recent", crew.asye)):
        s = session_book(
            access=boss,
            supervisor=crew.manager,
            supervisee=supervisee,
            starts_at=clock.now() - timedelta(days=1),
        )
        record_save(
            access=boss,
            session=s,
            minutes=60,
            wellbeing=f"{label} wellbeing",
            new_actions=[
                NewAction(text="Read the guidance", owner="supervisee", due_date=clock.today())
            ],
        )
        sessions[label] = s
    # Time passes for the old record.
    Session.objects.filter(pk=sessions["old"].pk).update(
        starts_at=sessions["old"].starts_at.replace(year=sessions["old"].starts_at.year - 8)
    )
    retention_rule_add(
        organisation=crew.org,
        record_type="personnel",
        years=6,
        effective_from=years_before(today, 20),
    )
    retention_rule_add(
        organisation=crew.org,
        record_type="supervision",
        years=7,
        effective_from=years_before(today, 20),
    )
    return {"crew": crew, **people, **sessions}


def test_dry_run_reports_what_has_passed_and_changes_nothing(history: dict[str, Any]) -> None:
    report = retention_apply(organisation=history["crew"].org, dry_run=True)

    personnel, supervision, applications, interest = report.lines
    assert applications.ids == [] and interest.ids == []
    assert personnel.ids == [history["Lee"].pk]
    assert supervision.ids == [history["old"].pk]
    assert "1 past it" in report.summary() and "would be anonymised" in report.summary()
    assert StaffMember.objects.get(pk=history["Lee"].pk).first_name == "Lee"
    assert Session.objects.get(pk=history["old"].pk).wellbeing == "old wellbeing"
    assert not AuditEvent.objects.filter(action="privacy.retention_applied").exists()


def test_apply_anonymises_what_has_passed_and_keeps_the_rest(history: dict[str, Any]) -> None:
    org = history["crew"].org
    report = retention_apply(organisation=org)

    lee = StaffMember.objects.get(pk=history["Lee"].pk)
    assert (lee.first_name, lee.staff_id, lee.swe_number) == (
        "Former",
        f"anon-{lee.pk}",
        "",
    )
    assert lee.spells.count() == 1  # workforce figures for past years still add up
    assert not Absence.objects.filter(person=lee).exists()
    assert not RegisterRevision.objects.filter(kind="person", record_id=lee.pk).exists()
    ria = StaffMember.objects.get(pk=history["Ria"].pk)
    assert ria.first_name == "Ria" and Absence.objects.filter(person=ria).count() == 1

    old = Session.objects.get(pk=history["old"].pk)
    assert old.wellbeing == "" and old.minutes == 60 and not old.actions.exists()
    recent = Session.objects.get(pk=history["recent"].pk)
    assert recent.wellbeing == "recent wellbeing" and recent.actions.count() == 1

    events = AuditEvent.objects.filter(action="privacy.retention_applied")
    assert sorted(e.object_type for e in events) == ["privacy.personnel", "privacy.supervision"]
    assert "anonymised" in report.summary()
    # A second run finds nothing more.
    assert [line.ids for line in retention_apply(organisation=org).lines] == [[], [], [], []]


def test_a_later_rule_takes_over_from_its_date(history: dict[str, Any]) -> None:
    org = history["crew"].org
    retention_rule_add(
        organisation=org, record_type="supervision", years=10, effective_from=clock.today()
    )
    retention_rule_add(
        organisation=org,
        record_type="personnel",
        years=8,
        effective_from=clock.today() + timedelta(days=1),
    )
    personnel, supervision, *_ = retention_apply(organisation=org, dry_run=True).lines
    assert supervision.rule is not None and supervision.rule.years == 10
    assert supervision.ids == []
    assert personnel.rule is not None and personnel.rule.years == 6
    assert personnel.ids == [history["Lee"].pk]


def test_personnel_records_are_kept_at_least_six_years(crew: Crew) -> None:  # noqa: F811
    with pytest.raises(ThriveError):
        retention_rule_add(
            organisation=crew.org, record_type="personnel", years=5, effective_from=clock.today()
        )


def test_without_a_rule_the_default_schedule_applies_and_the_report_says_so(
    history: dict[str, Any],
) -> None:
    RetentionRule.objects.all().delete()
    report = retention_apply(organisation=history["crew"].org, dry_run=True)
    assert "Personnel records (after employment ends): kept 6 years (Thrive's default" in (
        report.summary()
    )
    assert [line.rule.period for line in report.lines if line.rule] == [
        "6 years",
        "6 years",
        "6 months",
        "12 months",
    ]
    # Lee left seven years ago; the old session is eight years old: both past six years.
    assert [len(line.ids) for line in report.lines] == [1, 1, 0, 0]


def test_cli_sets_a_rule_and_applies_the_schedule(history: dict[str, Any], capsys: Any) -> None:
    code, out, err = run(
        ["retention", "set", "--org", "331", "--type", "supervision", "--years", "6"], capsys
    )
    assert code == 0, err
    assert "6 years" in out
    code, out, err = run(["retention", "apply", "--org", "331", "--dry-run"], capsys)
    assert code == 0, err
    assert "dry run" in out and "1 past it" in out
    code, out, err = run(["retention", "apply", "--org", "331"], capsys)
    assert code == 0, err
    assert StaffMember.objects.get(pk=history["Lee"].pk).first_name == "Former"


def test_the_page_shows_the_schedule_and_adds_a_rule(history: dict[str, Any], client: Any) -> None:
    from tests.factories import make_user
    from thrive.core.roles import Role

    org = history["crew"].org
    url = f"/o/{org.code}/privacy/retention/"
    client.force_login(make_user(org, Role.TEAM_MANAGER))
    assert client.get(url).status_code == 403
    hr = make_user(org, Role.HR_RECRUITMENT)
    client.force_login(hr)
    page = client.get(url).content.decode()
    assert "Retention schedule" in page and "Past it today" in page

    too_short = {
        "record_type": "personnel",
        "years": "5",
        "effective_from_0": "1",
        "effective_from_1": "4",
        "effective_from_2": "2027",
        "reason": "Policy v3",
    }
    response = client.post(url, too_short)
    assert response.status_code == 400
    assert "Personnel records are kept at least 6 years" in response.content.decode()
    assert 'value="Policy v3"' in response.content.decode()

    response = client.post(url, {**too_short, "years": "8"}, follow=True)
    assert "Added: Personnel records" in response.content.decode()
    rule = RetentionRule.objects.get(years=8)
    assert str(rule.effective_from) == "2027-04-01" and rule.reason == "Policy v3"
    assert AuditEvent.objects.filter(action="privacy.retention_rule_added", user=hr).exists()

    again = client.post(url, {**too_short, "years": "9"})
    assert again.status_code == 400
    assert "already a rule for this kind of record from 2027-04-01" in again.content.decode()


def test_the_nightly_job_applies_every_councils_schedule(history: dict[str, Any]) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from thrive.jobs.models import Job
    from thrive.jobs.worker import run_worker, schedule_due

    night = datetime(2026, 12, 7, 23, 30, tzinfo=ZoneInfo("Europe/London"))
    queued = [j for j in schedule_due(night) if j.kind == "retention"]
    assert len(queued) == 1
    run_worker(exit_when_idle=True, schedule=False)
    job = Job.objects.get(kind="retention")
    assert job.status == "succeeded", job.error
    assert job.result["anonymised"] == 2
    assert any("1 past it" in line for line in job.result["reports"]["331"])
    assert StaffMember.objects.get(pk=history["Lee"].pk).first_name == "Former"
