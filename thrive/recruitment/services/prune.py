"""What the public portal keeps only for a while, removed once it is of no use: a registration
of interest never confirmed once its confirming link has run out (the email promised "nothing is
kept unless you confirm"), and a draft application once its link has run out or its job is no
longer open (the link works for 30 days and until the job closes). Run by the nightly retention
job; safe to run again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.people.models import Organisation
from thrive.recruitment.models import ApplicationDraft, Interest, VacancyStatus
from thrive.recruitment.services.drafts import DRAFT_DAYS
from thrive.recruitment.services.interest import CONFIRM_DAYS


@transaction.atomic
def portal_leftovers_remove() -> dict[str, Any]:
    """Delete unconfirmed registrations of interest whose link ran out (no email about them for
    ``CONFIRM_DAYS`` days) and drafts whose link ran out (not saved for ``DRAFT_DAYS`` days) or
    whose job is no longer open; each council's counts audited. Returns the counts."""
    now, today = clock.now(), clock.today()
    interests = Interest.objects.filter(
        confirmed_at__isnull=True,
        withdrawn_at__isnull=True,
        updated_at__lt=now - timedelta(days=CONFIRM_DAYS),
    )
    drafts = ApplicationDraft.objects.filter(
        Q(updated_at__lt=now - timedelta(days=DRAFT_DAYS))
        | ~Q(vacancy__status=VacancyStatus.OPEN)
        | Q(vacancy__closing_date__lt=today)
    )
    counts: dict[Any, list[int]] = {}
    for org in interests.values_list("organisation", flat=True):
        counts.setdefault(org, [0, 0])[0] += 1
    for org in drafts.values_list("organisation", flat=True):
        counts.setdefault(org, [0, 0])[1] += 1
    interests_gone, _ = interests.delete()
    drafts_gone, _ = drafts.delete()
    councils = Organisation.objects.in_bulk(list(counts))
    for org, (i, d) in sorted(counts.items()):
        audit_log(
            action="recruitment.portal_leftovers_removed",
            organisation=councils[org],
            summary=f"{i} unconfirmed registrations of interest and {d} draft applications "
            "whose links had run out removed",
            detail={"interests": i, "drafts": d},
            moves_data=False,
        )
    return {"interests_removed": interests_gone, "drafts_removed": drafts_gone}
