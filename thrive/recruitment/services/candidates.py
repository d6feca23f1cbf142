"""The candidate's side: applying on the public form (no account), signing in by a link sent to
their email, and withdrawing. A candidate is not a user: their sign-in is a signed token naming
their email, kept in the session, and opens only their own applications."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.urls import reverse

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import (
    Application,
    Channel,
    ChannelKind,
    Stage,
    Vacancy,
    VacancyStatus,
)
from thrive.recruitment.services.equality import Equality, equality_save

SALT = "thrive.recruitment.candidate"
LINK_HOURS = 24


def candidate_token(email: str) -> str:
    return signing.dumps({"e": email.strip().lower()}, salt=SALT)


def candidate_email_from(token: str) -> str | None:
    """The email a sign-in link's token names, or None when it is forged or over a day old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    email = data.get("e") if isinstance(data, dict) else None
    return email if isinstance(email, str) and email else None


def sign_in_url(email: str) -> str:
    from django.conf import settings

    path = reverse("recruitment:candidate_link")
    return f"{settings.THRIVE_BASE_URL}{path}?token={candidate_token(email)}"


def _email_link(email: str, subject: str, opening: str, organisation: object = None) -> None:
    email_on_commit(
        to=[email],
        subject=subject,
        body=(
            f"{opening}\n\nFollow your applications, or withdraw one, with this link "
            f"(it works for {LINK_HOURS} hours):\n{sign_in_url(email)}\n\n"
            "If you did not ask for this, you can ignore this email."
        ),
        organisation=organisation,
    )


def _open_for_applications(vacancy: Vacancy) -> bool:
    return vacancy.status == VacancyStatus.OPEN and vacancy.closing_date >= clock.today()


@transaction.atomic
def application_submit(
    *,
    vacancy: Vacancy,
    candidate_name: str,
    candidate_email: str,
    channel: Channel,
    privacy_accepted: bool,
    supporting_statement: str,
    referrer_named: str = "",
    overseas_check_needed: bool = False,
    start_origin: int | None = None,
    qualification_level: int | None = None,
    qualification_institution: str = "",
    swe_number: str = "",
    equality: Equality | None = None,
) -> Application:
    """A candidate's own application on the public form. The equality monitoring answers go to
    a table of their own, never joined to the application on a page; a sign-in link is emailed
    once the application is saved."""
    if not _open_for_applications(vacancy):
        raise ThriveError("This vacancy is no longer open to applications.")
    if not privacy_accepted:
        raise ThriveError("Confirm that you have read the privacy notice.")
    if channel.organisation_id != vacancy.organisation_id or not channel.active:
        raise ThriveError("Choose how you heard about the job from the list.")
    if channel.kind == ChannelKind.REFER_A_FRIEND and not referrer_named.strip():
        raise ThriveError("Say who referred you (their name, as they work for the council).")
    email = candidate_email.strip().lower()
    if Application.objects.filter(vacancy=vacancy, candidate_email=email).exists():
        raise ThriveError(
            "You have already applied for this job. Sign in with your email to follow it."
        )
    application = Application(
        organisation=vacancy.organisation,
        vacancy=vacancy,
        candidate_name=candidate_name.strip(),
        candidate_email=email,
        channel=channel,
        referrer_named=referrer_named.strip() if channel.kind == ChannelKind.REFER_A_FRIEND else "",
        applied_on=clock.today(),
        overseas_check_needed=overseas_check_needed,
        supporting_statement=supporting_statement.strip(),
        start_origin=start_origin,
        qualification_level=qualification_level,
        qualification_institution=qualification_institution.strip(),
        swe_number=swe_number.strip().upper(),
        privacy_accepted_at=clock.now(),
        recorded_by=None,
    )
    full_clean_or_raise(application)
    application.save()
    equality_save(application, equality or Equality())
    from thrive.recruitment.services.drafts import drafts_clear

    drafts_clear(vacancy=vacancy, email=email)
    audit_log(
        action="recruitment.application_submitted",
        organisation=application.organisation,
        obj=application,
        summary=f"{application.candidate_name} for {vacancy.title} ({channel.name})",
    )
    _email_link(
        email,
        f"Your application: {vacancy.title}",
        f"Thank you for applying for {vacancy.title} at {vacancy.organisation.name}.",
        vacancy.organisation,
    )
    return application


def candidate_send_link(*, email: str) -> bool:
    """Email a sign-in link to *email* if it has applied for anything (the page says the same
    either way, so it tells nobody whether an address has applied)."""
    email = email.strip().lower()
    if not Application.objects.filter(candidate_email=email).exists():
        return False
    _email_link(email, "Sign in to follow your applications", "You asked to sign in.")
    return True


@transaction.atomic
def application_withdraw_by_candidate(*, application: Application, email: str) -> Application:
    """The candidate withdraws their own application (any stage before the end)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.candidate_email != email.strip().lower():
        raise ThriveError("That is not your application.")
    from thrive.recruitment.services.applications import NEXT_STAGE

    if Stage.WITHDRAWN not in NEXT_STAGE[locked.stage]:
        raise ThriveError("This application can no longer be withdrawn.")
    was = locked.stage
    locked.stage = Stage.WITHDRAWN
    locked.version += 1
    full_clean_or_raise(locked)
    locked.save()
    audit_log(
        action="recruitment.application_withdrawn",
        organisation=locked.organisation,
        obj=locked,
        summary=f"{locked.candidate_name} withdrew (was {Stage(was).label.lower()})",
        detail={"from": was, "to": Stage.WITHDRAWN},
    )
    return locked
