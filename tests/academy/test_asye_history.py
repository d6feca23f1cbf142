"""Assessed years recorded in bulk (`asye_history_add`, the demo's and a council's history): the
checks `evidence_add`, `review_record`, `review_sign_off` and `outcome_record` make, all or
nothing, the same audit entries, and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.academy.helpers import Council
from tests.factories import make_staff
from thrive.academy.models import Cohort, Enrolment, Evidence, Outcome
from thrive.academy.services import asye_history_add, cohort_add, enrol
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-02-10")]


def _enrolled(c: Council, person: Any = None) -> Enrolment:
    """*person* (the council's newly qualified worker unless given) enrolled on 5 January 2026."""
    cohort = Cohort.objects.filter(organisation=c.org).first() or cohort_add(
        organisation=c.org, name="2026 academy cohort", starts_on=date(2026, 1, 5), actor=c.lead
    )
    return enrol(person=person or c.nqsw, cohort=cohort, started_on=date(2026, 1, 5), actor=c.lead)


def _year(enrolment: Enrolment) -> dict[str, list]:
    """A complete year for *enrolment*: every piece of evidence, every review signed."""
    evidence = [
        Evidence(enrolment=enrolment, kind=kind, title=f"{kind} {n}", on=date(2026, 3, 2 + n))
        for kind, need in enrolment.programme.evidence.items()
        for n in range(int(need))
    ]
    reviews = list(enrolment.reviews.all())
    for review in reviews:
        review.held_on = review.signed_off_on = review.due_on + timedelta(days=2)
        review.summary = "Progressing well."
        review.critical_reflection = "What I learned." if review.reflection_needed else ""
    enrolment.outcome_on = date(2027, 1, 5)
    return {"evidence": evidence, "reviews": reviews, "passed": [enrolment]}


def test_a_finished_year_is_recorded_and_audited_as_the_services_would() -> None:
    c = Council()
    e = _enrolled(c)
    year = _year(e)
    asye_history_add(organisation=c.org, actor=c.lead, **year)
    e.refresh_from_db()
    assert (e.outcome, e.outcome_on) == (Outcome.PASSED, date(2027, 1, 5))
    assert e.evidence.count() == len(year["evidence"])
    assert all(r.signed_off_by == c.lead and r.signed_off_on for r in e.reviews.all())
    actions = list(AuditEvent.objects.filter(action__startswith="academy.").values_list("action"))
    assert actions.count(("academy.evidence_added",)) == len(year["evidence"])
    assert actions.count(("academy.review_signed_off",)) == len(year["reviews"])
    assert actions.count(("academy.outcome_recorded",)) == 1


def test_an_incomplete_year_does_not_pass_and_nothing_is_written() -> None:
    c = Council()
    e = _enrolled(c)
    year = _year(e)
    year["evidence"] = year["evidence"][1:]
    with pytest.raises(ThriveError, match="portfolio is complete"):
        asye_history_add(organisation=c.org, actor=c.lead, **year)
    assert not Evidence.objects.exists()
    assert Enrolment.objects.get().outcome == Outcome.IN_PROGRESS


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda y: setattr(y["evidence"][0], "kind", "selfie"), "does not ask for that kind"),
        (lambda y: setattr(y["evidence"][0], "on", date(2027, 3, 1)), "cannot be in the future"),
        (lambda y: setattr(y["reviews"][0], "summary", ""), "assessor's summary first"),
        (lambda y: setattr(y["reviews"][0], "held_on", date(2027, 3, 1)), "held in the future"),
        (
            lambda y: setattr(y["reviews"][0], "signed_off_on", date(2026, 1, 1)),
            "between the day it was held and today",
        ),
    ],
)
def test_each_row_is_checked_as_its_own_service_checks_it(spoil: object, message: str) -> None:
    c = Council()
    year = _year(_enrolled(c))
    spoil(year)  # type: ignore[operator]
    with pytest.raises(ThriveError, match=message):
        asye_history_add(organisation=c.org, actor=c.lead, **year)
    assert not Evidence.objects.exists()


def test_another_councils_year_is_refused() -> None:
    c, other = Council(), Council("332")
    year = _year(_enrolled(other))
    with pytest.raises(ThriveError, match="another council"):
        asye_history_add(organisation=c.org, actor=c.lead, **year)


def test_the_query_count_does_not_grow_with_the_years() -> None:
    c = Council()
    first = _year(_enrolled(c))
    with CaptureQueriesContext(connection) as one:
        asye_history_add(organisation=c.org, actor=c.lead, **first)
    both: dict[str, list] = {"evidence": [], "reviews": [], "passed": []}
    for staff_id in ("NQ2", "NQ3"):
        person = make_staff(c.org, staff_id=staff_id, team=c.team, start_date=date(2026, 1, 5))
        for key, rows in _year(_enrolled(c, person)).items():
            both[key] += rows
    with CaptureQueriesContext(connection) as two:
        asye_history_add(organisation=c.org, actor=c.lead, **both)
    assert len(two) == len(one)
