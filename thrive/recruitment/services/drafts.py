"""Draft applications: a candidate saves the public form part-way and finishes it from the link
emailed to them (no account). Only the application's own questions are kept, never the equality
monitoring answers; the draft goes when the application is sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import ApplicationDraft, Vacancy, VacancyStatus

SALT = "thrive.recruitment.draft"
DRAFT_DAYS = 30
# The application's questions a draft keeps (never the privacy consent or equality answers).
KEPT = (
    "candidate_name",
    "candidate_email",
    "channel",
    "referrer_named",
    "start_origin",
    "qualification_level",
    "qualification_institution",
    "swe_number",
    "overseas_check_needed",
    "supporting_statement",
)


def draft_token(draft: ApplicationDraft) -> str:
    return signing.dumps({"d": draft.pk, "e": draft.email}, salt=SALT)


def draft_from(token: str, vacancy: Vacancy) -> ApplicationDraft | None:
    """The draft a link names, for *vacancy* (None when forged, over 30 days old, or sent)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=DRAFT_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        return None
    return ApplicationDraft.objects.filter(
        pk=data["d"], email=data.get("e", ""), vacancy=vacancy
    ).first()


@transaction.atomic
def draft_save(*, vacancy: Vacancy, email: str, answers: dict[str, Any]) -> ApplicationDraft:
    """Keep what the candidate has typed so far and email them the link to carry on."""
    if vacancy.status != VacancyStatus.OPEN:
        raise ThriveError("This vacancy is no longer open to applications.")
    email = email.strip().lower()
    kept = {k: answers[k] for k in KEPT if k in answers}
    kept["candidate_email"] = email
    draft = ApplicationDraft.objects.filter(vacancy=vacancy, email=email).first()
    if draft is None:
        draft = ApplicationDraft(organisation=vacancy.organisation, vacancy=vacancy, email=email)
    else:
        draft.version += 1
    draft.data = kept
    full_clean_or_raise(draft)
    draft.save()
    audit_log(
        action="recruitment.draft_saved",
        organisation=vacancy.organisation,
        obj=draft,
        summary=f"Draft application for {vacancy.title}",
    )
    path = reverse("recruitment:job_apply", args=[vacancy.organisation.code, vacancy.pk])
    email_on_commit(
        to=[email],
        subject=f"Your draft application: {vacancy.title}",
        body=(
            f"You saved an application for {vacancy.title} at {vacancy.organisation.name} to "
            f"finish later. Carry on with this link (it works for {DRAFT_DAYS} days, and until "
            f"the job closes on {vacancy.closing_date:%-d %B %Y}):\n"
            f"{settings.THRIVE_BASE_URL}{path}?draft={draft_token(draft)}\n\n"
            "The equality monitoring questions are not saved in a draft: answer them when you "
            "send your application."
        ),
        organisation=vacancy.organisation,
    )
    return draft


def drafts_clear(*, vacancy: Vacancy, email: str) -> None:
    """The application is sent: its draft goes."""
    ApplicationDraft.objects.filter(vacancy=vacancy, email=email.strip().lower()).delete()
