"""The safer recruitment standards as rules, worked by hand: references covering five years
(4 years 11 months fail), from the current or most recent employer and, for a social work
post, a practice setting; gaps of more than three months (3 months and 1 day) needing an
explanation; a DBS check enhanced with the barred list or on the update service; a
registration active without conditions. Then the rules holding the start date on the offer's
page, in words, and an existing free-text check standing as it was."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from tests.recruitment.test_checks import record_all_but
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.recruitment.models import (
    CheckKind,
    EmploymentEntry,
    GapExplanation,
    Reference,
    SaferCheck,
    Stage,
)
from thrive.recruitment.services import application_confirm_start, check_record, required_checks
from thrive.recruitment.services.safer_records import (
    address_abroad_record,
    employment_record,
    gap_explain,
    reference_record,
)
from thrive.recruitment.services.safer_rules import (
    dbs_failures,
    employment_gaps,
    history_failures,
    reference_failures,
    rule_failures,
    swe_failures,
)


def _date(name: str, d: date) -> dict[str, str]:
    return {f"{name}_0": str(d.day), f"{name}_1": str(d.month), f"{name}_2": str(d.year)}


def ref(start: date, end: date, *, current: bool = False, practice: bool = False) -> Reference:
    return Reference(
        covers_from=start, covers_to=end, current_employer=current, practice_setting=practice
    )


def job(start: date, end: date | None) -> EmploymentEntry:
    return EmploymentEntry(started_on=start, ended_on=end)


def test_references_must_reach_back_five_years_from_the_last_day_they_cover() -> None:
    # The current employer's covers 1 April 2023 to 31 March 2026; a practice placement's
    # 1 May 2021 to 31 March 2023: 1 May 2021 to 31 March 2026 is 4 years and 11 months.
    short = [
        ref(date(2023, 4, 1), date(2026, 3, 31), current=True),
        ref(date(2021, 5, 1), date(2023, 3, 31), practice=True),
    ]
    assert reference_failures(short, social_work=True) == [
        "The references cover 4 years and 11 months (1 May 2021 to 31 March 2026) without a "
        "break of more than 3 months; they must cover the last 5 years, back to 1 April 2021."
    ]
    # From 1 April 2021: five years exactly, which passes.
    five = [short[0], ref(date(2021, 4, 1), date(2023, 3, 31), practice=True)]
    assert reference_failures(five, social_work=True) == []


def test_a_break_of_more_than_three_months_between_references_is_named() -> None:
    # 1 April 2023 back to 1 January 2023 leaves 1 January to 31 March free: three months, which
    # is allowed; starting the later one on 2 April leaves 3 months and 1 day, which is not.
    earlier = ref(date(2018, 1, 1), date(2022, 12, 31), practice=True)
    assert (
        reference_failures(
            [earlier, ref(date(2023, 4, 1), date(2026, 3, 31), current=True)], social_work=True
        )
        == []
    )
    failures = reference_failures(
        [earlier, ref(date(2023, 4, 2), date(2026, 3, 31), current=True)], social_work=True
    )
    assert failures == [
        "The references cover 2 years, 11 months and 30 days (2 April 2023 to 31 March 2026) "
        "without a break of more than 3 months; they must cover the last 5 years, back to "
        "1 April 2021.",
        "No reference covers 1 January 2023 to 1 April 2023 (3 months and 1 day).",
    ]


def test_references_need_two_the_current_employer_and_for_social_work_a_practice_setting() -> None:
    one = [ref(date(2015, 1, 1), date(2026, 3, 31))]
    assert reference_failures(one, social_work=True) == [
        "Two references are needed; 1 recorded.",
        "None of the references is from the current or most recent employer.",
        "For a social work post one reference must be from a social work practice setting; "
        "none is.",
    ]
    two = [*one, ref(date(2020, 1, 1), date(2026, 3, 31), current=True)]
    assert reference_failures(two, social_work=False) == []  # no practice setting needed
    assert len(reference_failures(two, social_work=True)) == 1
    assert reference_failures([], social_work=False) == ["Two references are needed; 0 recorded."]


def test_a_gap_of_three_months_and_a_day_needs_an_explanation() -> None:
    on = date(2026, 3, 31)
    # Left on 31 December 2019; the next job from 1 April 2020: out 1 January to 31 March,
    # three months exactly, allowed. From 2 April 2020: 3 months and 1 day.
    assert (
        employment_gaps(
            [job(date(2015, 9, 1), date(2019, 12, 31)), job(date(2020, 4, 1), None)], on=on
        )
        == []
    )
    entries = [job(date(2015, 9, 1), date(2019, 12, 31)), job(date(2020, 4, 2), None)]
    (gap,) = employment_gaps(entries, on=on)
    assert (gap.start, gap.end) == (date(2020, 1, 1), date(2020, 4, 1))
    assert history_failures(entries, [], on=on) == [
        "A gap of 3 months and 1 day, 1 January 2020 to 1 April 2020, is not explained."
    ]
    # An explanation spanning the whole gap explains it; one a day short does not.
    short = GapExplanation(gap_from=date(2020, 1, 2), gap_to=date(2020, 4, 1))
    assert len(history_failures(entries, [short], on=on)) == 1
    whole = GapExplanation(gap_from=date(2019, 12, 20), gap_to=date(2020, 4, 1))
    assert history_failures(entries, [whole], on=on) == []


def test_gaps_overlapping_jobs_and_the_time_since_the_last_one() -> None:
    on = date(2026, 3, 31)
    # A part-time job inside a longer one leaves no gap; leaving on 30 November 2025 leaves
    # 1 December to 31 March: 4 months since, which needs explaining.
    entries = [
        job(date(2010, 1, 1), date(2025, 11, 30)),
        job(date(2012, 1, 1), date(2013, 6, 30)),
    ]
    assert [(g.start, g.end) for g in employment_gaps(entries, on=on)] == [
        (date(2025, 12, 1), date(2026, 3, 31))
    ]
    assert history_failures([], [], on=on) == ["No employment history is recorded."]


def test_a_dbs_check_and_a_registration_pass_only_to_the_standard() -> None:
    def dbs(**kw: Any) -> SaferCheck:
        return SaferCheck(kind=CheckKind.DBS, **kw)

    assert dbs_failures(dbs(dbs_level="enhanced", dbs_barred_list=True)) == []
    assert dbs_failures(dbs(dbs_level="standard", dbs_barred_list=False)) == [
        "The DBS check must be enhanced; this one is standard.",
        "The children's barred list was not checked.",
    ]
    on_update = dbs(dbs_update_number="001234567890", dbs_update_checked_on=date(2026, 3, 1))
    assert dbs_failures(on_update) == []
    assert dbs_failures(dbs(free_text_only=True)) == []  # recorded before: stands as it was

    def swe(**kw: Any) -> SaferCheck:
        return SaferCheck(kind=CheckKind.SWE, swe_number="SW1", **kw)

    assert swe_failures(swe(swe_status="registered")) == []
    assert swe_failures(swe(swe_status="suspended")) == [
        "The registration is not active: suspended."
    ]
    assert swe_failures(swe(swe_status="registered", swe_conditions="Supervised practice")) == [
        "The registration has conditions of practice: Supervised practice."
    ]


@pytest.fixture
def accepted(known: Any) -> Any:
    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    vacancy = open_vacancy(known, hr, leader, post_id="P4")
    application = apply(vacancy, hr, 1)
    stages = (Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED)
    return move(application, hr, *stages), hr


@pytest.mark.django_db
def test_the_start_waits_for_every_rule_and_the_page_says_what_is_missing(
    client: Client, known: Any, accepted: Any
) -> None:
    application, hr = accepted
    today = clock.today()
    record_all_but(application, hr, CheckKind.DBS, CheckKind.SWE)
    check_record(
        application=application,
        kind=CheckKind.DBS,
        evidence="Certificate 0012",
        actor=hr,
        standard={"dbs_level": "enhanced", "dbs_barred_list": False},
    )
    check_record(
        application=application,
        kind=CheckKind.SWE,
        evidence="Register",
        actor=hr,
        standard={"swe_number": "SW9", "swe_status": "registered", "swe_conditions": "Mentor"},
    )
    # Every check is recorded, but two fall short: the start date stays blocked, saying why.
    with pytest.raises(ThriveError) as refused:
        application_confirm_start(application=application, start_date=today, actor=hr)
    message = str(refused.value)
    assert "fall short of the standard" in message
    assert "DBS: The children's barred list was not checked." in message
    assert "Social Work England: The registration has conditions of practice: Mentor." in message
    client.force_login(hr)
    page = client.get(reverse("recruitment:application", args=[known.code, application.pk])).text
    assert (
        "Conditional offer" in page and "The children&#x27;s barred list was not checked." in page
    )
    # A later job with a gap of four months before it, unexplained: named by the rule.
    employment_record(
        application=application,
        actor=hr,
        employer="Agency",
        started_on=today - timedelta(days=5 * 365),
        ended_on=today - timedelta(days=200),
    )
    assert rule_failures(application, on=today) == [
        ("DBS", "The children's barred list was not checked."),
        ("Social Work England", "The registration has conditions of practice: Mentor."),
    ]  # the job held for six years (still there) covers the time since
    assert AuditEvent.objects.filter(action="recruitment.history_recorded").count() == 2


@pytest.mark.django_db
def test_records_are_version_checked_and_an_address_abroad_needs_the_overseas_check(
    known: Any, accepted: Any
) -> None:
    application, hr = accepted
    today = clock.today()
    assert CheckKind.OVERSEAS not in required_checks(application)
    with pytest.raises(ThriveError, match="nothing was saved"):
        address_abroad_record(
            application=application,
            actor=hr,
            country="Spain",
            lived_from=date(2018, 1, 1),
            version=application.version + 1,
        )
    with pytest.raises(ThriveError, match="outside the UK"):
        address_abroad_record(
            application=application, actor=hr, country="Wales", lived_from=date(2018, 1, 1)
        )
    address_abroad_record(
        application=application,
        actor=hr,
        country="Spain",
        lived_from=date(2018, 1, 1),
        lived_to=date(2019, 6, 30),
        version=application.version,
    )
    application.refresh_from_db()
    assert CheckKind.OVERSEAS in required_checks(application)
    with pytest.raises(ThriveError) as backwards:
        reference_record(
            application=application,
            actor=hr,
            referee="A",
            referee_organisation="B",
            covers_from=today,
            covers_to=today - timedelta(days=1),
        )
    assert backwards.value.field == "covers_to"
    with pytest.raises(ThriveError, match="Say why"):
        gap_explain(
            application=application, actor=hr, gap_from=today, gap_to=today, explanation=" "
        )
    early = apply(application.vacancy, hr, 2)
    with pytest.raises(ThriveError, match="once an offer is made"):
        employment_record(application=early, actor=hr, employer="X", started_on=date(2020, 1, 1))


@pytest.mark.django_db
def test_checks_recorded_as_free_text_before_stand_as_they_were(known: Any, accepted: Any) -> None:
    application, hr = accepted
    record_all_but(application, hr)
    Reference.objects.filter(application=application).delete()
    EmploymentEntry.objects.filter(application=application).delete()
    assert {w for w, _ in rule_failures(application, on=clock.today())} == {
        "References",
        "Employment history",
    }
    # What the migration does to the checks recorded before it.
    SaferCheck.objects.filter(application=application).update(
        free_text_only=True, dbs_level="", dbs_barred_list=False
    )
    assert rule_failures(application, on=clock.today()) == []
    application_confirm_start(application=application, start_date=clock.today(), actor=hr)


@pytest.mark.django_db
def test_the_checks_through_the_api(client: Client, known: Any, accepted: Any) -> None:
    from thrive.accounts.services import api_token_create

    application, hr = accepted
    _, key = api_token_create(user=hr, name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    base = f"/api/organisations/{known.code}/recruitment/applications/{application.pk}/"
    body = client.get(base + "safer-checks/", **auth).json()
    assert body["start_can_be_confirmed"] is False and "dbs" in body["outstanding"]
    assert {"check": "References", "why": "Two references are needed; 0 recorded."} in body[
        "failures"
    ]
    swe = {
        "kind": "swe",
        "evidence": "Register checked",
        "swe_number": "SW77",
        "swe_status": "registered",
        "swe_conditions": "Supervised practice",
        "version": body["version"] - 1,
    }
    stale = client.post(base + "safer-checks/check/", swe, content_type="application/json", **auth)
    assert stale.status_code == 400 and "nothing was saved" in stale.json()["detail"]
    made = client.post(
        base + "safer-checks/check/",
        {**swe, "version": body["version"]},
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201
    (recorded,) = made.json()["checks"]
    assert recorded["swe_conditions"] == "Supervised practice" and recorded["passes"] is False
    assert {
        "check": "Social Work England",
        "why": "The registration has conditions of practice: Supervised practice.",
    } in made.json()["failures"]
    job = {
        "employer": "Kent County Council",
        "started_on": "2015-01-01",
        "ended_on": "2019-12-31",
        "version": made.json()["version"],
    }
    after = client.post(
        base + "safer-checks/employment/", job, content_type="application/json", **auth
    ).json()
    assert after["employment"][0]["employer"] == "Kent County Council"
    assert after["gaps"] == [
        {"from": "2020-01-01", "to": clock.today().isoformat(), "explained": False}
    ]
    viewer = make_user(known, Role.WORKFORCE_DEVELOPMENT)
    _, other = api_token_create(user=viewer, name="t")
    refused = client.post(
        base + "safer-checks/gap/",
        {"gap_from": "2020-01-01", "gap_to": "2026-01-01", "explanation": "x", "version": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {other}",
    )
    assert refused.status_code == 403
