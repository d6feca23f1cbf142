"""Register interest on a council's portal page: with consent, confirmed from an email link,
withdrawable at any time from the same email; the council's recruiters see the confirmed ones and
may invite a person to apply for an open vacancy. Nobody needs an account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.outbox import email_on_commit
from thrive.people.models import Organisation
from thrive.people.services import full_clean_or_raise
from thrive.recruitment.models import Interest, JobFamily, Vacancy, VacancyStatus

SALT = "thrive.recruitment.interest"
CONFIRM_DAYS = 7


def interest_token(interest: Interest) -> str:
    return signing.dumps({"i": interest.pk, "e": interest.email}, salt=SALT)


def interest_from(token: str, *, max_days: int | None = None) -> Interest | None:
    """The registration a link's token names (None when forged, too old, or gone)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_days * 86400 if max_days else None)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    return Interest.objects.filter(pk=data["i"], email=data.get("e", "")).first()


def _link(name: str, interest: Interest) -> str:
    return f"{settings.THRIVE_BASE_URL}{reverse(name)}?token={interest_token(interest)}"


@transaction.atomic
def interest_register(
    *,
    organisation: Organisation,
    name: str,
    email: str,
    job_family: str,
    area: str = "",
    consent: bool,
) -> Interest:
    """Register interest (unconfirmed until the emailed link is followed). Registering again for
    the same kind of job sends a fresh link and changes nothing else."""
    if not consent:
        raise ThriveError("Say that the council may keep your details and email you about jobs.")
    if job_family not in JobFamily.values:
        raise ThriveError("Choose the kind of job from the list.")
    email = email.strip().lower()
    interest = Interest.objects.filter(
        organisation=organisation, email=email, job_family=job_family, withdrawn_at__isnull=True
    ).first()
    if interest is None:
        interest = Interest(
            organisation=organisation,
            name=name.strip(),
            email=email,
            job_family=job_family,
            area=area.strip(),
            consented_at=clock.now(),
        )
        full_clean_or_raise(interest)
        interest.save()
        audit_log(
            action="recruitment.interest_registered",
            organisation=organisation,
            obj=interest,
            summary=f"Interest in {interest.get_job_family_display().lower()} jobs",
        )
    else:
        # A fresh link goes out: an unconfirmed registration is kept until it runs out.
        interest.save(update_fields=["updated_at"])
    email_on_commit(
        to=[email],
        subject=f"Confirm your interest in jobs at {organisation.name}",
        body=(
            f"You asked {organisation.name} to tell you about "
            f"{interest.get_job_family_display().lower()} jobs.\n\n"
            f"Confirm it with this link (it works for {CONFIRM_DAYS} days):\n"
            f"{_link('recruitment:interest_confirm', interest)}\n\n"
            f"Withdraw it at any time:\n{_link('recruitment:interest_withdraw', interest)}\n\n"
            "If you did not ask for this, ignore this email: nothing is kept unless you confirm."
        ),
        organisation=organisation,
    )
    return interest


@transaction.atomic
def interest_confirm(*, interest: Interest) -> Interest:
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if locked.withdrawn_at is not None:
        raise ThriveError("You withdrew this interest; register again on the council's page.")
    if locked.confirmed_at is None:
        locked.confirmed_at = clock.now()
        locked.version += 1
        locked.save()
        audit_log(
            action="recruitment.interest_confirmed",
            organisation=locked.organisation,
            obj=locked,
            summary=f"Interest in {locked.get_job_family_display().lower()} jobs confirmed",
        )
    return locked


@transaction.atomic
def interest_withdraw(*, interest: Interest) -> Interest:
    """Withdraw: recruiters no longer see it, and the name and email are cleared."""
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if locked.withdrawn_at is None:
        locked.withdrawn_at = clock.now()
        locked.name = "(withdrawn)"
        locked.email = f"withdrawn-{locked.pk}@invalid"
        locked.area = ""
        locked.version += 1
        locked.save()
        audit_log(
            action="recruitment.interest_withdrawn",
            organisation=locked.organisation,
            obj=locked,
            summary="Interest withdrawn; name and email cleared",
        )
    return locked


@transaction.atomic
def interest_invite(*, interest: Interest, vacancy: Vacancy, actor: Any) -> Interest:
    """Email a confirmed, current registration an invitation to apply for an open vacancy."""
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if locked.withdrawn_at is not None or locked.confirmed_at is None:
        raise ThriveError("Only a confirmed interest that has not been withdrawn can be invited.")
    if vacancy.organisation_id != locked.organisation_id:
        raise ThriveError("That vacancy belongs to another council.")
    if vacancy.status != VacancyStatus.OPEN or vacancy.closing_date < clock.today():
        raise ThriveError("Invite people to an open vacancy only.")
    locked.invited_to = vacancy
    locked.invited_at = clock.now()
    locked.version += 1
    locked.save()
    job = reverse("recruitment:job", args=[vacancy.organisation.code, vacancy.pk])
    email_on_commit(
        to=[locked.email],
        subject=f"An invitation to apply: {vacancy.title}",
        body=(
            f"Dear {locked.name},\n\nYou told {vacancy.organisation.name} you were interested in "
            f"{locked.get_job_family_display().lower()} jobs. We would like to invite you to "
            f"apply for {vacancy.title} (closing {vacancy.closing_date:%-d %B %Y}):\n"
            f"{settings.THRIVE_BASE_URL}{job}\n\n"
            f"Withdraw your interest at any time:\n"
            f"{_link('recruitment:interest_withdraw', locked)}"
        ),
        organisation=locked.organisation,
    )
    audit_log(
        action="recruitment.interest_invited",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        summary=f"Invited to apply for {vacancy.title}",
    )
    return locked
