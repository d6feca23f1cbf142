"""The academy's scheduled job: each day, every council's ASYE review reminders (through the
outbox) after closing the assessed years of workers who have left; and the talent pool's leavers
closed and its shortlist offered to the recruiter of each manager vacancy not yet advertised.
Registered as a job kind in ``thrive.jobs.registry``; safe to run again (a review is reminded at
most once a week, a shortlist offered once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def academy_reminders(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    from thrive.academy.services import leavers_record, review_reminders_send
    from thrive.academy.services.pipeline import pool_leavers_record, shortlists_offer_due
    from thrive.core import clock
    from thrive.people.models import Organisation

    on = clock.today()
    orgs = list(Organisation.objects.order_by("code"))
    reviews = left = offered = 0
    for number, org in enumerate(orgs, start=1):
        left += len(leavers_record(organisation=org, on=on, actor=None))
        reviews += review_reminders_send(organisation=org, on=on)
        pool_leavers_record(organisation=org, on=on, actor=None)
        offered += len(shortlists_offer_due(organisation=org, on=on, actor=None))
        progress(number, len(orgs), f"ASYE reminders for {org.name}")
    return {
        "councils": len(orgs),
        "reviews_reminded": reviews,
        "left": left,
        "shortlists_offered": offered,
    }
