"""The assessed year's housekeeping: closing the years of workers who left before they ended (the
outcome the register implies) and ASYE review reminders by email through the outbox."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from thrive.academy.dates import add_months
from thrive.academy.models import Enrolment, Outcome, Review
from thrive.core.audit import audit_log
from thrive.people.models import EmploymentSpell, Organisation


@transaction.atomic
def leavers_record(*, organisation: Organisation, on: date, actor: Any) -> list[Enrolment]:
    """Enrolments still open (in progress or extended) whose worker has left the council before
    their year ended: the outcome the register implies — left, on their last day. Set-based."""
    open_ones = list(
        Enrolment.objects.for_org(organisation)
        .filter(outcome__in=(Outcome.IN_PROGRESS, Outcome.EXTENDED))
        .select_related("person")
    )
    if not open_ones:
        return []
    last_day: dict[int, date | None] = {}
    for person_id, end in (
        EmploymentSpell.objects.for_org(organisation)
        .filter(person_id__in=[e.person_id for e in open_ones])
        .values_list("person_id", "end_date")
    ):
        if person_id in last_day and last_day[person_id] is None:
            continue
        known = last_day.get(person_id, date.min)
        last_day[person_id] = None if end is None else max(end, known or date.min)
    done = []
    for enrolment in open_ones:
        end = last_day.get(enrolment.person_id)
        year_end = enrolment.extended_to or add_months(enrolment.started_on, 12)
        if end is None or end >= on or end >= year_end:
            continue
        enrolment.outcome = Outcome.LEFT
        enrolment.outcome_on = end
        enrolment.outcome_reasons = f"Left the council on {end:%-d %B %Y}."
        enrolment.version += 1
        done.append(enrolment)
    Enrolment.objects.bulk_update(done, ["outcome", "outcome_on", "outcome_reasons", "version"])
    if done:
        audit_log(
            action="academy.leavers_recorded",
            user=actor,
            organisation=organisation,
            summary=f"{len(done)} assessed year(s) closed as left before the year ended",
        )
    return done


REMINDER_DAYS = 14  # a review is first mentioned a fortnight before it is due, then weekly


def review_reminders_send(*, organisation: Organisation, on: date) -> int:
    """Email the worker, their assessor and their line manager about each review due within a
    fortnight or overdue and not signed off, through the outbox — at most once a week a review.
    Returns how many reviews were mentioned."""
    from thrive.core.outbox import email_on_commit

    reviews = list(
        Review.objects.for_org(organisation)
        .filter(
            signed_off_on__isnull=True,
            due_on__lte=on + timedelta(days=REMINDER_DAYS),
            enrolment__outcome__in=(Outcome.IN_PROGRESS, Outcome.EXTENDED),
        )
        .exclude(reminded_on__gt=on - timedelta(days=7))
        .select_related(
            "enrolment__person__user",
            "enrolment__assessor__user",
            "enrolment__line_manager__user",
        )
        .order_by("due_on", "pk")
    )
    with transaction.atomic():
        for review in reviews:
            e = review.enrolment
            late = review.due_on < on
            when = (
                f"was due on {review.due_on:%-d %B %Y}"
                if late
                else (f"is due on {review.due_on:%-d %B %Y}")
            )
            to = [
                p.user.email
                for p in (e.person, e.assessor, e.line_manager)
                if p is not None and p.user_id and p.user is not None
            ]
            email_on_commit(
                to=to,
                organisation=organisation,
                kind="academy.review_reminder",
                subject=f"ASYE {review.month}-month review for {e.person}"
                + (" is overdue" if late else " is coming up"),
                body=(
                    f"{e.person}'s {review.month}-month review of their assessed year {when}."
                    + (" A critical reflection is part of it." if review.reflection_needed else "")
                    + "\n\nThe review is on their academy page in Thrive."
                ),
            )
            review.reminded_on = on
        Review.objects.bulk_update(reviews, ["reminded_on"])
    return len(reviews)
