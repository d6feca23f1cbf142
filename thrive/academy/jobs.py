"""The academy's scheduled job: each morning, every council's ASYE review reminders (through the
outbox) after closing the assessed years of workers who have left. Registered as a job kind in
``thrive.jobs.registry``; safe to run again (a review is reminded at most once a week)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def academy_reminders(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    from thrive.academy.services import leavers_record, review_reminders_send
    from thrive.core import clock
    from thrive.people.models import Organisation

    on = clock.today()
    orgs = list(Organisation.objects.order_by("code"))
    reviews = left = 0
    for number, org in enumerate(orgs, start=1):
        left += len(leavers_record(organisation=org, on=on, actor=None))
        reviews += review_reminders_send(organisation=org, on=on)
        progress(number, len(orgs), f"ASYE reminders for {org.name}")
    return {"councils": len(orgs), "reviews_reminded": reviews, "left": left}
