"""The council's page on the jobs portal, kept as dated versions: a recruiter writes a new version
from a date; a version already shown is never rewritten, so the page as a candidate saw it on any
day can be read back."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import CouncilPage

# The parts of the page, in the order the portal shows them.
PAGE_FIELDS = (
    "practice_model",
    "teams",
    "pay",
    "development",
    "flexible_working",
    "caseload_promise",
    "support",
)


@transaction.atomic
def council_page_write(
    *,
    organisation: Organisation,
    actor: Any,
    effective_from: date,
    version: int | None = None,
    **texts: str,
) -> CouncilPage:
    """Write the page from *effective_from*. A date already shown (before today) is refused,
    except for the council's first version; a version starting today or later on the same date is
    replaced (checked against the *version* the recruiter saw)."""
    unknown = set(texts) - set(PAGE_FIELDS)
    if unknown:
        raise ThriveError(f"Unknown parts of the page: {', '.join(sorted(unknown))}.")
    today = clock.today()
    existing = CouncilPage.objects.for_org(organisation)
    if effective_from < today and existing.filter(effective_from__lte=today).exists():
        raise ThriveError(
            "Candidates have already seen the page before today; start the new version today or "
            "later.",
            field="effective_from",
        )
    cleaned = {k: (texts.get(k) or "").strip() for k in PAGE_FIELDS}
    same_day = existing.filter(effective_from=effective_from).first()
    if same_day is not None:
        with versioned_change(
            same_day,
            version=version,
            actor=actor,
            action="recruitment.council_page_changed",
            stale="Someone else changed this version of the page; look at it again first.",
        ) as change:
            page = change.obj
            for k, v in cleaned.items():
                setattr(page, k, v)
            page.added_by = actor
            full_clean_or_raise(page)
            change.summary = f"Portal page from {effective_from:%-d %B %Y} rewritten"
        return page
    page = CouncilPage(
        organisation=organisation, effective_from=effective_from, added_by=actor, **cleaned
    )
    full_clean_or_raise(page)
    page.save()
    audit_log(
        action="recruitment.council_page_written",
        user=actor,
        organisation=organisation,
        obj=page,
        summary=f"Portal page from {effective_from:%-d %B %Y}",
    )
    return page
