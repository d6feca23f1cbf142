"""The demo's day-to-day life is possible: courses can be booked, nothing happens on a Sunday or a
bank holiday, no child has a plan or record before they were born, no vacant post names a holder,
and managers are supervised too. Checked as invariants over one seeded council (slow: it seeds)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from thrive.core import clock
from thrive.core.models import current_q
from thrive.demo.days import bank_holidays, is_working_day
from thrive.people.models import EmploymentSpell, Organisation, Post, StaffMember

pytestmark = pytest.mark.demo  # seeds a demo region: minutes, not seconds


def test_working_days_skip_weekends_and_english_bank_holidays() -> None:
    from thrive.demo.days import working_day_on_or_after, working_day_on_or_before

    assert date(2026, 4, 3) in bank_holidays(2026)  # Good Friday
    assert date(2026, 12, 28) in bank_holidays(2026)  # Boxing Day, substitute day
    assert date(2022, 9, 19) in bank_holidays(2022)  # the Queen's state funeral
    assert working_day_on_or_after(date(2026, 4, 3)) == date(2026, 4, 7)  # over Easter
    assert working_day_on_or_before(date(2026, 4, 6)) == date(2026, 4, 2)
    assert not is_working_day(date(2026, 6, 14))  # a Sunday
    assert is_working_day(date(2026, 6, 17))


def test_the_demo_council_lives_a_possible_day_to_day_life(seeded_demo: Any) -> None:
    result = seeded_demo(seed=11)
    org = result.organisations[0]
    _a_course_is_bookable(org)
    _sessions_fall_on_working_days(org)
    _nothing_before_a_child_was_born(org)
    _no_vacant_post_names_a_holder(org)
    _managers_are_supervised(org)
    _the_register_runs_to_today(org)


def _a_course_is_bookable(org: Organisation) -> None:
    from thrive.learning.models import Booking, LearningSession
    from thrive.learning.services import book, places_taken

    upcoming = list(
        LearningSession.objects.for_org(org)
        .filter(starts_at__gt=clock.now(), cancelled=False)
        .order_by("starts_at")
    )
    free = [s for s in upcoming if places_taken(s) < s.capacity]
    assert upcoming and len(free) >= len(upcoming) // 4, (len(free), len(upcoming))
    # Some sessions are still full, with people waiting.
    assert Booking.objects.filter(session__in=upcoming, status="waiting").exists()
    practitioner = StaffMember.objects.get(
        organisation=org, user__email="practitioner@coventry.thrive.test"
    )
    session = next(s for s in free if not s.bookings.filter(person=practitioner).exists())
    booking = book(session=session, user=practitioner.user, person=practitioner)
    assert booking.status == "booked"


def _sessions_fall_on_working_days(org: Organisation) -> None:
    from thrive.learning.models import LearningSession, PartnerOffer
    from thrive.supervision.models import Session

    days = [
        (kind, timezone.localtime(at).date())
        for kind, rows in (
            ("supervision", Session.objects.for_org(org).values_list("starts_at", flat=True)),
            ("learning", LearningSession.objects.for_org(org).values_list("starts_at", flat=True)),
        )
        for at in rows
    ]
    days += [("partner", d) for d in PartnerOffer.objects.for_org(org).values_list("on", flat=True)]
    assert len(days) > 1000
    sundays = [(k, d) for k, d in days if d.weekday() == 6]
    holidays = [(k, d) for k, d in days if d in bank_holidays(d.year)]
    saturdays = [(k, d) for k, d in days if d.weekday() == 5]
    assert not sundays and not holidays and not saturdays, (sundays, holidays, saturdays)


def _nothing_before_a_child_was_born(org: Organisation) -> None:
    from thrive.caseloads.models import Allocation, FamilyAssignment, FamilyMember
    from thrive.workbook.models import MonthlySummary, WorkbookEntry

    children = list(
        FamilyMember.objects.for_org(org).filter(is_child=True, date_of_birth__isnull=False)
    )
    assert len(children) >= 20
    born = {c.member_id: c.date_of_birth for c in children if c.date_of_birth is not None}
    for child_id, start in (
        Allocation.objects.for_org(org)
        .filter(child_id__in=list(born))
        .values_list("child_id", "start_date")
    ):
        assert start >= born[child_id], (child_id, start, born[child_id])
    youngest: dict[int, date] = {}
    for c in children:
        assert c.date_of_birth is not None
        youngest[c.family_id] = max(c.date_of_birth, youngest.get(c.family_id, c.date_of_birth))
    for model, field in (
        (MonthlySummary, "month"),
        (WorkbookEntry, "occurred_on"),
        (FamilyAssignment, "start_date"),
    ):
        rows = model.objects.for_org(org).filter(family_id__in=list(youngest))  # type: ignore[attr-defined]
        for family_id, day in rows.values_list("family_id", field):
            assert day >= youngest[family_id], (model.__name__, family_id, day)


def _no_vacant_post_names_a_holder(org: Organisation) -> None:
    today = clock.today()
    in_post = EmploymentSpell.objects.filter(current_q(EmploymentSpell, today)).filter(
        person=OuterRef("holder_id")
    )
    named = (
        Post.objects.for_org(org)
        .filter(Q(funded_from__lte=today) & (Q(funded_to__isnull=True) | Q(funded_to__gte=today)))
        .filter(holder__isnull=False)
    )
    assert named.exists()
    stale = named.filter(~Exists(in_post))
    assert not stale.exists(), list(stale.values_list("post_id", "holder__staff_id"))


def _managers_are_supervised(org: Organisation) -> None:
    from thrive.supervision.selectors import schedules, supervised_spells

    today = clock.today()
    managers = supervised_spells(org, today, org_role__in=[2, 3])
    assert len(managers) >= 5
    for schedule in schedules(org, managers, today):
        if schedule.spell.start_date > today - timedelta(days=45):
            continue  # just started: their first session is not due yet
        assert schedule.last_session is not None, schedule.person
        assert schedule.spell.line_manager_id is not None, schedule.person
        assert (schedule.overdue_days or 0) < 90, (schedule.person, schedule.overdue_days)


def _the_register_runs_to_today(org: Organisation) -> None:
    """The census year still running has its starters, leavers and sickness so far, in
    proportion to the part of the year gone, and the workforce page says "year to date"."""
    from django.test import Client
    from django.urls import reverse

    from thrive.accounts.models import User
    from thrive.intelligence.services import measures_for

    today = clock.today()
    year = today.year + 1 if today.month >= 10 else today.year
    share = ((today - date(year - 1, 10, 1)).days + 1) / 365
    last = measures_for(org, year - 1)
    now = measures_for(org, year)
    for name in ("starters_headcount", "leavers_headcount", "working_days_lost_fte"):
        expected = float(last[name] or 0) * share
        assert 0.3 * expected <= float(now[name] or 0) <= 2.0 * expected + 3, (name, now[name])
    assert abs(float(now["inpost_fte"] or 0) / float(last["inpost_fte"] or 1) - 1) < 0.15
    # People started and left after the last census date, up to today and not after.
    spells = EmploymentSpell.objects.for_org(org).exclude(person__staff_id__startswith="NQ")
    assert spells.filter(start_date__gt=date(year - 1, 9, 30)).count() >= 5
    assert spells.filter(end_date__gt=date(year - 1, 9, 30)).count() >= 5
    assert not spells.filter(Q(start_date__gt=today) | Q(end_date__gt=today)).exists()
    client = Client()
    client.force_login(User.objects.get(email="senior.leader@coventry.thrive.test"))
    page = client.get(reverse("intelligence:workforce", args=[org.code]), {"year": year})
    assert page.status_code == 200 and b'id="year-to-date"' in page.content
