"""Rate limits on the jobs portal's public forms that send email (register interest, apply, "save
and finish later", the candidate sign-in link): the same mechanism as the password reset limit
(:func:`thrive.accounts.services.password_reset_refusal`), counted from the audit trail so every
process and restart agrees. Without it anyone could make Thrive email any address without end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings

from thrive.core import clock
from thrive.core.audit import audit_log

ACTION = "recruitment.portal_email_asked"


def portal_email_refusal(*, email: str, ip_address: str | None) -> str | None:
    """Why a portal form that sends an email must wait, or None: at most
    ``THRIVE_PORTAL_EMAILS_PER_EMAIL`` emails to one address and
    ``THRIVE_PORTAL_EMAILS_PER_ADDRESS`` asked for from one network address an hour, across the
    portal's forms."""
    from thrive.accounts.throttling import normalise_identity
    from thrive.core.models import AuditEvent

    recent = AuditEvent.objects.filter(action=ACTION, at__gte=clock.now() - timedelta(hours=1))
    identity = normalise_identity(email)
    if recent.filter(detail__identity=identity).count() >= settings.THRIVE_PORTAL_EMAILS_PER_EMAIL:
        return (
            "We have sent this email address several messages in the last hour. Check your "
            "email (and its spam folder) for the ones already sent, or try again in an hour."
        )
    if ip_address and recent.filter(ip_address=ip_address).count() >= (
        settings.THRIVE_PORTAL_EMAILS_PER_ADDRESS
    ):
        return (
            "Too many forms have been sent from your network in the last hour. Try again in an "
            "hour; nothing you typed has been sent."
        )
    return None


def portal_email_asked(*, email: str, form: str, request: Any = None) -> None:
    """Note in the audit trail that a portal form (*form*: "interest", "apply", "draft",
    "sign-in") asked Thrive to email *email*."""
    from thrive.accounts.throttling import normalise_identity

    identity = normalise_identity(email)
    audit_log(
        action=ACTION,
        object_type="recruitment.portal",
        summary=f"The jobs portal's {form} form asked to email {identity}"[:255],
        detail={"identity": identity[:254], "form": form},
        request=request,
        moves_data=False,
    )


def portal_email_gate(request: Any, email: str) -> str | None:
    """The refusal for *request* asking to email *email*, or None (then note the email with
    :func:`portal_email_asked` once it is sent)."""
    from thrive.core.audit import client_ip

    return portal_email_refusal(email=email, ip_address=client_ip(request))
