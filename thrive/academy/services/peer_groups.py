"""The cohort's peer groups: short learning sessions between the induction and recall days, every
so many weeks (the academy rule in force when the cohort began; none when the rule says 0), on the
cohort's academy days item, so places, attendance and CPD work as for any learning."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from thrive.academy import selectors
from thrive.academy.dates import add_months
from thrive.academy.models import Cohort
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.working_days import working_day_on_or_after

LONDON = ZoneInfo("Europe/London")
PEER_GROUP = "Peer group"


@transaction.atomic
def peer_groups_plan(*, cohort: Cohort, actor: Any) -> int:
    """A peer group every *n* weeks (the rule's ``peer_group_every_weeks``) from the cohort's
    start through its first year, each on the next working day, 14:00 to 16:00, never on the day
    of an induction or recall day; everyone enrolled gets a place on those to come. The academy
    days must be planned first; planning twice is refused. Returns the number added."""
    from thrive.academy.services import _book_future_days
    from thrive.learning.models import LearningSession
    from thrive.learning.services import session_add

    organisation = cohort.organisation
    item = cohort.recall_item
    if item is None:
        raise ThriveError("Plan the induction and recall days first.")
    sessions = LearningSession.objects.for_org(organisation).filter(item=item)
    if sessions.filter(venue=PEER_GROUP).exists():
        raise ThriveError("This cohort's peer groups are already planned.")
    weeks = selectors.rule_on(organisation, cohort.starts_on).peer_group_every_weeks
    if not weeks:
        raise ThriveError("The academy's rule for this cohort plans no peer groups.")
    taken = {s.starts_at.astimezone(LONDON).date() for s in sessions}
    year_ends = add_months(cohort.starts_on, 12)
    capacity = max(cohort.enrolments.count() + 5, 20)
    added = 0
    day = cohort.starts_on + timedelta(weeks=weeks)
    while day < year_ends:
        on = working_day_on_or_after(day)
        if on not in taken and on < year_ends:
            session_add(
                item=item,
                starts_at=datetime.combine(on, time(14, 0), tzinfo=LONDON),
                ends_at=datetime.combine(on, time(16, 0), tzinfo=LONDON),
                capacity=capacity,
                venue=PEER_GROUP,
                actor=actor,
            )
            taken.add(on)
            added += 1
        day += timedelta(weeks=weeks)
    _book_future_days(cohort, [e.person for e in cohort.enrolments.select_related("person")])
    audit_log(
        action="academy.peer_groups_planned",
        user=actor,
        organisation=organisation,
        obj=cohort,
        summary=f"Planned {added} peer groups for {cohort}, every {weeks} weeks",
    )
    return added
